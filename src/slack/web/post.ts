import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../blocks';
import { isUnreachableChannelError } from './errors';

/** Slack allows about one message per second per conversation, across everything that posts there. */
export const SLACK_POST_INTERVAL_MS = 1000;

/**
 * The key the one shared Slack pacer paces by: a conversation of a workspace. Posting to a user id lands in
 * the bot's DM with them, so a DM is keyed by the user id whoever posts it (digest or booking notice).
 */
export function conversationKey(teamId: string, channel: string): string {
  return `${teamId}:${channel}`;
}

function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith('D');
}

/**
 * THE door to chat.postMessage / chat.update / chat.postEphemeral: every message the app writes goes through
 * these, so the message shape (text fallback + blocks) and the answer's checks are written once. Deliveries
 * the app sends unasked (digest, booking notices) call them inside the one shared pacer (src/lib/pacer.ts).
 */
export interface PostedMessage {
  channel: string;
  ts: string;
}

export async function postMessage(
  client: WebClient,
  channel: string,
  message: SlackMessage,
  options: { threadTs?: string; unfurl?: boolean } = {},
): Promise<PostedMessage> {
  const result = await client.chat.postMessage({
    channel,
    text: message.text,
    blocks: message.blocks,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    ...(options.unfurl === false ? { unfurl_links: false, unfurl_media: false } : {}),
  });
  return { channel: result.channel ?? channel, ts: result.ts ?? '' };
}

export async function updateMessage(client: WebClient, channel: string, ts: string, message: SlackMessage): Promise<void> {
  await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
}

/** Visible only to `userId`, in `channel`. */
export async function postEphemeral(client: WebClient, channel: string, userId: string, message: SlackMessage): Promise<void> {
  await client.chat.postEphemeral({ channel, user: userId, text: message.text, blocks: message.blocks });
}

export type PostOutcome =
  | { posted: true; ts: string }
  /** `dm`: a DM between people, which the bot cannot join; `channel`: a private channel it is not in. */
  | { posted: false; unreachable: 'dm' | 'channel' };

/** Posts visibly; a conversation the bot cannot reach is an outcome, not an error. Other failures throw. */
export async function postToChannel(client: WebClient, channelId: string, message: SlackMessage): Promise<PostOutcome> {
  try {
    return { posted: true, ts: (await postMessage(client, channelId, message)).ts };
  } catch (error) {
    if (!isUnreachableChannelError(error)) throw error;
    return { posted: false, unreachable: isDirectMessage(channelId) ? 'dm' : 'channel' };
  }
}

/** Posting to a user id lands in the bot's DM with them (`im:write`): the answer channel when no response_url exists. */
export async function sendDirectMessage(client: WebClient, userId: string, message: SlackMessage): Promise<void> {
  await postMessage(client, userId, message);
}
