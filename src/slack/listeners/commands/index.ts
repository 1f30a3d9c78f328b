import type { ListenerRegistry } from '../router';
import type { SlackDeps } from '../../deps';
import { SLASH_COMMAND } from '../../command/grammar';
import { zoomScheduleCallback } from './zoom-schedule/listener';

export function register(app: ListenerRegistry, services: SlackDeps): void {
  app.command(SLASH_COMMAND, zoomScheduleCallback(services));
}
