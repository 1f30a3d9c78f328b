import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as actions from './actions';
import * as commands from './commands';
import * as events from './events';
import * as shortcuts from './shortcuts';
import * as views from './views';
import { registerUnclaimedFallback } from './unclaimed';
import { registerUnhandledFailureReply } from './unhandled';

/** Every Slack listener, by kind (each kind's index.ts registers its own), and the one handler of what they let fall. */
export function registerListeners(app: App, services: SlackDeps): void {
  commands.register(app, services);
  actions.register(app, services);
  views.register(app, services);
  events.register(app, services);
  shortcuts.register(app, services);
  registerUnhandledFailureReply(app, services);
  registerUnclaimedFallback(app, services);
}
