import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { eventTimeOf } from '../../../core/workspace-removal';

/** Bolt skips `authorize` for this event, so it arrives although the installation is already void. */
export function appUninstalledCallback(services: SlackDeps) {
  return async ({ context, body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs): Promise<void> => {
    // A failure is logged by app.error() (listeners/unhandled.ts); Slack does not retry this event.
    await services.forgetWorkspace(teamIdOf(context, body), 'app_uninstalled', eventTimeOf(body));
  };
}

export function registerAppUninstalled(app: ListenerRegistry, services: SlackDeps): void {
  app.event('app_uninstalled', appUninstalledCallback(services));
}
