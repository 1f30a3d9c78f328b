import { isUnreachableChannelError } from '../../../web/errors';
import {
  digestChannelByNameMessage,
  digestOffMessage,
  digestScheduledMessage,
  digestSentNowMessage,
  noticeMessage,
  notInChannelSentence,
} from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import { checkChannelPostable } from '../../../flows/channel-check';
import type { CommandContext, SubcommandHandler } from './context';

const DEFAULT_DIGEST_TIME = '09:00';

/**
 * `digest on [HH:MM] [#channel]`: the daily digest at that time of the user's own Slack time zone, to the channel
 * or a DM. Needs Zoom (the failure handler shows the connect button) and a channel the bot can post in.
 */
export const digestOn: SubcommandHandler<'digest_on'> = async (context, command) => {
  const { services, client, respond, teamId, userId } = context;
  if (command.channel?.kind === 'name') {
    await replyEphemeral(respond, digestChannelByNameMessage(command.channel.name));
    return;
  }
  await services.zoomAccounts.access(teamId, userId);
  const channelId = command.channel?.id ?? null;
  if (channelId !== null && !(await replyIfUnreachable(context, channelId))) return;

  const timeZone = await services.slackUsers.timeZone(client, teamId, userId);
  const subscription = await services.digests.subscribe({
    teamId,
    slackUserId: userId,
    localTime: command.time ?? DEFAULT_DIGEST_TIME,
    timeZone,
    channelId,
  });
  const next = await services.digests.nextDelivery(subscription, services.now());
  await replyEphemeral(respond, digestScheduledMessage({ localTime: subscription.localTime, timeZone, channelId, next }));
  await services.home.refresh({ teamId, userId });
};

export const digestOff: SubcommandHandler<'digest_off'> = async ({ services, respond, teamId, userId }) => {
  const hadSubscription = await services.digests.unsubscribe(teamId, userId);
  await replyEphemeral(respond, digestOffMessage(hadSubscription));
  await services.home.refresh({ teamId, userId });
};

/**
 * `digest now`: today's digest right away, to where the daily one goes (a DM without one). It is an extra copy,
 * not the day's delivery: nothing is claimed, and the scheduled digest still arrives at its time.
 */
export const digestNow: SubcommandHandler<'digest_now'> = async (context) => {
  const { services, client, respond, teamId, userId } = context;
  const subscription = await services.digests.subscription(teamId, userId);
  const active = subscription?.enabled ? subscription : null;
  const timeZone = await services.slackUsers.timeZone(client, teamId, userId);
  const channelId = active?.channelId ?? null;
  const nowMs = services.now();
  try {
    await services.digests.deliver({ teamId, slackUserId: userId, channelId, zone: timeZone }, nowMs);
  } catch (error) {
    if (channelId === null || !isUnreachableChannelError(error)) throw error;
    await replyEphemeral(respond, noticeMessage(notInChannelSentence(), 'warning'));
    return;
  }
  const scheduled = active ? await services.digests.nextDelivery({ ...active, timeZone }, nowMs) : undefined;
  await replyEphemeral(respond, digestSentNowMessage({ channelId, timeZone, ...(scheduled ? { scheduled } : {}) }));
};

/**
 * True when the bot can post in the channel, or when Slack could not tell in time (a failed post is then
 * reported by DM with the fix); otherwise tells the user why and how to fix it.
 */
async function replyIfUnreachable({ client, respond }: CommandContext, channelId: string): Promise<boolean> {
  const check = await checkChannelPostable(client, channelId);
  if (check.postable !== false) return true;
  await replyEphemeral(respond, noticeMessage(check.sentence, 'warning'));
  return false;
}
