import type { WebClient } from '@slack/web-api';
import { withLinkAttribution } from '../../core/attribution';
import type { SlackDeps } from '../deps';
import { postToChannel } from '../web/post';
import { notInChannelMessage, shareMessage, singleUseLinkMessage, type ScheduleSummary, type SlackMessage } from '../blocks';

/** Who asks to post a booking link, where, and how to answer them privately. */
export interface LinkPoster {
  services: SlackDeps;
  client: WebClient;
  teamId: string;
  userId: string;
  channelId: string;
  /** Post as a reply in this thread (the message shortcut). */
  threadTs?: string;
  /** For the "/invite @bot" sentence; a mention renders the bot's current name. */
  botUserId?: string;
  /** An answer only the user sees (ephemeral or DM). */
  replyPrivately(message: SlackMessage): Promise<void>;
}

/**
 * Posts visibly; where the bot cannot post, a private channel gets the invite sentence and a DM between
 * people gets the message privately, so the user can still pass it on.
 */
async function postOrExplain(poster: LinkPoster, message: SlackMessage): Promise<boolean> {
  const outcome = await postToChannel(poster.client, poster.channelId, message, poster.threadTs ? { threadTs: poster.threadTs } : {});
  if (outcome.posted) return true;
  if (outcome.unreachable === 'dm') {
    await poster.replyPrivately(message);
  } else {
    await poster.replyPrivately(
      notInChannelMessage({ channelId: poster.channelId, ...(poster.botUserId ? { botUserId: poster.botUserId } : {}) }),
    );
  }
  return false;
}

/** A fresh single-use link (Zoom makes a new one per call), posted for everyone with the user as host. */
export async function postSingleUseLink(poster: LinkPoster, schedule: ScheduleSummary): Promise<boolean> {
  const { singleUseUrl, openSlots } = await poster.services.schedules.singleUseLinkWithSlots(poster.teamId, poster.userId, schedule.id);
  const tagged = withLinkAttribution(singleUseUrl, { channelId: poster.channelId, scheduleId: schedule.id });
  return postOrExplain(poster, singleUseLinkMessage({ hostUserId: poster.userId, schedule, singleUseUrl: tagged, openSlots }));
}

/** The schedule's reusable URL, posted for everyone. */
export async function postShare(poster: LinkPoster, schedule: ScheduleSummary): Promise<boolean> {
  const openSlots = await poster.services.schedules.openSlots(poster.teamId, poster.userId, schedule.id);
  const tagged = { ...schedule, url: withLinkAttribution(schedule.url, { channelId: poster.channelId, scheduleId: schedule.id }) };
  return postOrExplain(poster, shareMessage({ hostUserId: poster.userId, schedule: tagged, openSlots }));
}
