/**
 * OUTSIDE THE SCHEDULER SPEC: `GET /v2/users/me` of Zoom's Users API, which the app calls once per OAuth
 * connect to learn the Zoom user id, account id and email (src/zoom/users-api.ts). Served here rather than by
 * the spec-driven handlers, and not checked against the Scheduler OpenAPI document, so it never shows up in
 * `violations`. Answers as Zoom does: the token's own user; an account-level (Server-to-Server) token
 * answers as the account's default user; no live token → 401 code 124; no `user:read` scope → 400 code 4700.
 */
import { missingScopes } from './errors';
import { json, type HttpResult } from './http';
import type { AccessTokenRecord } from './oauth';
import type { MockState, UserRecord } from './state';

export const CURRENT_USER_PATH = '/users/me';
const SCOPES = ['user:read', 'user:read:admin'];

/** Whether a request (path below `/v2`) is one this file serves. */
export function isUsersApiRequest(method: string, pathBelowPrefix: string): boolean {
  return method === 'GET' && pathBelowPrefix === CURRENT_USER_PATH;
}

function currentUserJson(user: UserRecord, accountId: string): Record<string, unknown> {
  const [firstName = '', ...rest] = user.displayName.split(' ');
  return {
    id: user.id,
    account_id: accountId,
    email: user.email,
    display_name: user.displayName,
    first_name: firstName,
    last_name: rest.join(' '),
    timezone: user.timeZone,
    type: 2,
    status: 'active',
  };
}

export function currentUser(state: MockState, token: AccessTokenRecord, defaultUserId: string): HttpResult {
  if (!token.scopes.some((scope) => SCOPES.includes(scope))) throw missingScopes(['user:read']);
  const user = state.userOrThrow(token.userId ?? defaultUserId);
  return json(200, currentUserJson(user, state.accountId));
}
