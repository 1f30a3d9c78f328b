import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { sharedAccountSeed } from '../zoom';

/**
 * Start-up step for the shared Zoom account (ZOOM_REFRESH_TOKEN + ZOOM_USER_ID): seeds its connection row from
 * the environment when there is none. After that the database wins, because Zoom rotates the refresh token
 * on first use and the environment's copy is dead from then on; only a row Zoom already refused is replaced
 * by a different environment token (see store.seedSharedZoomConnection). Returns what happened, or
 * undefined when no shared account is configured.
 */
export async function seedSharedAccount(
  deps: { store: Pick<Store, 'seedSharedZoomConnection'>; logger: Logger },
  shared: Config['zoom']['sharedAccount'],
): Promise<'created' | 'kept' | 'reseeded' | undefined> {
  if (!shared) return undefined;
  const outcome = await deps.store.seedSharedZoomConnection({ zoomUserId: shared.userId, ...sharedAccountSeed(shared.refreshToken) });
  const log = { zoomUserId: shared.userId, outcome };
  if (outcome === 'kept') deps.logger.debug(log, 'shared Zoom account: the stored connection is kept');
  else deps.logger.info(log, 'shared Zoom account seeded from ZOOM_REFRESH_TOKEN');
  return outcome;
}
