import { backoffDelay, DEFAULT_RETRY_POLICY, isIdempotent, parseRetryAfter } from '../../src/zoom/retry';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date and the ISO date Zoom documents', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('2026-03-01T12:01:00Z', now)).toBe(60_000);
  });

  it('treats a date in the past as "now" and garbage as absent', () => {
    expect(parseRetryAfter('2020-05-31T00:00:00Z', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt and caps it', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});

describe('isIdempotent', () => {
  it('retries reads, updates and deletes but never a create', () => {
    expect(['GET', 'PUT', 'DELETE', 'PATCH', 'get'].map(isIdempotent)).toEqual([true, true, true, true, true]);
    expect(isIdempotent('POST')).toBe(false);
  });
});
