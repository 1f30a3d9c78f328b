/**
 * A ZoomTokenStore in a JSON file, for the examples' shared-account mode: Zoom rotates the refresh token on
 * every refresh, so a script run with ZOOM_REFRESH_TOKEN must keep the new one somewhere or the next run fails.
 * Single process only: reads and writes are synchronous, so each method is atomic within it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ZoomTokenRecord, ZoomTokenStore } from '../../src/zoom';

type StoredRecord = Omit<ZoomTokenRecord, 'expiresAt' | 'refreshLeaseUntil'> & { expiresAt: string; leaseUntil: string | null };

export class JsonFileTokenStore implements ZoomTokenStore {
  constructor(private readonly path: string) {}

  /** Starts from the environment's refresh token unless the file already holds a (rotated) one. */
  seedIfMissing(connectionId: string, refreshToken: string): void {
    if (this.read(connectionId)) return;
    this.write({
      connectionId,
      accessToken: '',
      refreshToken,
      expiresAt: new Date(0).toISOString(),
      scopes: [],
      version: 1,
      needsReconnect: false,
      leaseUntil: null,
    });
  }

  async loadTokens(connectionId: string): Promise<ZoomTokenRecord | null> {
    const stored = this.read(connectionId);
    if (!stored) return null;
    const { leaseUntil, expiresAt, ...rest } = stored;
    return { ...rest, expiresAt: new Date(expiresAt), refreshLeaseUntil: leaseUntil ? new Date(leaseUntil) : null };
  }

  async tryAcquireRefreshLease(connectionId: string, expectedVersion: number, _owner: string, leaseMs: number): Promise<boolean> {
    const stored = this.read(connectionId);
    if (!stored || stored.version !== expectedVersion) return false;
    if (stored.leaseUntil && Date.parse(stored.leaseUntil) > Date.now()) return false;
    this.write({ ...stored, leaseUntil: new Date(Date.now() + leaseMs).toISOString() });
    return true;
  }

  async compareAndSwapTokens(
    connectionId: string,
    expectedVersion: number,
    next: { accessToken: string; refreshToken: string; expiresAt: Date; scopes: string[] },
  ): Promise<boolean> {
    const stored = this.read(connectionId);
    if (!stored || stored.version !== expectedVersion) return false;
    this.write({ ...stored, ...next, expiresAt: next.expiresAt.toISOString(), version: stored.version + 1, leaseUntil: null });
    return true;
  }

  async releaseRefreshLease(connectionId: string): Promise<void> {
    const stored = this.read(connectionId);
    if (stored) this.write({ ...stored, leaseUntil: null });
  }

  async markNeedsReconnect(connectionId: string): Promise<void> {
    const stored = this.read(connectionId);
    if (stored) this.write({ ...stored, needsReconnect: true });
  }

  private read(connectionId: string): StoredRecord | undefined {
    if (!existsSync(this.path)) return undefined;
    const stored = JSON.parse(readFileSync(this.path, 'utf8')) as StoredRecord;
    return stored.connectionId === connectionId ? stored : undefined;
  }

  private write(record: StoredRecord): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify(record, null, 2), { mode: 0o600 });
  }
}
