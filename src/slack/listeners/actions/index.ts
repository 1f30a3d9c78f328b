import type { LazyListenerModule } from '../router';
import type { SlackDeps } from '../../deps';
import { ACTION_IDS } from '../../command/ids';

/** Each button module with the action ids it answers; its code is required at the first of them (router.ts). */
export const MODULES: ReadonlyArray<LazyListenerModule<SlackDeps>> = [
  {
    ids: { action: [ACTION_IDS.connectZoom, ACTION_IDS.openBookingPage] },
    load: async () => (await import('./url-buttons')).registerUrlButtons,
  },
  {
    ids: { action: [ACTION_IDS.openAvailability, ACTION_IDS.pickAvailability] },
    load: async () => (await import('./availability')).registerAvailabilityActions,
  },
  {
    ids: {
      action: [
        ACTION_IDS.postLink,
        ACTION_IDS.copyUrl,
        ACTION_IDS.chooseScheduleForLink,
        ACTION_IDS.chooseScheduleForShare,
        ACTION_IDS.openNewSchedule,
        ACTION_IDS.shareSchedule,
      ],
    },
    load: async () => (await import('./schedules')).registerScheduleActions,
  },
  {
    ids: { action: [ACTION_IDS.markAttended, ACTION_IDS.markNoShow] },
    load: async () => (await import('./no-shows')).registerNoShowActions,
  },
  {
    ids: { action: [ACTION_IDS.reconnectFromAlert, ACTION_IDS.dismissConnectionAlert] },
    load: async () => (await import('./connection-alert')).registerConnectionAlertActions,
  },
];
