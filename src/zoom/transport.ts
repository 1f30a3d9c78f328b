/**
 * One HTTP exchange with Zoom, with a timeout on every attempt and bounded retries:
 * - 429: wait for Retry-After (seconds or a date), else exponential backoff with jitter; any method, since a
 *   rate-limited request was not processed.
 * - 5xx, network errors and timeouts: retried only for idempotent methods (see retry.ts).
 * The final response is returned whatever its status; turning it into a typed error is the caller's job, because
 * the REST API and the OAuth endpoint describe errors differently.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
   * Sends every attempt through this fetch instead (a test recording requests, a proxy's fetch). Without it, node:http
   * on a keep-alive agent: fetch builds Request, Response and web-stream objects per call, about three times the CPU
   * per call (a digest at 09:00 makes three calls), and undici's own request() costs a little more than node:http
   * plus ~10 MB of resident modules that node:http (already loaded by the HTTP server) does not.
   */
  fetch?: typeof fetch;
  /** The agent node:http(s) sends through, when no fetch is given (a proxy's); default a keep-alive agent per protocol. */
  agent?: HttpAgent;
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

/**
 * An idle connection is closed after this long (undici's default too), unless the server's Keep-Alive header asks for
 * less: reusing one the server has just dropped would fail a call that cannot be retried, such as a POST.
 */
const IDLE_CONNECTION_MS = 4_000;

let keepAliveAgents: { http: HttpAgent; https: HttpsAgent } | undefined;
/** Shared by every client without an agent of its own, so all of a process's Zoom calls share one pool. */
function keepAliveAgent(secure: boolean): HttpAgent {
  keepAliveAgents ??= {
    http: new HttpAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
  };
  return secure ? keepAliveAgents.https : keepAliveAgents.http;
}

export class ZoomTransport {
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly agent: HttpAgent | undefined;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly logger: ZoomLogger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onAttempt: (report: ZoomAttemptReport) => void;

  constructor(options: TransportOptions = {}) {
    this.fetchImpl = options.fetch;
    this.agent = options.agent;
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
    if (!this.fetchImpl) return httpExchange(request, signal, this.agent);
    const response = await this.fetchImpl(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
    return { status: response.status, headers: response.headers, bodyText: await response.text() };
  }
}

/** One request with node:http(s), its body read whole whatever the status (an unread one would keep its socket busy). */
function httpExchange(
  request: TransportRequest,
  signal: AbortSignal,
  agent: HttpAgent | undefined,
): Promise<Omit<TransportResponse, 'retryAfterMs'>> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const headers =
      request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
    const options = { method: request.method, headers, signal, agent: agent ?? keepAliveAgent(secure) };
    const sent = (secure ? httpsRequest : httpRequest)(url, options, (response) => {
      let bodyText = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (bodyText += chunk));
      response.on('error', reject);
      // A connection lost mid-body ends the response without 'end' (and, on some Node versions, without 'error').
      response.on('close', () => {
        if (!response.complete) reject(new Error('the connection closed before the response ended'));
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: headerReader(response.headers), bodyText }));
    });
    sent.on('error', reject);
    sent.end(request.body);
  });
}

/** node:http's headers are a plain object with lower-cased names; a repeated header arrives as an array. */
function headerReader(headers: IncomingHttpHeaders): ResponseHeaders {
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
