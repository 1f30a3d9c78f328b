/**
 * Typed errors raised by the Zoom client. None of them ever carries an access token, refresh token, client
 * secret or webhook signature in its message: callers log `error.message` freely.
 */

export class ZoomError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ZoomFieldError {
  field: string;
  message: string;
}

/** Zoom answered with a non-2xx status. `zoomCode`/`zoomMessage` come from Zoom's `{code, message}` body. */
export class ZoomApiError extends ZoomError {
  readonly status: number;
  readonly zoomCode: number | undefined;
  readonly zoomMessage: string | undefined;
  readonly operation: string;
  readonly retryAfterMs: number | undefined;
  readonly fieldErrors: ZoomFieldError[];

  constructor(args: {
    status: number;
    operation: string;
    zoomCode?: number | undefined;
    zoomMessage?: string | undefined;
    retryAfterMs?: number | undefined;
    fieldErrors?: ZoomFieldError[];
  }) {
    const detail = [args.zoomCode !== undefined ? `code ${args.zoomCode}` : '', args.zoomMessage ?? ''].filter(Boolean).join(': ');
    super(`Zoom ${args.operation} failed with HTTP ${args.status}${detail ? ` (${detail})` : ''}`);
    this.status = args.status;
    this.operation = args.operation;
    this.zoomCode = args.zoomCode;
    this.zoomMessage = args.zoomMessage;
    this.retryAfterMs = args.retryAfterMs;
    this.fieldErrors = args.fieldErrors ?? [];
  }

  /** Zoom's "Invalid access token" (expired, revoked or superseded). */
  get isInvalidAccessToken(): boolean {
    return this.status === 401 && this.zoomCode === 124;
  }
}

/** The request never produced an HTTP response (DNS, connection reset, ...). */
export class ZoomNetworkError extends ZoomError {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`Zoom ${operation} failed: network error (${describeCause(cause)})`, { cause });
  }
}

export class ZoomTimeoutError extends ZoomError {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`Zoom ${operation} timed out after ${timeoutMs} ms`);
  }
}

/** Zoom answered 2xx but the body cannot be used (not JSON, or a field the caller needs is missing or wrong). */
export class ZoomResponseError extends ZoomError {
  constructor(
    readonly operation: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Zoom ${operation} returned an unusable response: ${field || '(body)'} ${problem}`);
  }
}

/** The OAuth token endpoint refused a request for a reason other than an invalid grant. */
export class ZoomOAuthError extends ZoomError {
  constructor(
    readonly status: number,
    readonly oauthError: string | undefined,
    readonly reason: string | undefined,
  ) {
    super(`Zoom OAuth request failed with HTTP ${status}${oauthError ? ` (${oauthError}${reason ? `: ${reason}` : ''})` : ''}`);
  }
}

/**
 * The user (or the shared account) must authorize the app again: the refresh token was rejected with
 * `invalid_grant`, or the connection is already marked as needing a reconnect.
 */
export class ZoomReconnectRequiredError extends ZoomError {
  constructor(
    readonly connectionId: string | undefined,
    readonly reason: string,
  ) {
    super(`Zoom connection ${connectionId ?? '(new)'} must be re-authorized: ${reason}`);
  }
}

/** Another process held the refresh lease for longer than we are willing to wait. */
export class ZoomTokenRefreshContendedError extends ZoomError {
  constructor(readonly connectionId: string) {
    super(`Zoom connection ${connectionId}: gave up waiting for another process to refresh the token`);
  }
}

/** The system error code (ECONNREFUSED, ...) fetch wraps; read by shape because errors may come from another realm. */
function describeCause(cause: unknown): string {
  const codeOf = (value: unknown): unknown =>
    typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;
  const nested = typeof cause === 'object' && cause !== null ? (cause as { cause?: unknown }).cause : undefined;
  const code = codeOf(cause) ?? codeOf(nested);
  return typeof code === 'string' ? code : 'no response';
}
