import type { LazyListenerModule } from '../router';
import type { SlackDeps } from '../../deps';
import { CALLBACK_IDS } from '../../command/ids';

/** Each modal submission module with the callback ids it answers; its code is required at the first of them (router.ts). */
export const MODULES: ReadonlyArray<LazyListenerModule<SlackDeps>> = [
  { ids: { view: [CALLBACK_IDS.availabilityModal] }, load: async () => (await import('./availability-modal')).registerAvailabilityModal },
  { ids: { view: [CALLBACK_IDS.newScheduleModal] }, load: async () => (await import('./new-schedule')).registerNewScheduleSubmission },
  {
    ids: { view: [CALLBACK_IDS.shareScheduleModal] },
    load: async () => (await import('./share-schedule')).registerShareScheduleSubmission,
  },
  { ids: { view: [CALLBACK_IDS.bookingLinkModal] }, load: async () => (await import('./booking-link')).registerBookingLinkSubmission },
];
