import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../deps';
import { eventTimeOf, forgetWorkspace } from '../../../core/workspace-removal';

/** Bolt skips `authorize` for this event, so it arrives although the installation is already void. */
export function appUninstalledCallback(services: Services) {
  return async ({ context, body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = teamIdOf(context, body);
    try {
      await forgetWorkspace(services, teamId, 'app_uninstalled', eventTimeOf(body));
    } catch (error) {
      services.logger.error({ err: error, teamId }, 'deleting an uninstalled workspace failed');
    }
  };
}

export function registerAppUninstalled(app: App, services: Services): void {
  app.event('app_uninstalled', appUninstalledCallback(services));
}
