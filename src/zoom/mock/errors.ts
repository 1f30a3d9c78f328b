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
