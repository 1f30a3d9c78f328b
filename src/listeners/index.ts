import type { App } from '@slack/bolt';
import type { Services } from '../services';
import * as actions from './actions';
import * as commands from './commands';
import * as events from './events';
import * as views from './views';
import { registerUnhandledFallback } from './unhandled';

/** Every Slack listener, by kind; each kind's index.ts registers its own. */
export function registerListeners(app: App, services: Services): void {
  commands.register(app, services);
  actions.register(app, services);
  views.register(app, services);
  events.register(app, services);
  registerUnhandledFallback(app, services);
}
