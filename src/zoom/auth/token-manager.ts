/**
 * Access tokens for stored OAuth connections (each Slack user's Zoom connection, and the shared account),
 * with Zoom's rotating refresh tokens handled safely:
 *
 * - A token with less than `refreshMarginMs` left is refreshed before use; a 401 code 124 forces one refresh.
 * - One refresh per connection at a time: in this process through a map of in-flight promises, across
 *   processes through the store's lease. A caller that loses the lease waits for the row's version to move and
 *   uses the winner's token; it never spends the refresh token it read, which the winner has already rotated.
 * - The new refresh token is persisted (compare-and-swap on the version) before the new access token is used,
 *   so a crash can never leave only a dead refresh token in the database.
 * - `invalid_grant` reloads the row first (another process may have rotated meanwhile); only if our refresh
 *   token is still the stored one is the connection marked as needing a reconnect.
 * - Decrypted tokens are kept in memory by connection and row version. A caller that has just read the row's
 *   version (the one connection read of a command) is handed the kept token without reading and decrypting the
 *   row again; any other version, a token about to expire, a disconnect or a dead grant goes back to the store.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ZoomReconnectRequiredError, ZoomTokenRefreshContendedError } from '../errors';
import { silentLogger, type ZoomLogger } from '../transport';
import type { ZoomUserTokenSet } from './oauth';
import type { ZoomTokenRecord, ZoomTokenStore } from './token-store';
import type { ZoomAuth } from './types';

/** The part of ZoomOAuth the manager uses. */
export interface ZoomTokenEndpoint {
  refresh(refreshToken: string): Promise<ZoomUserTokenSet>;
  revoke(token: string): Promise<void>;
}

export interface ZoomTokenManagerOptions {
  oauth: ZoomTokenEndpoint;
  store: ZoomTokenStore;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Identifies this process in the refresh lease. */
  owner?: string;
  refreshMarginMs?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  /** How long a caller waits for another process's refresh before giving up. */
  maxWaitMs?: number;
  logger?: ZoomLogger;
  /** Told how each refresh this process attempted ended (for metrics); must not throw. */
  onRefresh?: (outcome: TokenRefreshOutcome) => void;
}

/** contended: another process held the refresh, and this one waited for (or gave up on) its result. */
export type TokenRefreshOutcome = 'ok' | 'contended' | 'invalid_grant' | 'error';

type NeedsRefresh = (record: ZoomTokenRecord) => boolean;

/** Enough for every active user of a large workspace; beyond it the least recently stored are read again. */
const KEPT_TOKENS_MAX = 10_000;

export class ZoomTokenManager {
  private readonly inFlight = new Map<string, Promise<string>>();
  /** Insertion-ordered, so the oldest entry is the first dropped when the cap is reached. */
  private readonly kept = new Map<string, ZoomTokenRecord>();
  private readonly oauth: ZoomTokenEndpoint;
  private readonly store: ZoomTokenStore;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly owner: string;
  private readonly refreshMarginMs: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxWaitMs: number;
  private readonly logger: ZoomLogger;
  private readonly onRefresh: (outcome: TokenRefreshOutcome) => void;

