import { SLASH_COMMAND } from '../../../command/grammar';
import { noticeMessage } from '../../../blocks';
import type { ScheduleSummary } from '../../../../core/model';
import { replyEphemeral } from '../../../flows/replies';
import { checkChannelPostable } from '../../../flows/channel-check';
import type { CommandContext, SubcommandHandler } from './context';

/** The one schedule a `notify … <schedule>` names; undefined (after telling the user) when it names several. */
// noticeMessage escapes the sentence, schedule titles included.
async function scheduleNamed(context: CommandContext, query: string): Promise<ScheduleSummary | undefined> {
  const match = await context.services.schedules.find(context.teamId, context.userId, query);
  if (match.kind === 'one') return match.schedule;
  const listed = match.matches
    .slice(0, 10)
    .map((s) => `${s.title} (\`${s.id}\`)`)
    .join(', ');
  await replyEphemeral(context.respond, noticeMessage(`Several schedules match “${query}”: ${listed}. Name one by its id.`, 'warning'));
  return undefined;
}

/** `notify #channel`: where new and cancelled bookings are announced. Nothing is stored unless the bot can post there. */
export const notify: SubcommandHandler<'notify'> = async (context, command) => {
  const { services, client, respond, teamId, userId } = context;
  const { channel } = command;
  if (channel.kind === 'name') {
    // Slack escapes a channel only when it was picked from its autocomplete list; a typed name carries no id.
    await replyEphemeral(
      respond,
      noticeMessage(
        `Pick #${channel.name} from Slack's list as you type it, so I get the channel itself: ${SLASH_COMMAND} notify #${channel.name}`,
        'warning',
      ),
    );
    return;
  }

  // 'unknown' (Slack slow or the scope missing) is accepted: a failed post later falls back to a DM that says why.
  const check = await checkChannelPostable(client, channel.id);
  if (check.postable === false) {
    await replyEphemeral(respond, noticeMessage(check.sentence, 'warning'));
    return;
  }

  const name = check.postable === true ? (check.name ?? channel.name) : channel.name;
  if (command.schedule !== undefined) {
    const schedule = await scheduleNamed(context, command.schedule);
    if (!schedule) return;
    await services.slackUsers.setNotifyRoute(teamId, userId, {
      scheduleId: schedule.id,
      scheduleTitle: schedule.title,
      channelId: channel.id,
    });
    await replyEphemeral(
      respond,
      noticeMessage(`Bookings of ${schedule.title} will be posted in ${name ? `#${name}` : 'that channel'}.`, 'success'),
    );
    return;
  }
  await services.slackUsers.setNotifyChannel(teamId, userId, channel.id);
  await replyEphemeral(
    respond,
    noticeMessage(`New and cancelled bookings will be posted in ${name ? `#${name}` : 'that channel'}.`, 'success'),
  );
  await services.home.refresh({ teamId, userId });
};

/** `notify off`: back to the default, a DM; `notify off <schedule>`: that schedule follows the default again. */
export const notifyOff: SubcommandHandler<'notify_off'> = async (context, command) => {
  const { services, respond, teamId, userId } = context;
  if (command.schedule !== undefined) {
    const schedule = await scheduleNamed(context, command.schedule);
    if (!schedule) return;
    const removed = await services.slackUsers.removeNotifyRoute(teamId, userId, schedule.id);
    const sentence = removed
      ? `Bookings of ${schedule.title} will go where your other bookings go.`
      : `${schedule.title} had no channel of its own; its bookings already go where your other bookings go.`;
    await replyEphemeral(respond, noticeMessage(sentence, removed ? 'success' : 'info'));
    return;
  }
  await services.slackUsers.setNotifyChannel(teamId, userId, null);
  await replyEphemeral(respond, noticeMessage('New and cancelled bookings will come to you as a direct message again.', 'success'));
  await services.home.refresh({ teamId, userId });
};

/** `notify no-shows off|on`: the "Did they attend?" DM after each booked meeting. */
export const notifyNoShows: SubcommandHandler<'notify_no_shows'> = async ({ services, respond, teamId, userId }, command) => {
  await services.slackUsers.setNoShowPrompts(teamId, userId, command.enabled);
  const sentence = command.enabled
    ? 'After each booked meeting I will ask you whether the invitee attended.'
    : `I will no longer ask whether invitees attended. \`${SLASH_COMMAND} notify no-shows on\` turns it back on.`;
  await replyEphemeral(respond, noticeMessage(sentence, 'success'));
};
