import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { registerUrlButtons } from './url-buttons';
import { registerAvailabilityActions } from './availability';
import { registerScheduleActions } from './schedules';
import { registerNoShowActions } from './no-shows';
import { registerConnectionAlertActions } from './connection-alert';

export function register(app: App, services: SlackDeps): void {
  registerUrlButtons(app);
  registerAvailabilityActions(app, services);
  registerScheduleActions(app, services);
  registerNoShowActions(app, services);
  registerConnectionAlertActions(app, services);
}
