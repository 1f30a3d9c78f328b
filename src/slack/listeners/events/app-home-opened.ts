import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';

/** Publishes the Home tab each time the user opens it (the Messages and About tabs need nothing). */
export function appHomeOpenedCallback(services: SlackDeps) {
  return async ({ event, context, body }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const teamId = teamIdOf(context, body);
    await services.home.refresh({ teamId, userId: event.user });
  };
}

export function registerAppHomeOpened(app: ListenerRegistry, services: SlackDeps): void {
  app.event('app_home_opened', appHomeOpenedCallback(services));
}
