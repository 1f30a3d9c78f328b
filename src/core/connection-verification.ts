import type { Store } from '../store';
import { ZoomLicenseRequiredError, ZoomSchedulerProfileMissingError } from '../zoom';

/** `status` shows when Zoom last accepted a connection; an hour is fine-grained enough and keeps writes rare. */
export const VERIFIED_WRITE_INTERVAL_MS = 60 * 60 * 1000;

/** What the connection's row said when it was read for this access. */
export interface ObservedConnection {
  id: string;
  lastVerifiedAt: Date | null;
  schedulerRefusedAt: Date | null;
}

/**
 * Records "Zoom accepted this connection" after a successful call, at most once per connection per hour: the
 * in-process memo skips the database entirely in between, and the store's conditional write keeps several
 * processes to one write per hour too. A call Zoom refuses because the user has no Scheduler (licence removed,
 * no profile) records the refusal, which the dead-connection notice reports; the next success clears it at once.
 * A failed record is dropped: these are notices and display values, never worth failing the call for.
 */
export class ConnectionVerification {
  private readonly lastRecorded = new Map<string, number>();
  private readonly refused = new Set<string>();

  constructor(
    private readonly store: Pick<Store, 'markZoomConnectionVerified' | 'markSchedulerRefused' | 'clearSchedulerRefusal'>,
    private readonly now: () => number = Date.now,
  ) {}

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
      this.store.clearSchedulerRefusal(connection.id, new Date(now)).catch(() => undefined);
      return;
    }
    const last = Math.max(
      this.lastRecorded.get(connection.id) ?? Number.NEGATIVE_INFINITY,
      connection.lastVerifiedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
    );
    if (now - last < VERIFIED_WRITE_INTERVAL_MS) return;
    this.lastRecorded.set(connection.id, now);
    this.store.markZoomConnectionVerified(connection.id, new Date(now), VERIFIED_WRITE_INTERVAL_MS).catch(() => undefined);
  }

  private failed(connection: ObservedConnection, error: unknown): void {
    if (!(error instanceof ZoomLicenseRequiredError || error instanceof ZoomSchedulerProfileMissingError)) return;
    if (connection.schedulerRefusedAt !== null || this.refused.has(connection.id)) return;
    this.refused.add(connection.id);
    this.store.markSchedulerRefused(connection.id, new Date(this.now())).catch(() => undefined);
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
