import type { LazyListenerModule } from '../router';
import type { SlackDeps } from '../../deps';
import { CALLBACK_IDS } from '../../command/ids';

/** The shortcuts with their callback ids; their code is required at the first of them (router.ts). */
export const MODULES: ReadonlyArray<LazyListenerModule<SlackDeps>> = [
  {
    ids: { shortcut: [CALLBACK_IDS.shareBookingLinkShortcut, CALLBACK_IDS.replyWithBookingLinkShortcut] },
    load: async () => (await import('./booking-link')).registerBookingLinkShortcuts,
  },
];
