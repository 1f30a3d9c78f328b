/**
 * Runs one Scheduler operation for one ZoomAuth: builds the URL from the operation table, attaches the bearer
 * token, refreshes once on 401 code 124, maps errors to ZoomApiError and parses the body leniently.
 */
import type { ZoomAuth } from './auth/types';
import { parseZoomErrorBody } from './error-body';
import { zoomApiError, ZoomResponseError, type ZoomApiError } from './errors';
import { parseLenient } from './lenient';
import { operationSpec } from './operations';
import type { OperationSpec } from './types';
import type { TransportPacer, TransportResponse, ZoomTransport } from './transport';
import type { OperationId } from './types';
import type { ExtraOperationId } from './users-api';

export interface OperationArgs {
  path?: Record<string, string>;
  query?: object;
  body?: unknown;
  /** Fields without which the response is unusable, e.g. `schedule_id` or `items[].schedule_id`. */
  essential?: readonly string[];
}

const INVALID_ACCESS_TOKEN = 124;

export class ZoomOperationCaller {
  constructor(
    private readonly transport: ZoomTransport,
    private readonly apiBaseUrl: string,
    private readonly auth: ZoomAuth,
    private readonly pacer?: TransportPacer,
  ) {}

  get actingUserId(): string | undefined {
    return this.auth.actingUserId;
  }

  async call<T>(id: OperationId | ExtraOperationId, args: OperationArgs = {}): Promise<T> {
    const operation = operationSpec(id);
    const url = this.buildUrl(operation, args);
    const body = args.body === undefined ? undefined : JSON.stringify(args.body);

    let token = await this.auth.getAccessToken();
    let response = await this.send(operation, url, token, body);
    if (this.auth.refreshAfterUnauthorized && isInvalidAccessToken(response)) {
      token = await this.auth.refreshAfterUnauthorized(token);
      response = await this.send(operation, url, token, body);
    }
    if (response.status < 200 || response.status >= 300) throw apiError(operation.id, response, token);
    if (operation.responseParser === undefined) return undefined as T;

    let json: unknown;
    try {
      json = JSON.parse(response.bodyText);
    } catch {
      throw new ZoomResponseError(operation.id, '', 'is not JSON');
    }
    return parseLenient<T>(operation.id, operation.responseParser(), json, args.essential ?? []);
  }

  private send(operation: OperationSpec, url: string, token: string, body: string | undefined): Promise<TransportResponse> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.transport.send({
      operation: operation.id,
      method: operation.method,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(this.pacer ? { pacer: this.pacer } : {}),
    });
  }

  private buildUrl(operation: OperationSpec, args: OperationArgs): string {
    const path = operation.pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = args.path?.[name];
      if (value === undefined || value === '') throw new TypeError(`${operation.id}: path parameter ${name} is required`);
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(args.query ?? {})) {
      if (value !== undefined && value !== null) query.set(name, String(value));
    }
    if (this.auth.actingUserId && operation.queryParameters.has('user_id') && !query.has('user_id')) {
      query.set('user_id', this.auth.actingUserId);
    }
    const search = query.toString();
    return `${this.apiBaseUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
  }
}

/**
 * Only Zoom's "Invalid access token" (401 code 124, or the same words without a code in the nested envelope)
 * is worth a refresh. Other 401s — notably "Invalid license type" — would fail the same way with a fresh token,
 * and refreshing burns a single-use refresh token for nothing.
 */
function isInvalidAccessToken(response: TransportResponse): boolean {
  if (response.status !== 401) return false;
  const body = parseZoomErrorBody(response.bodyText);
  if (body.code === INVALID_ACCESS_TOKEN) return true;
  return body.code === undefined && /invalid access token|access token is expired/i.test(body.message ?? '');
}

function apiError(operation: string, response: TransportResponse, token: string): ZoomApiError {
  const body = parseZoomErrorBody(response.bodyText);
  // Zoom has no reason to echo the token, but an error message must never be the place it leaks from.
  const redact = (text: string | undefined) => (text === undefined || token === '' ? text : text.split(token).join('[redacted]'));
  return zoomApiError({
    status: response.status,
    operation,
    zoomCode: body.code,
    zoomMessage: redact(body.message),
    retryAfterMs: response.retryAfterMs,
    fieldErrors: body.errors.map((e) => ({ field: redact(e.field) ?? '', message: redact(e.message) ?? '' })),
  });
}
