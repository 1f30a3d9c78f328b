import type { ListenerRegistry } from '../router';
import type { SlackDeps } from '../../deps';
import { registerUrlButtons } from './url-buttons';
import { registerAvailabilityActions } from './availability';
import { registerScheduleActions } from './schedules';
import { registerNoShowActions } from './no-shows';
import { registerConnectionAlertActions } from './connection-alert';

export function register(app: ListenerRegistry, services: SlackDeps): void {
  registerUrlButtons(app);
  registerAvailabilityActions(app, services);
  registerScheduleActions(app, services);
  registerNoShowActions(app, services);
  registerConnectionAlertActions(app, services);
}
