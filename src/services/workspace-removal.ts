import type { Logger } from '../logger';
import type { Store } from '../store';

/**
 * Slack `app_uninstalled` / `tokens_revoked` (bot): the workspace's installation and everything its users left
 * with us go, in one transaction. Deleting what is already gone is a no-op, so repeats are harmless.
 */
export async function forgetWorkspace(
  deps: { store: Store; logger: Logger },
  teamId: string,
  cause: 'app_uninstalled' | 'tokens_revoked',
): Promise<void> {
  await deps.store.deleteWorkspaceData(teamId);
  deps.logger.info({ teamId, cause }, 'Slack workspace removed the app: its data was deleted');
}
