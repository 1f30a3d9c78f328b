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

/**
 * Zoom answered with a non-2xx status. `zoomCode`/`zoomMessage`/`fieldErrors` come from Zoom's error body in
 * whichever shape it came (flat, nested or XML; error-body.ts). Use `zoomApiError()` to build one: it picks the
 * licence/profile subclasses.
 */
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

  /**
   * Zoom's own reason in one short sentence, for "Zoom says: …": its message plus the first field errors,
   * e.g. `Failed json validation! (availability_rules: is invalid)`. Falls back to the HTTP status.
   */
  get reason(): string {
    const fields = this.fieldErrors
      .slice(0, 2)
      .map((e) => (e.field ? `${e.field}: ${e.message}` : e.message))
      .filter((text) => text !== '' && text !== this.zoomMessage);
    const base = this.zoomMessage ?? `HTTP ${this.status}`;
    const sentence = fields.length > 0 ? `${stripFinalDot(base)} (${fields.join('; ')})` : base;
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  }

  /** `Zoom says: <reason>` — ready for a user-facing line. */
  get userMessage(): string {
    return `Zoom says: ${this.reason}`;
  }
}

function stripFinalDot(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

/**
 * `401 "Invalid license type"`: the user has no Scheduler licence (zoom-live.md §B5). Not an expired token —
 * refreshing does not help; an admin must assign a licence.
 */
export class ZoomLicenseRequiredError extends ZoomApiError {}

/**
 * `403 "User Not Found"` on a /scheduler call: the user has a Zoom account but no Scheduler profile yet (never
 * opened the Scheduler tab, or an API-created user). Opening Scheduler in Zoom once fixes it.
 */
export class ZoomSchedulerProfileMissingError extends ZoomApiError {}

export type ZoomApiErrorArgs = ConstructorParameters<typeof ZoomApiError>[0];

/** The ZoomApiError for an answer, as the subclass its licence/profile message calls for. */
export function zoomApiError(args: ZoomApiErrorArgs): ZoomApiError {
  const message = args.zoomMessage ?? '';
  if (args.status === 401 && /invalid license type/i.test(message)) return new ZoomLicenseRequiredError(args);
  if (args.status === 403 && /^user not found\.?$/i.test(message.trim())) return new ZoomSchedulerProfileMissingError(args);
  return new ZoomApiError(args);
}

/** Whether an error means "this user cannot use Scheduler yet" (licence or profile), as opposed to a broken connection. */
export function isSchedulerAccessError(error: unknown): error is ZoomLicenseRequiredError | ZoomSchedulerProfileMissingError {
  return error instanceof ZoomLicenseRequiredError || error instanceof ZoomSchedulerProfileMissingError;
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
