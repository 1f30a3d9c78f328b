import type { Store } from '../store';

/** `status` shows when Zoom last accepted a connection; an hour is fine-grained enough and keeps writes rare. */
export const VERIFIED_WRITE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Records "Zoom accepted this connection" after a successful call, at most once per connection per hour: the
 * in-process memo skips the database entirely in between, and the store's conditional write keeps several
 * processes to one write per hour too. A failed record is dropped: it is a display value, never worth a failure.
 */
export class ConnectionVerification {
  private readonly lastRecorded = new Map<string, number>();

  constructor(
    private readonly store: Pick<Store, 'markZoomConnectionVerified'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** `api` whose every call that resolves counts as a verification of `connectionId`. */
  observe<T extends object>(api: T, connectionId: string, knownVerifiedAt: Date | null): T {
    return new Proxy(api, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          if (isPromise(result)) {
            result.then(
              () => this.verified(connectionId, knownVerifiedAt),
              () => undefined,
            );
          }
          return result;
        };
      },
    });
  }

  verified(connectionId: string, knownVerifiedAt: Date | null): void {
    const now = this.now();
    const last = Math.max(
      this.lastRecorded.get(connectionId) ?? Number.NEGATIVE_INFINITY,
      knownVerifiedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
    );
    if (now - last < VERIFIED_WRITE_INTERVAL_MS) return;
    this.lastRecorded.set(connectionId, now);
    this.store.markZoomConnectionVerified(connectionId, new Date(now), VERIFIED_WRITE_INTERVAL_MS).catch(() => undefined);
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
