import type { App } from '@slack/bolt';
import type { Services } from '../../deps';
import { SLASH_COMMAND } from '../../command/grammar';
import { zoomScheduleCallback } from './zoom-schedule';

export function register(app: App, services: Services): void {
  app.command(SLASH_COMMAND, zoomScheduleCallback(services));
}
