/**
 * One HTTP exchange with Zoom, with a timeout on every attempt and bounded retries:
 * - 429: wait for Retry-After (seconds or a date), else exponential backoff with jitter; any method, since a
 *   rate-limited request was not processed.
 * - 5xx, network errors and timeouts: retried only for idempotent methods (see retry.ts).
 * The final response is returned whatever its status; turning it into a typed error is the caller's job, because
 * the REST API and the OAuth endpoint describe errors differently.
 */
import { ZoomNetworkError, ZoomTimeoutError } from './errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, isIdempotent, parseRetryAfter, type RetryPolicy } from './retry';

type LogFn = (details: Record<string, unknown>, message: string) => void;

/** Structured logger; pino's `logger.child(...)` fits as is. Never receives tokens or secrets. */
export interface ZoomLogger {
  debug: LogFn;
  warn: LogFn;
}

export const silentLogger: ZoomLogger = { debug: () => undefined, warn: () => undefined };

/** One HTTP attempt as it ended, for an operator's metrics; carries no URL, header or body. */
export interface ZoomAttemptReport {
  operation: string;
  status: number | 'network_error' | 'timeout';
  durationMs: number;
  /** Whether the transport tries the call again after this attempt. */
  retrying: boolean;
}

export interface TransportOptions {
  fetch?: typeof fetch;
  /** Per attempt, covering the response body too. Default 15 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: ZoomLogger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Told of every attempt (retries included); must not throw. */
  onAttempt?: (report: ZoomAttemptReport) => void;
}

export interface TransportRequest {
  /** A name for logs and errors, e.g. the operationId `list_schedules` or `oauth.refresh`. */
  operation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Takes a turn before every attempt (retries included) and learns from every answer; see rate-limit.ts. */
  pacer?: TransportPacer;
}

export interface TransportPacer {
  beforeAttempt(): Promise<void>;
  afterAttempt(response: TransportResponse): void;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  bodyText: string;
  /** How long Zoom asked us to wait, when the final response is a 429 we chose not to wait out. */
  retryAfterMs: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export class ZoomTransport {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly logger: ZoomLogger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onAttempt: (report: ZoomAttemptReport) => void;

  constructor(options: TransportOptions = {}) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger ?? silentLogger;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.onAttempt = options.onAttempt ?? (() => undefined);
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    const idempotent = isIdempotent(request.method);
    const logContext = { operation: request.operation, method: request.method, path: pathOf(request.url) };
    let waitedMs = 0;

    for (let attempt = 1; ; attempt += 1) {
      const canRetry = attempt < this.policy.maxAttempts;
      let response: TransportResponse;
      let startedAt = 0;
      const report = (status: ZoomAttemptReport['status'], retrying: boolean) =>
        this.onAttempt({ operation: request.operation, status, durationMs: performance.now() - startedAt, retrying });
      // Outside the try: a pacer refusing to wait (ZoomRateLimitedError) is not a failed attempt to retry.
      await request.pacer?.beforeAttempt();
      try {
        startedAt = performance.now();
        response = await this.attempt(request);
        request.pacer?.afterAttempt(response);
      } catch (failure) {
        const delay = backoffDelay(attempt, this.policy, this.random);
        const willRetry = idempotent && canRetry && waitedMs + delay <= this.policy.maxTotalWaitMs;
        report(failure instanceof ZoomTimeoutError ? 'timeout' : 'network_error', willRetry);
        if (!willRetry) throw failure;
        this.logger.warn({ ...logContext, attempt, delayMs: delay, error: (failure as Error).name }, 'zoom request failed; retrying');
        await this.sleep(delay);
        waitedMs += delay;
        continue;
      }

      const retryable = response.status === 429 || (response.status >= 500 && idempotent);
      if (!retryable) {
        report(response.status, false);
        this.logger.debug({ ...logContext, attempt, status: response.status }, 'zoom response');
        return response;
      }
      const delay =
        response.status === 429 && response.retryAfterMs !== undefined
          ? response.retryAfterMs
          : backoffDelay(attempt, this.policy, this.random);
      if (!canRetry || delay > this.policy.maxDelayMs || waitedMs + delay > this.policy.maxTotalWaitMs) {
        report(response.status, false);
        this.logger.warn({ ...logContext, attempt, status: response.status }, 'zoom request not retried further');
        return response;
      }
      report(response.status, true);
      this.logger.warn({ ...logContext, attempt, status: response.status, delayMs: delay }, 'zoom request retrying');
      await this.sleep(delay);
      waitedMs += delay;
    }
  }

  private async attempt(request: TransportRequest): Promise<TransportResponse> {
    // A timer cleared as soon as the answer is read, not AbortSignal.timeout(): that one's timer, and the signal with
    // fetch's listeners on it, live out the full timeout after every request (at 09:00, thousands at once).
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), this.timeoutMs);
    try {
      const response = await this.fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
      const bodyText = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        bodyText,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), this.now()),
      };
    } catch (error) {
      if (signal.aborted) throw new ZoomTimeoutError(request.operation, this.timeoutMs);
      throw new ZoomNetworkError(request.operation, error);
    } finally {
      clearTimeout(timer);
    }
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}
