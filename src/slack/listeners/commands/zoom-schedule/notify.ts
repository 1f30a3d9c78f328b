import { SLASH_COMMAND } from '../../../command/grammar';
import { noticeMessage } from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import { checkChannelPostable } from '../../../flows/channel-check';
import type { SubcommandHandler } from './context';

/** `notify #channel`: where new and cancelled bookings are announced. Nothing is stored unless the bot can post there. */
export const notify: SubcommandHandler<'notify'> = async ({ services, client, respond, teamId, userId }, command) => {
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
  await services.slackUsers.setNotifyChannel(teamId, userId, channel.id);
  await replyEphemeral(
    respond,
    noticeMessage(`New and cancelled bookings will be posted in ${name ? `#${name}` : 'that channel'}.`, 'success'),
  );
  await services.home.refresh({ teamId, userId });
};

/** `notify off`: back to the default, a DM. */
export const notifyOff: SubcommandHandler<'notify_off'> = async ({ services, respond, teamId, userId }) => {
  await services.slackUsers.setNotifyChannel(teamId, userId, null);
  await replyEphemeral(respond, noticeMessage('New and cancelled bookings will come to you as a direct message again.', 'success'));
  await services.home.refresh({ teamId, userId });
};
