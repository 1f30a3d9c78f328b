import { ACTION_IDS } from '../../command/ids';
import { actions, button, context, section, type SlackMessage } from '../blocks';

const DEAD = 'Zoom no longer accepts your connection: it expired or was revoked.';

/**
 * The DM when a connection dies, and its reminders: what stopped (booking notices, digest, commands), a button
 * that answers with a fresh connect link, and Dismiss.
 */
export function connectionAlertMessage(input: { reminder: boolean }): SlackMessage {
  const lead = input.reminder ? `Reminder: ${DEAD}` : DEAD;
  const effect = 'Until you reconnect, I can’t announce bookings, send your digest or run Zoom commands for you.';
  return {
    text: `${lead} ${effect}`,
    blocks: [
      section(`:warning: ${lead}\n${effect}`),
      actions(
        button({ actionId: ACTION_IDS.reconnectFromAlert, text: 'Reconnect Zoom', style: 'primary' }),
        button({ actionId: ACTION_IDS.dismissConnectionAlert, text: 'Dismiss' }),
      ),
      context(
        input.reminder
          ? 'I remind you on days 1, 3 and 7; Dismiss stops that.'
          : 'I’ll remind you on days 1, 3 and 7 unless you reconnect or dismiss this.',
      ),
    ],
  };
}

export function connectionAlertDismissedMessage(): SlackMessage {
  const sentence = 'Dismissed: no more reminders. Run /zoom-schedule connect whenever you want Zoom back.';
  return { text: sentence, blocks: [section(sentence)] };
}
