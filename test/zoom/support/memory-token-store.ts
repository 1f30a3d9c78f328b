/**
 * A ZoomTokenStore with the atomic semantics the real store must have (each method is one check-and-write with
 * no await in between), so that two ZoomTokenManagers sharing it model two processes sharing a database.
 * Every call first yields to the event loop, like a database round trip would.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ZoomTokenRecord, ZoomTokenStore } from '../../../src/zoom';

interface Row extends ZoomTokenRecord {
  leaseOwner: string | null;
  reconnectReason: string | null;
}

export class MemoryTokenStore implements ZoomTokenStore {
  readonly rows = new Map<string, Row>();
  readonly calls: string[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  seed(connectionId: string, tokens: { accessToken: string; refreshToken: string; expiresAt: Date; scopes?: string[] }): void {
    this.rows.set(connectionId, {
      connectionId,
      scopes: [],
      ...tokens,
      version: 1,
      needsReconnect: false,
      refreshLeaseUntil: null,
      leaseOwner: null,
      reconnectReason: null,
    });
  }

  row(connectionId: string): Row {
    const row = this.rows.get(connectionId);
    if (!row) throw new Error(`no row ${connectionId}`);
    return row;
  }

  async loadTokens(connectionId: string): Promise<ZoomTokenRecord | null> {
    await this.roundTrip('loadTokens');
    const row = this.rows.get(connectionId);
    if (!row) return null;
    const { leaseOwner: _owner, reconnectReason: _reason, ...record } = row;
    return { ...record, scopes: [...record.scopes] };
  }

  async tryAcquireRefreshLease(connectionId: string, expectedVersion: number, owner: string, leaseMs: number): Promise<boolean> {
    await this.roundTrip('tryAcquireRefreshLease');
    const row = this.rows.get(connectionId);
    if (!row || row.version !== expectedVersion) return false;
    const held = row.refreshLeaseUntil !== null && row.refreshLeaseUntil.getTime() > this.now() && row.leaseOwner !== owner;
    if (held) return false;
    row.refreshLeaseUntil = new Date(this.now() + leaseMs);
    row.leaseOwner = owner;
    return true;
  }

  async compareAndSwapTokens(
    connectionId: string,
    expectedVersion: number,
    next: { accessToken: string; refreshToken: string; expiresAt: Date; scopes: string[] },
  ): Promise<boolean> {
    await this.roundTrip('compareAndSwapTokens');
    const row = this.rows.get(connectionId);
    if (!row || row.version !== expectedVersion) return false;
    Object.assign(row, next, { version: row.version + 1, refreshLeaseUntil: null, leaseOwner: null });
    return true;
  }

  async releaseRefreshLease(connectionId: string, owner: string): Promise<void> {
    await this.roundTrip('releaseRefreshLease');
    const row = this.rows.get(connectionId);
    if (row && row.leaseOwner === owner) Object.assign(row, { refreshLeaseUntil: null, leaseOwner: null });
  }

  async markNeedsReconnect(connectionId: string, reason: string): Promise<void> {
    await this.roundTrip('markNeedsReconnect');
    const row = this.rows.get(connectionId);
    if (row) Object.assign(row, { needsReconnect: true, reconnectReason: reason });
  }

  private async roundTrip(method: string): Promise<void> {
    this.calls.push(method);
    await yieldToEventLoop();
  }
}
