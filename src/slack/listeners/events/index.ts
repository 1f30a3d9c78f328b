import type { ListenerRegistry } from '../router';
import type { SlackDeps } from '../../deps';
import { registerAppHomeOpened } from './app-home-opened';
import { registerAppUninstalled } from './app-uninstalled';
import { registerLinkShared } from './link-shared';
import { registerTokensRevoked } from './tokens-revoked';

export function register(app: ListenerRegistry, services: SlackDeps): void {
  registerAppHomeOpened(app, services);
  registerAppUninstalled(app, services);
  registerTokensRevoked(app, services);
  registerLinkShared(app, services);
}
