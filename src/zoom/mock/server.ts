/**
 * The mock's HTTP front: reads the request, checks it against the spec, applies queued faults, then routes
 * to OAuth or to the operation handler. Every answer is written (and recorded in `requests`) in one place.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bookings } from './booking';
import { invalidLicense, missingScopes, schedulerUserNotFound, ZoomApiError } from './errors';
import { defaultFaultBody, type FaultQueue } from './faults';
import type { ApiContext } from './handlers/context';
import { HANDLERS } from './handlers';
import { json, readBody, writeResult, type HttpResult } from './http';
import type { AccessTokenRecord, OAuthServer } from './oauth';
import type { MockState, UserRecord } from './state';
import type { FaultSpec, MockProfile, Violation } from './types';
import { isUsersApiRequest, usersApi } from './users-api';
import type { OperationInfo, RequestCheck, RequestValidator } from './validate';

export const API_PREFIX = '/v2';
const INVALID_TOKEN: HttpResult = json(401, { code: 124, message: 'Invalid access token.' });

export interface MockServerDeps {
  state: MockState;
  oauth: OAuthServer;
  bookings: Bookings;
  validator: RequestValidator;
  faults: FaultQueue;
  violations: Violation[];
  requests: Array<{ method: string; path: string; status: number; query?: string }>;
  now: () => number;
  defaultUserId: string;
  /** Mutable: tests switch `xmlErrors` while the mock runs. */
  behaviour: MockBehaviour;
  rateLimit?: { perSecond: number };
}

export interface MockBehaviour {
  profile: MockProfile;
  xmlErrors: boolean;
}

function faultResult(fault: FaultSpec): HttpResult {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (status === 429) headers['x-ratelimit-category'] = 'Light';
  return { status, headers, body: fault.body ?? defaultFaultBody(status) };
}

/** OAuth parameters may come in the form body or, as Zoom also accepts, in the query string. */
function oauthParams(query: URLSearchParams, rawBody: string): URLSearchParams {
  const merged = new URLSearchParams(query);
  for (const [key, value] of new URLSearchParams(rawBody)) merged.set(key, value);
  return merged;
}

export class MockHttpServer {
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Light calls of the current one-second window, per Zoom account. */
  private readonly rateWindows = new Map<string, { second: number; used: number }>();

