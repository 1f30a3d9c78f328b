/** When and how long to wait before trying a Zoom request again. */

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  /** First backoff step; doubles on every attempt. */
  baseDelayMs: number;
  /** Cap on one backoff wait (also on a Retry-After we are willing to honour). */
  maxDelayMs: number;
  /** Cap on the sum of all waits for one call; beyond it the last error is raised. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxTotalWaitMs: 30_000,
};

/**
 * Methods safe to repeat after a 5xx or a lost response. Zoom's Scheduler PATCH endpoints set the given fields
 * to the given values (no counters, no appends), so applying one twice leaves the same state as applying it once.
 * POST creates something (a schedule, a single-use link, a token) and is never repeated blindly.
 */
export function isIdempotent(method: string): boolean {
  return ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH'].includes(method.toUpperCase());
}

/**
 * Milliseconds to wait according to a Retry-After header: delta-seconds, an HTTP date, or the ISO date-time
 * Zoom's rate-limit docs show (`2020-05-31T00:00:00Z`). Undefined when absent or unparseable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** "Full jitter" exponential backoff: uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
