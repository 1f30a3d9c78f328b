import type { App } from '@slack/bolt';
import type { Services } from '../../deps';
import { registerAppHomeOpened } from './app-home-opened';
import { registerAppUninstalled } from './app-uninstalled';
import { registerTokensRevoked } from './tokens-revoked';

export function register(app: App, services: Services): void {
  registerAppHomeOpened(app, services);
  registerAppUninstalled(app, services);
  registerTokensRevoked(app, services);
}
