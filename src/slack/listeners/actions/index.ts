import type { App } from '@slack/bolt';
import type { Services } from '../../deps';
import { registerUrlButtons } from './url-buttons';
import { registerAvailabilityActions } from './availability';
import { registerScheduleActions } from './schedules';

export function register(app: App, services: Services): void {
  registerUrlButtons(app);
  registerAvailabilityActions(app, services);
  registerScheduleActions(app, services);
}
