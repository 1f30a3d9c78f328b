import type { App } from '@slack/bolt';
import type { Services } from '../../services';
import { SLASH_COMMAND } from '../../slack/grammar';
import { zoomScheduleCallback } from './zoom-schedule';

export function register(app: App, services: Services): void {
  app.command(SLASH_COMMAND, zoomScheduleCallback(services));
}
