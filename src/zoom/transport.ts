/**
 * One HTTP exchange with Zoom, with a timeout on every attempt and bounded retries:
 * - 429: wait for Retry-After (seconds or a date), else exponential backoff with jitter; any method, since a
 *   rate-limited request was not processed.
 * - 5xx, network errors and timeouts: retried only for idempotent methods (see retry.ts).
 * The final response is returned whatever its status; turning it into a typed error is the caller's job, because
 * the REST API and the OAuth endpoint describe errors differently.
 */
import type { Dispatcher } from 'undici';
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
  /**
   * Sends every attempt through this fetch instead (a test recording requests, a proxy's fetch). Without it, undici's
   * request(): the engine under Node's fetch, minus the Request, Response and web-stream objects fetch builds per call,
   * which cost about four times request()'s CPU per call (a digest at 09:00 makes three calls).
   */
  fetch?: typeof fetch;
  /** Where undici's request() sends, when no fetch is given; default undici's global, keep-alive Agent. */
  dispatcher?: Dispatcher;
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

/** The part of a response's headers the transport's callers read; fetch's Headers fits. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface TransportResponse {
  status: number;
  headers: ResponseHeaders;
  bodyText: string;
  /** How long Zoom asked us to wait, when the final response is a 429 we chose not to wait out. */
  retryAfterMs: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 15_000;

let undiciModule: typeof import('undici') | undefined;
/** undici is required at the first Zoom call: a start, and a server that never calls Zoom, need none of it. */
function undici(): typeof import('undici') {
  return (undiciModule ??= require('undici') as typeof import('undici'));
}

export class ZoomTransport {
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly logger: ZoomLogger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onAttempt: (report: ZoomAttemptReport) => void;

  constructor(options: TransportOptions = {}) {
    this.fetchImpl = options.fetch;
    this.dispatcher = options.dispatcher;
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
    // the request's listeners on it, live out the full timeout after every request (at 09:00, thousands at once).
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), this.timeoutMs);
    try {
      const { status, headers, bodyText } = await this.exchange(request, signal);
      return { status, headers, bodyText, retryAfterMs: parseRetryAfter(headers.get('retry-after'), this.now()) };
    } catch (error) {
      if (signal.aborted) throw new ZoomTimeoutError(request.operation, this.timeoutMs);
      throw new ZoomNetworkError(request.operation, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private async exchange(request: TransportRequest, signal: AbortSignal): Promise<Omit<TransportResponse, 'retryAfterMs'>> {
    const init = { method: request.method, headers: request.headers, body: request.body, signal };
    if (this.fetchImpl) {
      const response = await this.fetchImpl(request.url, init);
      return { status: response.status, headers: response.headers, bodyText: await response.text() };
    }
    const response = await undici().request(request.url, {
      ...init,
      method: init.method as Dispatcher.HttpMethod,
      dispatcher: this.dispatcher,
    });
    // Read whole whatever the status: an unread body would keep its pooled connection busy.
    return { status: response.statusCode, headers: headerReader(response.headers), bodyText: await response.body.text() };
  }
}

/** undici's headers are a plain object with lower-cased names; a repeated header arrives as an array. */
function headerReader(headers: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}
