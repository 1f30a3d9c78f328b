/**
 * Pacing primitives for the digest fan-out: per-channel spacing for Slack posts, per-account token buckets for Zoom
 * calls, and bounded concurrency whose failures stay with their item.
 *
 * Written here rather than taken from npm: p-limit and p-queue are ESM-only in their maintained majors (p-limit 7,
 * p-queue 10) while this project compiles to CommonJS, their last CommonJS majors are unmaintained, and neither
 * offers per-key spacing or an injectable clock, which the tests need to check timing without waiting.
 */

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What posting code needs of a pacer: run `task` in `key`'s turn. In-process (KeyedPacer) or shared by all processes. */
export interface ConversationPacer {
  schedule<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/**
 * Runs tasks that share a key (a Slack channel) one at a time, in scheduling order, with their starts at least
 * `minIntervalMs` apart; tasks of different keys run in parallel. A failing task does not hold up its key, but a
 * task that never settles does, so tasks must carry their own timeout (the Slack WebClient has one).
 */
export class KeyedPacer implements ConversationPacer {
  private readonly minIntervalMs: number;
  private readonly clock: PacerClock;
  /** Per key, a promise that settles when the next task of that key may start. Absent when the key is idle. */
  private readonly lanes = new Map<string, Promise<void>>();

  constructor(options: { minIntervalMs: number; clock?: PacerClock }) {
    requireNonNegative('minIntervalMs', options.minIntervalMs);
    this.minIntervalMs = options.minIntervalMs;
    this.clock = options.clock ?? systemClock;
  }

  schedule<T>(key: string, task: () => Promise<T>): Promise<T> {
    let startedAt = 0;
    const result = (this.lanes.get(key) ?? Promise.resolve()).then(() => {
      startedAt = this.clock.now();
      return task();
    });
    // The lane stays busy until the task settles AND the spacing since its start has passed.
    const ready = result.then(noop, noop).then(() => {
      const remaining = startedAt + this.minIntervalMs - this.clock.now();
      return remaining > 0 ? this.clock.sleep(remaining) : undefined;
    });
    this.lanes.set(key, ready);
    void ready.then(() => {
      if (this.lanes.get(key) === ready) this.lanes.delete(key);
    });
    return result;
  }

  /** Keys with queued or spacing-bound work; exposed so tests and metrics can see that idle keys are released. */
  get activeKeys(): number {
    return this.lanes.size;
  }
}

interface Bucket {
  /** May go negative: each negative unit is a caller already promised a future token. */
  tokens: number;
  refilledAt: number;
}

/**
 * A token bucket per key (a Zoom account): up to `burst` calls at once, then `ratePerSecond` on average. Callers of
 * one key are served in the order they called `acquire`.
 *
 * With `releaseEveryMs`, a caller that has to wait leaves at the first multiple of it (on the clock) at or after its
 * token, so the callers whose tokens fall within one such period leave together: the same rate, the same order,
 * never earlier than the bucket allows, but their I/O goes out in one event-loop turn instead of one wake-up each.
 * Paced one by one, the digest fan-out's minimal loop of Zoom GETs and posts took 7.2 ms of CPU per digest; five at
 * a time, 5.2 ms (bench/digest-floor.ts with the rates of the fan-out, on the 2-core machine).
 */
export class RateLimiter {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly clock: PacerClock;
  private readonly releaseEveryMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: { ratePerSecond: number; burst?: number; releaseEveryMs?: number; clock?: PacerClock }) {
    requirePositive('ratePerSecond', options.ratePerSecond);
    const burst = options.burst ?? Math.max(1, Math.floor(options.ratePerSecond));
    requirePositive('burst', burst);
    requireNonNegative('releaseEveryMs', options.releaseEveryMs ?? 0);
    this.ratePerMs = options.ratePerSecond / 1000;
    this.burst = burst;
    this.releaseEveryMs = options.releaseEveryMs ?? 0;
    this.clock = options.clock ?? systemClock;
  }

  /** Resolves when the caller may make one call for `key`. */
  acquire(key: string): Promise<void> {
    const now = this.clock.now();
    this.forgetFullBuckets(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, refilledAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.refilledAt) * this.ratePerMs);
    bucket.refilledAt = now;
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 0) return Promise.resolve();
    return this.clock.sleep(onReleaseGrid(now, Math.ceil(-bucket.tokens / this.ratePerMs), this.releaseEveryMs));
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    return task();
  }

  get trackedKeys(): number {
    return this.buckets.size;
  }

  /** A bucket that has refilled completely is the same as no bucket, so the map only holds recently used keys. */
  private forgetFullBuckets(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.refilledAt) * this.ratePerMs >= this.burst) this.buckets.delete(key);
    }
  }
}

/**
 * Hands the event loop a turn once `sliceMs` of work have gone by since the last. Work whose awaits settle at once
 * (better-sqlite3 answers synchronously; cached lookups) is otherwise one unbroken chain of microtasks: a scheduler
 * run over 10 000 subscriptions on SQLite held the loop for 2.3 s, every Slack request (and V8's finishing of its
 * incremental GC, which waits for a task) waiting behind it.
 */
export class EventLoopTurns {
  private lastTurnMs = performance.now();

  constructor(private readonly sliceMs: number) {}

  async take(): Promise<void> {
    if (performance.now() - this.lastTurnMs < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastTurnMs = performance.now();
  }
}

/**
 * Applies `fn` to every item with at most `limit` in flight. Never rejects: each item gets its own settled result,
 * in input order, so one failure (a revoked token, a deleted channel) never stops the others.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, not ${limit}`);
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A wait of `waitMs` from `nowMs`, lengthened to end on the next multiple of `gridMs` (0: as it is). */
function onReleaseGrid(nowMs: number, waitMs: number, gridMs: number): number {
  if (gridMs <= 0 || waitMs <= 0) return waitMs;
  return Math.ceil((nowMs + waitMs) / gridMs) * gridMs - nowMs;
}

function noop(): void {}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, not ${value}`);
}

function requireNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be zero or more, not ${value}`);
}
