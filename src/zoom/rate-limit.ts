/**
 * Pacing of calls per Zoom account. Zoom's limits are per account and shared by every app and user of it
 * (Free 4/s, Pro 30/s, Business+ 80/s light calls; zoom-live.md §C), so calls the app makes on its own behalf
 * (a digest for a whole company, background refreshes) must take turns per account, or they eat the budget of
 * the people typing commands. One limiter per process is shared by all clients (`sharedAccountRateLimiter`).
 *
 * A token bucket per account key, refilled at `perSecond`, and a log of the last second's calls, so that no second
 * (wherever Zoom's windows fall) holds more than the rate. It learns from Zoom's answers:
 * - `Retry-After` on a 429 pauses the account until then (a 429 without it: one second);
 * - `X-RateLimit-Limit` with `X-RateLimit-Type: QPS` adopts the account's real rate (its plan);
 * - `X-RateLimit-Remaining: 0` empties the bucket; on a daily limit it pauses until Retry-After.
 */
import { ZoomError } from './errors';
import { parseRetryAfter } from './retry';
import type { ResponseHeaders } from './transport';

export interface ZoomAccountRateLimiterOptions {
  /** Light calls per second per account until Zoom says otherwise. Default 30 (Pro). */
  perSecond?: number;
  /**
   * Calls that may go at once after a quiet spell. Default 1: calls are spaced evenly at 1/perSecond. Whatever the
   * burst, no more than the rate go within any one second (Zoom counts per second).
   */
  burst?: number;
  /**
   * Release waiting calls together, on the multiples of this many ms: the calls whose turns fall within one period
   * leave at its end, at once (the bucket then holds a period's worth). The same rate, still at most `perSecond`
   * within any second, but one wake-up of the process (and one burst of writes) per period instead of one per call,
   * which costs a batch job markedly less CPU. Default 0: each call at its own turn.
   */
  releaseEveryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the limiter reads from an answer. */
export interface RateLimitObservation {
  status: number;
  headers: ResponseHeaders;
}

interface Bucket {
  tokens: number;
  perSecond: number;
  updatedAt: number;
  pausedUntil: number;
  /** Callers waiting, so that they leave in arrival order. */
  queue: Promise<void>;
  /** When the calls of the last second left, oldest first: no more than the rate may be in any second. */
  lastSecond: number[];
}

const DEFAULT_PER_SECOND = 30;
/** Beyond this a Retry-After is a daily limit; the caller should rather fail than hold a request for hours. */
const MAX_PAUSE_MS = 60_000;

/** Zoom paused the account for longer than a paced call will wait (typically a daily limit). */
export class ZoomRateLimitedError extends ZoomError {
  constructor(
    readonly accountKey: string,
    readonly retryAfterMs: number,
  ) {
    super(`Zoom account ${accountKey} is rate limited for another ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

export class ZoomAccountRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perSecond: number;
  private readonly burst: number | undefined;
  private readonly releaseEveryMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ZoomAccountRateLimiterOptions = {}) {
    this.perSecond = options.perSecond ?? DEFAULT_PER_SECOND;
    if (!(this.perSecond > 0)) throw new RangeError('perSecond must be positive');
    this.burst = options.burst;
    this.releaseEveryMs = options.releaseEveryMs ?? 0;
    if (!(this.releaseEveryMs >= 0)) throw new RangeError('releaseEveryMs must be zero or more');
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Resolves when a call for `accountKey` may go. Waits in arrival order; rejects with ZoomRateLimitedError when
   * Zoom paused the account for longer than a minute (a daily limit), rather than holding the call for hours.
   */
  acquire(accountKey: string): Promise<void> {
    const bucket = this.bucket(accountKey);
    const turn = bucket.queue.then(() => this.takeToken(accountKey, bucket));
    bucket.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Learns from one of Zoom's answers for `accountKey`. */
  observe(accountKey: string, response: RateLimitObservation): void {
    const bucket = this.bucket(accountKey);
    const now = this.now();
    this.refill(bucket, now);
    const type = response.headers.get('x-ratelimit-type')?.toLowerCase() ?? '';
    const limit = Number(response.headers.get('x-ratelimit-limit'));
    if (type === 'qps' && Number.isFinite(limit) && limit > 0) bucket.perSecond = limit;
    const remainingText = response.headers.get('x-ratelimit-remaining');
    const remaining = remainingText === null ? undefined : Number(remainingText);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    if (remaining !== undefined && Number.isFinite(remaining)) bucket.tokens = Math.min(bucket.tokens, Math.max(0, remaining));
    if (response.status === 429) {
      bucket.tokens = 0;
      bucket.pausedUntil = Math.max(bucket.pausedUntil, now + (retryAfterMs ?? 1000));
    } else if (remaining === 0 && retryAfterMs !== undefined) {
      bucket.pausedUntil = Math.max(bucket.pausedUntil, now + retryAfterMs);
    }
  }

  /** The rate currently assumed for an account (learned from Zoom, else the default). */
  rateOf(accountKey: string): number {
    return this.buckets.get(accountKey)?.perSecond ?? this.perSecond;
  }

  private bucket(accountKey: string): Bucket {
    let bucket = this.buckets.get(accountKey);
    if (!bucket) {
      bucket = {
        tokens: this.capacity(this.perSecond),
        perSecond: this.perSecond,
        updatedAt: this.now(),
        pausedUntil: 0,
        queue: Promise.resolve(),
        lastSecond: [],
      };
      this.buckets.set(accountKey, bucket);
    }
    return bucket;
  }

  private capacity(perSecond: number): number {
    return Math.max(1, Math.min(this.burst ?? 1, perSecond), (perSecond * this.releaseEveryMs) / 1000);
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.capacity(bucket.perSecond), bucket.tokens + (elapsed / 1000) * bucket.perSecond);
    bucket.updatedAt = now;
  }

  private async takeToken(accountKey: string, bucket: Bucket): Promise<void> {
    for (;;) {
      const now = this.now();
      if (bucket.pausedUntil > now) {
        const pause = bucket.pausedUntil - now;
        if (pause > MAX_PAUSE_MS) throw new ZoomRateLimitedError(accountKey, pause);
        await this.sleep(pause);
        continue;
      }
      this.refill(bucket, now);
      const secondFullFor = this.secondFullFor(bucket, now);
      if (bucket.tokens >= 1 && secondFullFor === 0) {
        bucket.tokens -= 1;
        bucket.lastSecond.push(now);
        return;
      }
      const tokenIn = bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / bucket.perSecond) * 1000);
      await this.sleep(this.toReleaseTime(now, Math.max(tokenIn, secondFullFor)));
    }
  }

  /** How long until fewer than the rate's calls lie within the last second (0: now). */
  private secondFullFor(bucket: Bucket, now: number): number {
    const { lastSecond } = bucket;
    while (lastSecond.length > 0 && lastSecond[0]! <= now - 1000) lastSecond.shift();
    const allowed = Math.max(1, Math.floor(bucket.perSecond));
    if (lastSecond.length < allowed) return 0;
    return lastSecond[lastSecond.length - allowed]! + 1000 - now;
  }

  /** `waitMs`, lengthened to end on the next multiple of releaseEveryMs. */
  private toReleaseTime(now: number, waitMs: number): number {
    if (this.releaseEveryMs === 0) return waitMs;
    return Math.ceil((now + waitMs) / this.releaseEveryMs) * this.releaseEveryMs - now;
  }
}

let shared: ZoomAccountRateLimiter | undefined;

/** The process-wide limiter every client uses unless given its own. */
export function sharedAccountRateLimiter(): ZoomAccountRateLimiter {
  shared ??= new ZoomAccountRateLimiter();
  return shared;
}
