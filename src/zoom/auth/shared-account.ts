/**
 * The shared account (ZOOM_REFRESH_TOKEN + ZOOM_USER_ID, the connector's configuration) is an ordinary stored
 * connection used through ZoomTokenManager.authFor(connectionId, zoomUserId). The environment's refresh token
 * only seeds the row: Zoom rotates it on the first refresh, after which the database holds the only live one.
 */

/** What to do with the shared account's row at startup. */
export type SharedAccountSeeding =
  | 'create' // no row yet: insert one from the environment's refresh token
  | 'keep' // the row is the truth (the environment's token was spent or is the same)
  | 'reseed'; // the row is dead and the operator supplied a different token: start again from it

export interface SharedAccountRow {
  needsReconnect: boolean;
  /** The environment refresh token the row was last seeded from (store it with the row). */
  seededFromRefreshToken: string | null;
}

export function sharedAccountSeeding(row: SharedAccountRow | null, environmentRefreshToken: string): SharedAccountSeeding {
  if (row === null) return 'create';
  if (row.needsReconnect && row.seededFromRefreshToken !== environmentRefreshToken) return 'reseed';
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
