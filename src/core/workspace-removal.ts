import type { Logger } from '../logger';
import type { Store } from '../store';
import type { ZoomAccounts } from './zoom-accounts';

/**
 * Slack `app_uninstalled` / `tokens_revoked` (bot): the workspace's installation and everything its users left
 * with us go, in one transaction, and their Zoom grants are revoked. Deleting what is already gone is a no-op, so
 * repeats are harmless. An event older than the stored installation belongs to an earlier install (Slack does not
 * order a late uninstall event after a re-install), so then nothing is deleted.
 */
export async function forgetWorkspace(
  deps: { store: Store; logger: Logger; zoomAccounts: ZoomAccounts },
  teamId: string,
  cause: 'app_uninstalled' | 'tokens_revoked',
  eventTime?: Date,
): Promise<void> {
  const connections = await deps.store.listZoomConnectionsOfTeam(teamId);
  const tokens = await Promise.all(connections.map((connection) => deps.store.loadTokens(connection.id)));
  const deleted = await deps.store.deleteWorkspaceData(teamId, eventTime ? { unlessInstalledAfter: eventTime } : {});
  if (!deleted) {
    deps.logger.info({ teamId, cause }, 'Slack removal event predates the current installation: nothing deleted');
    return;
  }
  await deps.zoomAccounts.revokeGrants(tokens.flatMap((record) => (record && record.accessToken ? [record.accessToken] : [])));
  deps.logger.info({ teamId, cause, zoomGrantsRevoked: connections.length }, 'Slack workspace removed the app: its data was deleted');
}

/**
 * The latest instant the event can have happened, from the envelope's `event_time` (whole seconds): the end of
 * that second, so an installation written in the same second is not mistaken for a later re-install.
 */
export function eventTimeOf(body: { event_time?: number }): Date | undefined {
  return typeof body.event_time === 'number' ? new Date((body.event_time + 1) * 1000) : undefined;
}
