/**
 * OUTSIDE THE SCHEDULER SPEC: `GET /v2/users/me` and `GET /v2/users/{userId}` of Zoom's Users API, which the
 * app calls once per OAuth connect to learn the Zoom user id, account id and email, and in Server-to-Server
 * mode to find a Slack user's Zoom user by e-mail (src/zoom/users-api.ts). Served here rather than by the
 * spec-driven handlers, and not checked against the Scheduler OpenAPI document, so it never shows up in
 * `violations`. Answers as Zoom does: `me` is the token's own user, and an account-level (Server-to-Server)
 * token answers `me` as the account's default user; `{userId}` takes a Zoom user id or an e-mail and reaches
 * other users only with `user:read:admin`; unknown user → 404 code 1001; no live token → 401 code 124;
 * no `user:read` scope → 400 code 4700.
 */
import { missingScopes, ZoomApiError } from './errors';
import { json, type HttpResult } from './http';
import type { AccessTokenRecord } from './oauth';
import type { MockState, UserRecord } from './state';

export const CURRENT_USER_PATH = '/users/me';
const USER_PATH = /^\/users\/([^/]+)$/;
const SCOPES = ['user:read', 'user:read:admin'];
const ADMIN_SCOPE = 'user:read:admin';

/** Whether a request (path below `/v2`) is one this file serves. */
export function isUsersApiRequest(method: string, pathBelowPrefix: string): boolean {
  return method === 'GET' && USER_PATH.test(pathBelowPrefix);
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

/** `GET /users/{userId}` (path below `/v2`), including `me`. */
export function usersApi(state: MockState, token: AccessTokenRecord, defaultUserId: string, pathBelowPrefix: string): HttpResult {
  if (!token.scopes.some((scope) => SCOPES.includes(scope))) throw missingScopes(['user:read']);
  const ref = decodeURIComponent(USER_PATH.exec(pathBelowPrefix)?.[1] ?? '');
  if (ref === 'me') return json(200, currentUserJson(state.userOrThrow(token.userId ?? defaultUserId), state.accountId));
  const user = state.findUser(ref);
  const isAdmin = token.scopes.includes(ADMIN_SCOPE);
  // A user token reaches only its own profile; whether others exist is none of its business.
  if (!isAdmin && user?.id !== token.userId) throw missingScopes([ADMIN_SCOPE]);
  if (!user) throw new ZoomApiError(404, 1001, `User does not exist: ${ref}.`);
  return json(200, currentUserJson(user, state.accountId));
}
