import { WriteBatch } from '../lib/write-batch';
import type { Store } from '../store';
import { ZoomLicenseRequiredError, ZoomSchedulerProfileMissingError } from '../zoom';

/** `status` shows when Zoom last accepted a connection; an hour is fine-grained enough and keeps writes rare. */
export const VERIFIED_WRITE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Verifications wait this long to be written together: the 09:00 digest fan-out verifies thousands of connections
 * within seconds, and one statement for all of them costs what one for each would cost once.
 */
export const VERIFIED_BATCH_DELAY_MS = 1000;
/** A batch this large is written at once, without waiting out the delay. */
export const VERIFIED_BATCH_SIZE = 200;

/** What the connection's row said when it was read for this access. */
export interface ObservedConnection {
  id: string;
  lastVerifiedAt: Date | null;
  schedulerRefusedAt: Date | null;
}

export interface VerificationBatching {
  delayMs: number;
  size: number;
}

/**
 * Records "Zoom accepted this connection" after a successful call, at most once per connection per hour: the
 * in-process memo skips the database entirely in between, and the store's conditional write keeps several
 * processes to one write per hour too. The connections due a write are written together, one statement per batch,
 * within a second (`flush()` writes what is left at stop). A call Zoom refuses because the user has no Scheduler
 * (licence removed, no profile) records the refusal, which the dead-connection notice reports; the next success
 * clears it at once, unbatched. A failed record is dropped: these are notices and display values, never worth
 * failing the call for.
 */
export class ConnectionVerification {
  private readonly lastRecorded = new Map<string, number>();
  private readonly refused = new Set<string>();
  /** Connection ids due a write; the hourly memo above keeps each id to one entry. */
  private readonly verifiedBatch: WriteBatch<string>;
  /** Refusals and their clearing, written at once: flush() waits for them too. */
  private readonly writing = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Pick<Store, 'markZoomConnectionsVerified' | 'markSchedulerRefused' | 'clearSchedulerRefusal'>,
    private readonly now: () => number = Date.now,
    batching: VerificationBatching = { delayMs: VERIFIED_BATCH_DELAY_MS, size: VERIFIED_BATCH_SIZE },
  ) {
    this.verifiedBatch = new WriteBatch({
      maxItems: batching.size,
      maxDelayMs: batching.delayMs,
      write: (ids) => this.writeVerified(ids),
    });
  }

  /** `api` whose every call that resolves counts as a verification of the connection. */
  observe<T extends object>(api: T, connection: ObservedConnection): T {
    return new Proxy(api, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          if (isPromise(result)) {
            result.then(
              () => this.verified(connection),
              (error: unknown) => this.failed(connection, error),
            );
          }
          // `list` pages through Zoom with an async iterator, not a promise: its refusal surfaces from next().
          if (isAsyncIterable(result)) return this.observeIteration(result, connection);
          return result;
        };
      },
    });
  }

  private async *observeIteration<I>(items: AsyncIterable<I>, connection: ObservedConnection): AsyncGenerator<I> {
    try {
      for await (const item of items) yield item;
    } catch (error) {
      this.failed(connection, error);
      throw error;
    }
    this.verified(connection);
  }

  verified(connection: ObservedConnection): void {
    const now = this.now();
    if (connection.schedulerRefusedAt !== null || this.refused.has(connection.id)) {
      this.refused.delete(connection.id);
      this.lastRecorded.set(connection.id, now);
      this.track(this.store.clearSchedulerRefusal(connection.id, new Date(now)));
      return;
    }
    const last = Math.max(
      this.lastRecorded.get(connection.id) ?? Number.NEGATIVE_INFINITY,
      connection.lastVerifiedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
    );
    if (now - last < VERIFIED_WRITE_INTERVAL_MS) return;
    this.lastRecorded.set(connection.id, now);
    // A failed batch is dropped like any record here; the batch never keeps the process alive (flush() at stop).
    this.verifiedBatch.add(connection.id).catch(() => undefined);
  }

  /** Writes the pending verifications and waits for every write already under way: before the store closes. */
  async flush(): Promise<void> {
    await this.verifiedBatch.flush();
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  private async writeVerified(ids: string[]): Promise<void> {
    // A success that waited in the batch while a refusal came in would clear that newer refusal.
    const verified = ids.filter((id) => !this.refused.has(id));
    if (verified.length === 0) return;
    // The flush instant, not each call's: up to a batch delay later, for a value kept to the hour anyway.
    await this.store.markZoomConnectionsVerified(verified, new Date(this.now()), VERIFIED_WRITE_INTERVAL_MS);
  }

  private track(write: Promise<unknown>): Promise<void> {
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    this.writing.add(settled);
    void settled.then(() => this.writing.delete(settled));
    return settled;
  }

  private failed(connection: ObservedConnection, error: unknown): void {
    if (!(error instanceof ZoomLicenseRequiredError || error instanceof ZoomSchedulerProfileMissingError)) return;
    if (connection.schedulerRefusedAt !== null || this.refused.has(connection.id)) return;
    this.refused.add(connection.id);
    this.track(this.store.markSchedulerRefused(connection.id, new Date(this.now())));
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
