import type { ZoomTokenRecord, ZoomTokenStore } from '../zoom/auth/token-store';
import type { StoreContext } from './context';
import { splitScopes } from './zoom-connections';

export interface ZoomTokenUpdate {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scopes: readonly string[];
}

/**
 * The token store the Zoom token manager (src/zoom/auth) needs; the interface is the Zoom client's.
 * Zoom rotates the refresh token on every refresh and the old one dies at once, so two processes must never
 * both refresh, and a new token must never be overwritten by an older one. Every write here is one
 * conditional UPDATE whose WHERE clause carries the precondition; the affected row count tells whether it
 * held. That is atomic in SQLite and PostgreSQL alike, across processes.
 */
export function zoomTokenStore({ prisma, secrets, now }: StoreContext): ZoomTokenStore {
  return {
    async loadTokens(connectionId: string): Promise<ZoomTokenRecord | null> {
      const row = await prisma.zoomConnection.findUnique({
        where: { id: connectionId },
        select: {
          accessTokenEnc: true,
          refreshTokenEnc: true,
          expiresAt: true,
          scopes: true,
          version: true,
          needsReconnect: true,
          refreshLeaseUntil: true,
        },
      });
      if (!row) return null;
      return {
        connectionId,
        accessToken: secrets.decrypt(row.accessTokenEnc, 'zoom.accessToken'),
        refreshToken: secrets.decrypt(row.refreshTokenEnc, 'zoom.refreshToken'),
        expiresAt: row.expiresAt,
        scopes: splitScopes(row.scopes),
        version: row.version,
        needsReconnect: row.needsReconnect,
        refreshLeaseUntil: row.refreshLeaseUntil,
      };
    },

    /** Takes the refresh lease if the tokens are still at `expectedVersion` and nobody holds a live lease. */
    async tryAcquireRefreshLease(connectionId: string, expectedVersion: number, owner: string, leaseMs: number): Promise<boolean> {
      const at = now();
      const { count } = await prisma.zoomConnection.updateMany({
        where: {
          id: connectionId,
          version: expectedVersion,
          OR: [{ refreshLeaseUntil: null }, { refreshLeaseUntil: { lte: at } }],
        },
        data: { refreshLeaseUntil: new Date(at.getTime() + leaseMs), refreshLeaseOwner: owner },
      });
      return count === 1;
    },

    /** Replaces the tokens only if they are still at `expectedVersion`; on success the version is bumped and the lease cleared. */
    async compareAndSwapTokens(connectionId: string, expectedVersion: number, tokens: ZoomTokenUpdate): Promise<boolean> {
      const { count } = await prisma.zoomConnection.updateMany({
        where: { id: connectionId, version: expectedVersion },
        data: {
          accessTokenEnc: secrets.encrypt(tokens.accessToken, 'zoom.accessToken'),
          refreshTokenEnc: secrets.encrypt(tokens.refreshToken, 'zoom.refreshToken'),
          expiresAt: tokens.expiresAt,
          scopes: tokens.scopes.join(' '),
          version: { increment: 1 },
          needsReconnect: false,
          reconnectReason: null,
          refreshLeaseUntil: null,
          refreshLeaseOwner: null,
          // A refresh Zoom answered is a verification, written with the tokens at no extra cost.
          lastVerifiedAt: now(),
          tokensIssuedAt: now(),
        },
      });
      return count === 1;
    },

    /** Gives the lease back early (e.g. after a failed refresh); a no-op unless `owner` holds it. */
    async releaseRefreshLease(connectionId: string, owner: string): Promise<void> {
      await prisma.zoomConnection.updateMany({
        where: { id: connectionId, refreshLeaseOwner: owner },
        data: { refreshLeaseUntil: null, refreshLeaseOwner: null },
      });
    },

    /** The tokens are dead (e.g. invalid_grant): the user has to connect again. */
    async markNeedsReconnect(connectionId: string, reason: string): Promise<void> {
      await prisma.zoomConnection.updateMany({
        where: { id: connectionId },
        data: { needsReconnect: true, reconnectReason: reason, refreshLeaseUntil: null, refreshLeaseOwner: null },
      });
    },
  };
}
