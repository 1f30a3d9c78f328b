/**
 * OUTSIDE THE SCHEDULER SPEC: the two Zoom Users API operations the app needs. `GET /v2/users/me` (scope
 * `user:read`) learns who just authorized it; `GET /v2/users/{userId}` (scope `user:read:admin`, takes a user id
 * or an e-mail) finds a Slack user's Zoom user in Server-to-Server mode. The Scheduler's own `get_user` returns
 * a Scheduler profile without the Zoom user id, account id or email, and those key the stored connection and
 * Zoom's webhooks.
 *
 * Kept in this one file, beside the spec-derived operation table (operations.ts), so that table stays exactly
 * what Zoom's Scheduler OpenAPI says. The response schema is the subset of Zoom's documented Users API
 * response that the app reads, written as an OpenAPI fragment so it goes through the same lenient parser as
 * every Scheduler answer (unknown fields kept, nulls as missing, numeric ids as strings).
 */
import type { ExtraOperationId, OperationSpec } from './types';
import { lazyLenientSchema } from './lenient';

export const CURRENT_USER_OPERATION = 'users_me' satisfies ExtraOperationId;
export const ZOOM_USER_OPERATION = 'users_get' satisfies ExtraOperationId;

export type { ExtraOperationId };

/** A Zoom user's profile (the token owner's, or any user's of the account): `id` is guaranteed, the rest as Zoom sends it. */
export interface ZoomCurrentUser {
  id: string;
  account_id?: string;
  email?: string;
  display_name?: string;
  first_name?: string;
  last_name?: string;
  timezone?: string;
  /** 1 basic, 2 licensed, 4 unassigned without Meetings basic, 99 none. */
  type?: number;
  status?: string;
}

const CURRENT_USER_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    account_id: { type: 'string' },
    email: { type: 'string' },
    display_name: { type: 'string' },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    timezone: { type: 'string' },
    type: { type: 'integer' },
    status: { type: 'string' },
  },
};

let extraOperations: Map<ExtraOperationId, OperationSpec> | undefined;

// Both operations answer with a user: one parser, built at the first call of either.
const userParser = lazyLenientSchema(CURRENT_USER_SCHEMA);

export function extraOperationSpec(id: string): OperationSpec | undefined {
  extraOperations ??= new Map([
    [
      CURRENT_USER_OPERATION,
      {
        id: CURRENT_USER_OPERATION,
        method: 'GET',
        pathTemplate: '/users/me',
        // No `user_id`: "me" is always the token's own user, also for the shared account.
        queryParameters: new Set<string>(),
        responseParser: userParser,
      },
    ],
    [
      ZOOM_USER_OPERATION,
      {
        id: ZOOM_USER_OPERATION,
        method: 'GET',
        pathTemplate: '/users/{userId}',
        // The user is named in the path; an account token must not also send `user_id`.
        queryParameters: new Set<string>(),
        responseParser: userParser,
      },
    ],
  ]);
  return extraOperations.get(id as ExtraOperationId);
}
