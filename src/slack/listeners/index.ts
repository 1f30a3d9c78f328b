import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps';
import * as actions from './actions';
import * as commands from './commands';
import * as events from './events';
import * as shortcuts from './shortcuts';
import * as views from './views';
import { registerUnclaimedFallback } from './unclaimed';
import { registerUnhandledFailureReply } from './unhandled';
import { ListenerRouter, type LazyListenerModule } from './router';

/** Every listener module, by kind (each kind's index.ts declares its own), with the ids it answers. */
export const LISTENER_MODULES: ReadonlyArray<LazyListenerModule<SlackDeps>> = [
  ...commands.MODULES,
  ...actions.MODULES,
  ...views.MODULES,
  ...events.MODULES,
  ...shortcuts.MODULES,
];

/** Every Slack listener (each module required at its first request), and the one handler of what they let fall. */
export function registerListeners(app: App, services: SlackDeps): void {
  const router = new ListenerRouter(app);
  for (const module of LISTENER_MODULES) router.registerLazily(module, services);
  registerUnhandledFailureReply(app, services);
  registerUnclaimedFallback(app, services);
  // Last of the global middleware, so the fallback's next() (and any installed before) covers every handler.
  router.install();
}
