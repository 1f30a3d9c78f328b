import type { ListenerRegistry } from '../router';
import type { SlackDeps } from '../../deps';
import { registerAvailabilityModal } from './availability-modal';
import { registerNewScheduleSubmission } from './new-schedule';
import { registerShareScheduleSubmission } from './share-schedule';
import { registerBookingLinkSubmission } from './booking-link';

export function register(app: ListenerRegistry, services: SlackDeps): void {
  registerAvailabilityModal(app, services);
  registerNewScheduleSubmission(app, services);
  registerShareScheduleSubmission(app, services);
  registerBookingLinkSubmission(app, services);
}
