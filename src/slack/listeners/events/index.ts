import type { LazyListenerModule } from '../router';
import type { SlackDeps } from '../../deps';

/** Each event module with the event types it handles; its code is required at the first of them (router.ts). */
export const MODULES: ReadonlyArray<LazyListenerModule<SlackDeps>> = [
  { ids: { event: ['app_home_opened'] }, load: async () => (await import('./app-home-opened')).registerAppHomeOpened },
  { ids: { event: ['app_uninstalled'] }, load: async () => (await import('./app-uninstalled')).registerAppUninstalled },
  { ids: { event: ['tokens_revoked'] }, load: async () => (await import('./tokens-revoked')).registerTokensRevoked },
  { ids: { event: ['link_shared'] }, load: async () => (await import('./link-shared')).registerLinkShared },
];
