import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Store } from '../store';

/*
 * The shared account (ZOOM_REFRESH_TOKEN + ZOOM_USER_ID) is an ordinary stored connection used through
 * ZoomTokenManager.authFor(connectionId, zoomUserId). The environment's refresh token only seeds the row: Zoom
 * rotates it on the first refresh, after which the database holds the only live one. That is app policy, so it
 * lives here rather than in the Zoom client.
 */

/** What to do with the shared account's row at startup. */
export type SharedAccountSeeding =
  | 'create' // no row yet: insert one from the environment's refresh token
  | 'keep' // the row is the truth (the environment's token was spent or is the same)
  | 'reseed'; // the row is dead and the operator supplied a different token: start again from it

export interface SharedAccountRow {
  needsReconnect: boolean;
  /** The row's refresh token: equal to the environment's, it is the very token Zoom refused. */
  refreshToken: string;
}

/**
 * The database wins once the row exists: Zoom rotates the refresh token on first use, so after that the row holds
 * the only valid token and a restart (or a second instance) must keep it. Only a row Zoom has already refused is
 * replaced, and only when the environment now holds a different token (the operator supplied a new one).
 */
export function sharedAccountSeeding(row: SharedAccountRow | null, environmentRefreshToken: string): SharedAccountSeeding {
  if (row === null) return 'create';
  if (row.needsReconnect && row.refreshToken !== environmentRefreshToken) return 'reseed';
  return 'keep';
}

/**
 * Token fields for a freshly seeded row: no access token and an expiry in the past, so the first use refreshes
 * (and thereby rotates and persists the refresh token).
 */
export function sharedAccountSeed(environmentRefreshToken: string): {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scopes: string[];
} {
  return { accessToken: '', refreshToken: environmentRefreshToken, expiresAt: new Date(0), scopes: [] };
}

/**
 * Start-up step for the shared Zoom account (ZOOM_REFRESH_TOKEN + ZOOM_USER_ID): seeds its connection row from
 * the environment when there is none. After that the database wins, because Zoom rotates the refresh token
 * on first use and the environment's copy is dead from then on; only a row Zoom already refused is replaced
 * by a different environment token (sharedAccountSeeding). Every write is conditional, so instances starting
 * together agree. Returns what happened, or undefined when no shared account is configured.
 */
export async function seedSharedAccount(
  deps: {
    store: Pick<Store, 'createSharedZoomConnection' | 'getSharedZoomSeedState' | 'reseedSharedZoomConnection'>;
    logger: Logger;
  },
  shared: Config['zoom']['sharedAccount'],
): Promise<'created' | 'kept' | 'reseeded' | undefined> {
  if (!shared) return undefined;
  const outcome = await seedOnce(deps.store, { zoomUserId: shared.userId, ...sharedAccountSeed(shared.refreshToken) });
  const log = { zoomUserId: shared.userId, outcome };
  if (outcome === 'kept') deps.logger.debug(log, 'shared Zoom account: the stored connection is kept');
  else deps.logger.info(log, 'shared Zoom account seeded from ZOOM_REFRESH_TOKEN');
  return outcome;
}

async function seedOnce(
  store: Pick<Store, 'createSharedZoomConnection' | 'getSharedZoomSeedState' | 'reseedSharedZoomConnection'>,
  seed: { zoomUserId: string } & ReturnType<typeof sharedAccountSeed>,
): Promise<'created' | 'kept' | 'reseeded'> {
  const row = await store.getSharedZoomSeedState();
  const decision = sharedAccountSeeding(row, seed.refreshToken);
  if (decision === 'create') {
    // Another instance may have inserted it since the read: then its row is the one kept.
    return (await store.createSharedZoomConnection(seed)) ? 'created' : 'kept';
  }
  if (decision === 'reseed' && row && (await store.reseedSharedZoomConnection(row.version, seed))) return 'reseeded';
  return 'kept';
}