  constructor(private readonly deps: MockServerDeps) {
    const missing = deps.validator.operationIds().filter((id) => !HANDLERS[id]);
    if (missing.length > 0) throw new Error(`zoom mock: no handler for ${missing.join(', ')}`);
    this.server = createServer((req, res) => {
      this.handle(req)
        .then((result) => writeResult(res, result))
        .catch(() => res.destroy());
    });
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${hostPart}:${address.port}`;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<HttpResult> {
    const url = new URL(req.url ?? '/', 'http://zoom-mock.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    let result: HttpResult;
    let rate: { limited?: HttpResult; headers?: Record<string, string> } | undefined;
    try {
      const rawBody = await readBody(req);
      const usersApi = isUsersApiRequest(method, path.slice(API_PREFIX.length));
      const isSchedulerApi = path.startsWith(`${API_PREFIX}/`) && !usersApi;
      // Zoom's limits are per account, and the account is known only once the token is: a request with an
      // invalid or expired token is refused before it is counted (as in API gateways such as Kong, whose
      // per-consumer rate limiting runs after authentication), so the 401s before a refresh cost no budget.
      const counted = (isSchedulerApi || usersApi) && this.authenticate(req.headers.authorization) !== undefined;
      rate = counted ? this.takeRate() : undefined;
      const check = isSchedulerApi && !rate?.limited ? this.checkApiRequest(req, method, path, url.searchParams, rawBody) : undefined;
      const fault = rate?.limited ? undefined : this.deps.faults.take(method, path);
      if (fault?.delayMs) await this.sleep(fault.delayMs);
      if (rate?.limited) result = rate.limited;
      else if (fault?.status !== undefined) result = faultResult(fault);
      else if (usersApi) result = this.usersApi(req.headers.authorization, path.slice(API_PREFIX.length));
      else if (check) result = await this.api(check, req.headers.authorization);
      else result = this.oauthRoute(method, path, url.searchParams, rawBody, req.headers.authorization);
    } catch (error) {
      result =
        error instanceof ZoomApiError
          ? this.errorResult(error)
          : json(500, { code: 500, message: `Zoom mock internal error: ${String(error)}` });
    }
    if (result.status !== 429 && rate?.headers) result = { ...result, headers: { ...rate.headers, ...result.headers } };
    this.deps.requests.push({ method, path, status: result.status, ...(url.search ? { query: url.search.slice(1) } : {}) });
    return result;
  }

  /**
   * One light call against the account's per-second budget (the mock has one account). Over budget: Zoom's 429
   * with `Retry-After` (seconds to the next window) and the `X-RateLimit-*` headers; within: the headers only.
   */
  private takeRate(): { limited?: HttpResult; headers?: Record<string, string> } | undefined {
    const limit = this.deps.rateLimit;
    if (!limit) return undefined;
    const nowMs = Date.now();
    const second = Math.floor(nowMs / 1000);
    const key = this.deps.state.accountId;
    const window = this.rateWindows.get(key);
    const current = window && window.second === second ? window : { second, used: 0 };
    this.rateWindows.set(key, current);
    const headers = { 'x-ratelimit-category': 'Light', 'x-ratelimit-type': 'QPS', 'x-ratelimit-limit': String(limit.perSecond) };
    if (current.used >= limit.perSecond) {
      const retryAfterSeconds = Math.max(0.001, (second + 1) * 1000 - nowMs) / 1000;
      return {
        limited: {
          status: 429,
          headers: { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': retryAfterSeconds.toFixed(3) },
          body: { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
        },
      };
    }
    current.used += 1;
    return { headers: { ...headers, 'x-ratelimit-remaining': String(limit.perSecond - current.used) } };
  }

  /** Errors as the profile answers them: flat `{code, message}` (spec), nested envelope or XML (live). */
  private errorResult(error: ZoomApiError): HttpResult {
    const { profile, xmlErrors } = this.deps.behaviour;
    if (profile !== 'live') return json(error.status, error.toBody());
    if (xmlErrors) return { status: error.status, headers: { 'content-type': 'application/xml;charset=UTF-8' }, body: error.toXml() };
    return json(error.status, error.toNestedBody());
  }

  private checkApiRequest(req: IncomingMessage, method: string, path: string, query: URLSearchParams, rawBody: string): RequestCheck {
    const check = this.deps.validator.check({
      method,
      path: path.slice(API_PREFIX.length),
      query,
      contentType: req.headers['content-type'],
      rawBody,
    });
    for (const message of check.violations) {
      this.deps.violations.push({ method, path, operation: check.operation?.operationId, message });
    }
    return check;
  }

  private oauthRoute(method: string, path: string, query: URLSearchParams, rawBody: string, authorization: string | undefined): HttpResult {
    if (method === 'GET' && path === '/oauth/authorize') return this.deps.oauth.authorize(query);
    if (method === 'POST' && path === '/oauth/token') return this.deps.oauth.token(authorization, oauthParams(query, rawBody));
    if (method === 'POST' && path === '/oauth/revoke') return this.deps.oauth.revoke(authorization, oauthParams(query, rawBody));
    return json(404, { code: 404, message: 'Not Found' });
  }

  private authenticate(authorization: string | undefined): AccessTokenRecord | undefined {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    return bearer ? this.deps.oauth.authenticate(bearer) : undefined;
  }

  /** Zoom's Users API `GET /users/{userId}`: outside the Scheduler spec, so not validated against it. */
  private usersApi(authorization: string | undefined, pathBelowPrefix: string): HttpResult {
    const token = this.authenticate(authorization);
    if (!token) return INVALID_TOKEN;
    return usersApi(this.deps.state, token, this.deps.defaultUserId, pathBelowPrefix);
  }

  private async api(check: RequestCheck, authorization: string | undefined): Promise<HttpResult> {
    const operation = check.operation;
    if (!operation) return json(404, { code: 404, message: 'Not Found' });
    const token = this.authenticate(authorization);
    if (!token) return INVALID_TOKEN;
    if (!token.scopes.some((scope) => operation.scopes.includes(scope))) throw missingScopes(operation.scopes);
    this.checkSchedulerAccess(token, check.query['user_id']);
    if (check.rejections.length > 0) {
      throw new ZoomApiError(400, 300, 'Validation Failed.', check.rejections);
    }
    const handler = HANDLERS[operation.operationId];
    if (!handler) return json(404, { code: 404, message: 'Not Found' });
    return handler(this.context(check, operation, token));
  }

  /** Users Scheduler cannot serve get Zoom's 401/403 on every /scheduler call (zoom-live.md §B5). */
  private checkSchedulerAccess(token: AccessTokenRecord, userRef: unknown): void {
    const { state } = this.deps;
    const ref = typeof userRef === 'string' && userRef !== '' && userRef !== 'me' ? userRef : undefined;
    const user = ref !== undefined ? state.findUser(ref) : state.users.get(token.userId ?? this.deps.defaultUserId);
    if (user?.schedulerAccess === 'unlicensed') throw invalidLicense();
    if (user?.schedulerAccess === 'no-profile') throw schedulerUserNotFound();
  }

  private context(check: RequestCheck, operation: OperationInfo, token: AccessTokenRecord): ApiContext {
    const { state } = this.deps;
    const adminScopes = operation.scopes.filter((s) => s.endsWith(':admin'));
    const isAdmin = token.scopes.some((s) => adminScopes.includes(s));
    const self = token.userId ? state.users.get(token.userId) : undefined;
    const targetUser = (ref?: string): UserRecord => {
      if (ref === undefined || ref === 'me') return self ?? state.userOrThrow(this.deps.defaultUserId);
      const found = state.findUser(ref);
      if (!found) throw new ZoomApiError(404, 1001, `User does not exist: ${ref}.`);
      if (found.id !== self?.id && !isAdmin) throw missingScopes(adminScopes);
      return found;
    };
    const profile = this.deps.behaviour.profile;
    const tokenOwnerId = token.userId ?? this.deps.defaultUserId;
    return {
      profile,
      state,
      bookings: this.deps.bookings,
      now: this.deps.now,
      operation,
      params: check.pathParams,
      query: check.query,
      body: check.body,
      viewerId: token.userId,
      isAdmin,
      targetUser,
      // Live Zoom ignores `user_id` on lookups by id: only the token's own user's items are found (§B3).
      mayReach: (ownerId) => (profile === 'live' ? ownerId === tokenOwnerId : isAdmin || ownerId === token.userId),
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
