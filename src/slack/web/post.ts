import type { KnownBlock } from '@slack/types';
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
  options: { threadTs?: string; unfurl?: boolean; marker?: DeliveryMarker } = {},
): Promise<PostedMessage> {
  const result = await client.chat.postMessage({
    channel,
    text: message.text,
    blocks: message.blocks,
    ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    ...(options.marker ? { metadata: { event_type: options.marker.eventType, event_payload: { ...options.marker.payload } } } : {}),
    ...(options.unfurl === false ? { unfurl_links: false, unfurl_media: false } : {}),
  });
  return { channel: result.channel ?? channel, ts: result.ts ?? '' };
}

export async function updateMessage(client: WebClient, channel: string, ts: string, message: SlackMessage): Promise<void> {
  await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
}

/**
 * Attaches unfurls to a message a person wrote, addressed as the `link_shared` event gave it: by `unfurl_id` +
 * `source` (works in the composer too) when the event has them, else by `channel` + `ts`; keys are the URLs as
 * they were pasted.
 */
export async function unfurlLinks(
  client: WebClient,
  target: { unfurlId: string; source: 'composer' | 'conversations_history' } | { channel: string; ts: string },
  unfurls: Record<string, { blocks: KnownBlock[] }>,
): Promise<void> {
  const address = 'unfurlId' in target ? { unfurl_id: target.unfurlId, source: target.source } : { channel: target.channel, ts: target.ts };
  await client.chat.unfurl({ ...address, unfurls });
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
export async function postToChannel(
  client: WebClient,
  channelId: string,
  message: SlackMessage,
  options: { threadTs?: string } = {},
): Promise<PostOutcome> {
  try {
    return { posted: true, ts: (await postMessage(client, channelId, message, options)).ts };
  } catch (error) {
    if (!isUnreachableChannelError(error)) throw error;
    return { posted: false, unreachable: isDirectMessage(channelId) ? 'dm' : 'channel' };
  }
}

/** Posting to a user id lands in the bot's DM with them (`im:write`): the answer channel when no response_url exists. */
export async function sendDirectMessage(client: WebClient, userId: string, message: SlackMessage): Promise<void> {
  await postMessage(client, userId, message);
}

/**
 * Message metadata that makes a post recognisable later: a process that died between posting and recording the
 * post leaves a job or claim behind, and whoever takes it over asks Slack whether the post is there before
 * posting again (exactly once out). Slack returns metadata in conversations.history only with
 * include_all_metadata=true.
 */
export interface DeliveryMarker {
  eventType: string;
  /** Flat string fields; `key` names the one that identifies the delivery. */
  payload: Record<string, string>;
}

/** conversations.history pages looked through: a takeover follows its claim within minutes, so few messages are newer. */
const HISTORY_PAGES = 3;
/** Non-Marketplace distributed apps may read only 15 messages per call since 2025-05-29; ask for no more. */
const HISTORY_PAGE_SIZE = 15;
/** Slack's clock and ours may differ; look this far before `sinceMs` too. */
const CLOCK_SKEW_MARGIN_MS = 60_000;

/**
 * The message posted to `channel` (a channel id, or a user id for the bot's DM with them) since `sinceMs` that
 * carries `marker`'s event type and the same value under `key`, or null. Needs channels:history,
 * groups:history or im:history for the conversation's kind.
 */
export async function findMarkedMessage(
  client: WebClient,
  channel: string,
  marker: DeliveryMarker,
  key: string,
  sinceMs: number,
): Promise<PostedMessage | null> {
  const conversation = isUserId(channel) ? await directMessageChannel(client, channel) : channel;
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page += 1) {
    const result = await client.conversations.history({
      channel: conversation,
      oldest: ((sinceMs - CLOCK_SKEW_MARGIN_MS) / 1000).toFixed(6),
      inclusive: true,
      include_all_metadata: true,
      limit: HISTORY_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    const found = (result.messages ?? []).find((message) => carriesMarker(message, marker, key));
    if (found?.ts) return { channel: conversation, ts: found.ts };
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!result.has_more || !cursor) break;
  }
  return null;
}

/**
 * The reply in the thread under `parentTs` posted since `sinceMs` that carries `marker` (same event type, same
 * value under `key`), or null. conversations.history never lists thread replies, so this reads the thread with
 * conversations.replies: the same history scopes, but for apps distributed outside the Marketplace one call a
 * minute of at most 15 messages, so callers ask only when an earlier attempt may have posted.
 */
export async function findMarkedReply(
  client: WebClient,
  channel: string,
  parentTs: string,
  marker: DeliveryMarker,
  key: string,
  sinceMs: number,
): Promise<PostedMessage | null> {
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page += 1) {
    const result = await client.conversations.replies({
      channel,
      ts: parentTs,
      oldest: ((sinceMs - CLOCK_SKEW_MARGIN_MS) / 1000).toFixed(6),
      inclusive: true,
      include_all_metadata: true,
      limit: HISTORY_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    const found = (result.messages ?? []).find((message) => message.ts !== parentTs && carriesMarker(message, marker, key));
    if (found?.ts) return { channel, ts: found.ts };
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!result.has_more || !cursor) break;
  }
  return null;
}

function carriesMarker(message: { ts?: string }, marker: DeliveryMarker, key: string): boolean {
  const metadata = (message as { metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }).metadata;
  return message.ts !== undefined && metadata?.event_type === marker.eventType && metadata.event_payload?.[key] === marker.payload[key];
}

function isUserId(channel: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(channel);
}

async function directMessageChannel(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw new Error('conversations.open answered without a channel');
  return id;
}
