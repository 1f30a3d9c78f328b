import type { ListenerRegistry } from '../router';
import { ACTION_IDS } from '../../command/ids';

/**
 * Buttons that only open a link (Connect Zoom, a booking page). Slack opens the URL itself but still sends a
 * block_actions payload; without an ack the user sees a warning sign on the button.
 */
const URL_BUTTONS = [ACTION_IDS.connectZoom, ACTION_IDS.openBookingPage];

export function registerUrlButtons(app: ListenerRegistry): void {
  for (const actionId of URL_BUTTONS) {
    app.action(actionId, async ({ ack }) => {
      await ack();
    });
  }
}
