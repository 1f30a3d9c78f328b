import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as actions from './actions';
import * as commands from './commands';
import * as events from './events';
import * as shortcuts from './shortcuts';
import * as views from './views';
import { registerUnclaimedFallback } from './unclaimed';
import { registerUnhandledFailureReply } from './unhandled';
import { ListenerRouter } from './router';

/** Every Slack listener, by kind (each kind's index.ts registers its own), and the one handler of what they let fall. */
export function registerListeners(app: App, services: SlackDeps): void {
  const router = new ListenerRouter(app);
  commands.register(router.registry, services);
  actions.register(router.registry, services);
  views.register(router.registry, services);
  events.register(router.registry, services);
  shortcuts.register(router.registry, services);
  registerUnhandledFailureReply(app, services);
  registerUnclaimedFallback(app, services);
  // Last of the global middleware, so the fallback's next() (and any installed before) covers every handler.
  router.install();
}
