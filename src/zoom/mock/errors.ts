/** Error answered by the mock's REST API as Zoom does: HTTP status plus `{code, message[, errors]}`. */
export class ZoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: ReadonlyArray<{ field: string; message: string }>,
  ) {
    super(message);
    this.name = 'ZoomApiError';
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.errors && this.errors.length > 0) body['errors'] = this.errors;
    return body;
  }

  /** Live Scheduler endpoints wrap errors: `{error: {message, errors}}` without a code (zoom-live.md §B1). */
  toNestedBody(): Record<string, unknown> {
    return { error: { message: this.message, errors: [...(this.errors ?? [])] } };
  }

  /** The XML error document Zoom sometimes answers with instead of JSON. */
  toXml(): string {
    const fields = (this.errors ?? [])
      .map((e) => `<error><field>${escapeXml(e.field)}</field><message>${escapeXml(e.message)}</message></error>`)
      .join('');
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><error><code>${this.code}</code><message>${escapeXml(this.message)}</message>${fields ? `<errors>${fields}</errors>` : ''}</error>`;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Live Zoom's answer to a user without a Scheduler licence. */
export function invalidLicense(): ZoomApiError {
  return new ZoomApiError(401, 401, 'Invalid license type');
}

/** Live Zoom's answer to a user without a Scheduler profile (never opened Scheduler, or API-created). */
export function schedulerUserNotFound(): ZoomApiError {
  return new ZoomApiError(403, 403, 'User Not Found');
}

/** Zoom uses code 300 for invalid arguments. */
export function invalidArgument(message: string, field?: string): ZoomApiError {
  return new ZoomApiError(400, 300, message, field ? [{ field, message }] : undefined);
}

export function notFound(message: string): ZoomApiError {
  return new ZoomApiError(404, 404, message);
}

export function conflict(message: string): ZoomApiError {
  return new ZoomApiError(409, 409, message);
}

/** Error answered by the mock's OAuth endpoints: `{reason, error}` (Zoom's token endpoint shape). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'OAuthError';
  }
}

/** Thrown by the test helpers (`book`, `cancelEvent`, ...) when their input makes no sense. */
export class MockUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MockUsageError';
  }
}

/** Zoom's answer when the token lacks the scopes an operation (or acting for another user) needs. */
export function missingScopes(scopes: readonly string[]): ZoomApiError {
  return new ZoomApiError(400, 4700, `Invalid access token, does not contain scopes:[${scopes.join(', ')}].`);
}
