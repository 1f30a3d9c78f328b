/**
 * Persistence the token manager needs. The app's store (src/store) implements it; every method must be atomic
 * across processes (a conditional UPDATE ... WHERE version = ? is enough).
 */

export interface ZoomTokenRecord {
  connectionId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scopes: string[];
  /** Incremented by every successful compareAndSwapTokens. */
  version: number;
  needsReconnect: boolean;
  refreshLeaseUntil: Date | null;
}

export interface ZoomTokenStore {
  loadTokens(connectionId: string): Promise<ZoomTokenRecord | null>;
  /**
   * Takes the refresh lease when the row still has `expectedVersion` and no unexpired lease is held by someone
   * else. True when `owner` now holds it until now + leaseMs.
   */
  tryAcquireRefreshLease(connectionId: string, expectedVersion: number, owner: string, leaseMs: number): Promise<boolean>;
  /** Writes the new tokens when the row still has `expectedVersion`: version + 1, lease cleared. */
  compareAndSwapTokens(
    connectionId: string,
    expectedVersion: number,
    next: { accessToken: string; refreshToken: string; expiresAt: Date; scopes: string[] },
  ): Promise<boolean>;
  releaseRefreshLease(connectionId: string, owner: string): Promise<void>;
  markNeedsReconnect(connectionId: string, reason: string): Promise<void>;
}
