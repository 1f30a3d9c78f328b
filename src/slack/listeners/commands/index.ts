import type { LazyListenerModule } from '../router';
import type { SlackDeps } from '../../deps';
import { SLASH_COMMAND } from '../../command/grammar';

/** The slash command; its parser and subcommand handlers are required at its first request (router.ts). */
export const MODULES: ReadonlyArray<LazyListenerModule<SlackDeps>> = [
  { ids: { command: [SLASH_COMMAND] }, load: async () => (await import('./zoom-schedule/listener')).registerZoomScheduleCommand },
];