  constructor(options: ZoomTokenManagerOptions) {
    this.oauth = options.oauth;
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`;
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxWaitMs = options.maxWaitMs ?? 2 * this.leaseMs;
    this.logger = options.logger ?? silentLogger;
    this.onRefresh = options.onRefresh ?? (() => undefined);
  }

  /**
   * A ZoomAuth for one connection; `actingUserId` is sent as `user_id` (the shared account's ZOOM_USER_ID).
   * `knownVersion`: the version the caller just read with the connection, so a kept token of that version is
   * used without another read. `storedTokens`: the tokens read with that same row, used (decrypted once) when no
   * token of that version or a newer one is kept, so a connection's first command reads the row only once.
   * `keep: false`: a one-off use (a daily digest) that would only push people's kept tokens out; what it reads with
   * its row serves it alone (a refresh it makes is kept all the same: that version is the one everyone needs next).
   */
  authFor(
    connectionId: string,
    actingUserId?: string,
    knownVersion?: number,
    storedTokens?: () => ZoomTokenRecord,
    options: { keep?: boolean } = {},
  ): ZoomAuth {
    const keep = options.keep ?? true;
    return {
      getAccessToken: () => this.getAccessToken(connectionId, knownVersion, storedTokens, keep),
      refreshAfterUnauthorized: (rejectedToken) => this.refreshAfterUnauthorized(connectionId, rejectedToken),
      ...(actingUserId ? { actingUserId } : {}),
    };
  }

  async getAccessToken(connectionId: string, knownVersion?: number, storedTokens?: () => ZoomTokenRecord, keep = true): Promise<string> {
    const kept = this.kept.get(connectionId);
    if (kept && knownVersion !== undefined && kept.version === knownVersion && !this.expiresSoon(kept)) return kept.accessToken;
    // The caller's row is only as new as its version: a kept token of a later version (a refresh since) wins.
    const record =
      storedTokens && knownVersion !== undefined && (!kept || kept.version < knownVersion)
        ? this.usable(connectionId, storedTokens(), keep)
        : await this.loadUsable(connectionId);
    if (!this.expiresSoon(record)) return record.accessToken;
    return this.refreshShared(connectionId, (current) => this.expiresSoon(current));
  }

  /**
   * Refreshes a connection nobody has used for a long time, so its refresh token never expires unused. Under the
   * same lease as every refresh; a connection whose tokens moved past `seenVersion` meanwhile was just refreshed
   * by someone else and is left alone. An `invalid_grant` marks it for reconnecting and throws, as always.
   */
  async refreshIdle(connectionId: string, seenVersion: number): Promise<void> {
    await this.refreshShared(connectionId, (current) => current.version === seenVersion);
  }

  /** After Zoom rejected `rejectedToken` with 401 code 124: a newer token, refreshing only if none exists yet. */
  refreshAfterUnauthorized(connectionId: string, rejectedToken: string): Promise<string> {
    return this.refreshShared(connectionId, (current) => current.accessToken === rejectedToken);
  }

  /**
   * Disconnect: revokes the app's authorization at Zoom and marks the row so nothing uses it again. A
   * connection whose refresh token is already dead has nothing left to revoke.
   */
  async revoke(connectionId: string): Promise<void> {
    let accessToken: string;
    try {
      accessToken = await this.getAccessToken(connectionId);
    } catch (error) {
      if (error instanceof ZoomReconnectRequiredError) return;
      throw error;
    }
    this.forget(connectionId);
    await this.oauth.revoke(accessToken);
    await this.store.markNeedsReconnect(connectionId, 'revoked on disconnect');
  }

  /** Drops the kept tokens of a connection that was disconnected, deauthorized or deleted. */
  forget(connectionId: string): void {
    this.kept.delete(connectionId);
  }

  private keep(record: ZoomTokenRecord): void {
    this.kept.delete(record.connectionId);
    if (this.kept.size >= KEPT_TOKENS_MAX) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(record.connectionId, record);
  }

  private expiresSoon(record: ZoomTokenRecord): boolean {
    return record.expiresAt.getTime() - this.now() < this.refreshMarginMs;
  }

  private async loadUsable(connectionId: string): Promise<ZoomTokenRecord> {
    return this.usable(connectionId, await this.store.loadTokens(connectionId));
  }

  private usable(connectionId: string, record: ZoomTokenRecord | null, keep = true): ZoomTokenRecord {
    if (record === null || record.needsReconnect) {
      this.forget(connectionId);
      throw new ZoomReconnectRequiredError(connectionId, record === null ? 'no stored tokens' : 'marked as needing a reconnect');
    }
    if (keep) this.keep(record);
    return record;
  }

  private refreshShared(connectionId: string, needsRefresh: NeedsRefresh): Promise<string> {
    const running = this.inFlight.get(connectionId);
    if (running) return running;
    const refresh = this.refreshOnce(connectionId, needsRefresh).finally(() => this.inFlight.delete(connectionId));
    this.inFlight.set(connectionId, refresh);
    return refresh;
  }

  private async refreshOnce(connectionId: string, needsRefresh: NeedsRefresh): Promise<string> {
    const deadline = this.now() + this.maxWaitMs;
    for (;;) {
      const record = await this.loadUsable(connectionId);
      if (!needsRefresh(record)) return record.accessToken;
      if (await this.store.tryAcquireRefreshLease(connectionId, record.version, this.owner, this.leaseMs)) {
        return this.refreshHoldingLease(record);
      }
      const updated = await this.waitForOtherRefresher(record, deadline);
      if (updated !== undefined && !needsRefresh(updated)) return updated.accessToken;
    }
  }

  /**
   * Polls until the row's version moves (returns the new row) or the lease is gone without a change (returns
   * undefined so the caller competes for the lease again, e.g. after the holder crashed).
   */
  private async waitForOtherRefresher(seen: ZoomTokenRecord, deadline: number): Promise<ZoomTokenRecord | undefined> {
    this.logger.debug({ connectionId: seen.connectionId }, 'zoom token refresh held by another process; waiting');
    this.onRefresh('contended');
    for (;;) {
      if (this.now() >= deadline) throw new ZoomTokenRefreshContendedError(seen.connectionId);
      await this.sleep(this.pollIntervalMs);
      const current = await this.loadUsable(seen.connectionId);
      if (current.version !== seen.version) return current;
      const leaseHeld = current.refreshLeaseUntil !== null && current.refreshLeaseUntil.getTime() > this.now();
      if (!leaseHeld) return undefined;
    }
  }

  private async refreshHoldingLease(record: ZoomTokenRecord): Promise<string> {
    const { connectionId } = record;
    let tokens: ZoomUserTokenSet;
    try {
      tokens = await this.oauth.refresh(record.refreshToken);
    } catch (error) {
      await this.store.releaseRefreshLease(connectionId, this.owner);
      if (error instanceof ZoomReconnectRequiredError) return this.afterInvalidGrant(record);
      this.onRefresh('error');
      throw error;
    }

    const next = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scopes: tokens.scopes };
    if (await this.store.compareAndSwapTokens(connectionId, record.version, next)) {
      this.keep({ ...record, ...next, version: record.version + 1, needsReconnect: false, refreshLeaseUntil: null });
      this.logger.debug({ connectionId, version: record.version + 1 }, 'zoom tokens refreshed');
      this.onRefresh('ok');
      return tokens.accessToken;
    }
    // Someone rewrote the row while we held the lease (it expired mid-request, or the user reconnected):
    // their tokens are newer than the ones we were refreshing, so they win.
    await this.store.releaseRefreshLease(connectionId, this.owner);
    this.logger.warn({ connectionId }, 'zoom token row changed during refresh; using the stored tokens');
    return (await this.loadUsable(connectionId)).accessToken;
  }

  private async afterInvalidGrant(spent: ZoomTokenRecord): Promise<string> {
    const current = await this.loadUsable(spent.connectionId);
    if (current.refreshToken !== spent.refreshToken) return current.accessToken;
    this.onRefresh('invalid_grant');
    this.forget(spent.connectionId);
    await this.store.markNeedsReconnect(spent.connectionId, 'refresh token rejected (invalid_grant)');
    throw new ZoomReconnectRequiredError(spent.connectionId, 'refresh token rejected (invalid_grant)');
  }
}
