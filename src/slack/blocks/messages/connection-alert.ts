import { ACTION_IDS } from '../../command/ids';
import { actions, button, context, section, type SlackMessage } from '../blocks';

const DEAD = 'Zoom no longer accepts your connection: it expired or was revoked.';
const REFUSED = 'Zoom no longer lets your account use Scheduler: its Scheduler licence was removed, or it has no Scheduler profile.';

/**
 * The DM when a connection dies, and its reminders: what stopped (booking notices, digest, commands), a button
 * that answers with a fresh connect link, and Dismiss.
 */
export function connectionAlertMessage(input: { reminder: boolean; schedulerRefused?: boolean }): SlackMessage {
  const cause = input.schedulerRefused ? REFUSED : DEAD;
  const lead = input.reminder ? `Reminder: ${cause}` : cause;
  // A licence is the Zoom admin's to give back, and reconnecting would not help; the connection itself is fine.
  const effect = input.schedulerRefused
    ? 'Ask your Zoom admin for a Scheduler licence, or open the Scheduler tab in Zoom once, then run /zoom-schedule status. Until then I can’t announce bookings or send your digest.'
    : 'Until you reconnect, I can’t announce bookings, send your digest or run Zoom commands for you.';
  const dismiss = button({ actionId: ACTION_IDS.dismissConnectionAlert, text: 'Dismiss' });
  return {
    text: `${lead} ${effect}`,
    blocks: [
      section(`:warning: ${lead}\n${effect}`),
      input.schedulerRefused
        ? actions(dismiss)
        : actions(button({ actionId: ACTION_IDS.reconnectFromAlert, text: 'Reconnect Zoom', style: 'primary' }), dismiss),
      context(
        input.reminder
          ? 'I remind you on days 1, 3 and 7; Dismiss stops that.'
          : `I’ll remind you on days 1, 3 and 7 unless you ${input.schedulerRefused ? 'fix it' : 'reconnect'} or dismiss this.`,
      ),
    ],
  };
}

export function connectionAlertDismissedMessage(): SlackMessage {
  const sentence = 'Dismissed: no more reminders. Run /zoom-schedule connect whenever you want Zoom back.';
  return { text: sentence, blocks: [section(sentence)] };
}
