import type { ApiResult, FakeMessage, MessageContent } from './types';
import type { FakeWorkspace } from './workspace';

type Args = Record<string, unknown>;

function content(args: Args): MessageContent {
  const result: MessageContent = {};
  if (typeof args.text === 'string') result.text = args.text;
  if (Array.isArray(args.blocks)) result.blocks = args.blocks;
  return result;
}

function missingContent(args: Args): ApiResult | undefined {
  const hasText = typeof args.text === 'string' && args.text !== '';
  const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
  return hasText || hasBlocks ? undefined : { ok: false, error: 'no_text' };
}

export function postMessage(ws: FakeWorkspace, args: Args): ApiResult {
  const target = ws.resolvePostTarget(args.channel);
  if ('error' in target) return { ok: false, error: target.error };
  const invalid = missingContent(args) ?? ws.checkLimits('chat.postMessage', 'message', args);
  if (invalid) return invalid;
  const message: FakeMessage = { channel: target.channel, ts: ws.nextTs(), ...content(args), updates: [] };
  if (typeof args.thread_ts === 'string') message.thread_ts = args.thread_ts;
  const metadata = messageMetadata(args.metadata);
  if (metadata) message.metadata = metadata;
  ws.messages.push(message);
  return { ok: true, channel: message.channel, ts: message.ts, message: { ...content(args), ts: message.ts } };
}

export function update(ws: FakeWorkspace, args: Args): ApiResult {
  const channel = typeof args.channel === 'string' && ws.users.has(args.channel) ? ws.dmChannelId(args.channel) : args.channel;
  const message = ws.messages.find((m) => m.channel === channel && m.ts === args.ts);
  if (!message) return { ok: false, error: 'message_not_found' };
  const invalid = missingContent(args) ?? ws.checkLimits('chat.update', 'message', args);
  if (invalid) return invalid;
  const next = content(args);
  message.updates.push(next);
  if (next.text !== undefined) message.text = next.text;
  if (next.blocks !== undefined) message.blocks = next.blocks;
  return { ok: true, channel: message.channel, ts: message.ts, text: message.text ?? '' };
}

export function postEphemeral(ws: FakeWorkspace, args: Args): ApiResult {
  const target = ws.resolvePostTarget(args.channel);
  if ('error' in target) return { ok: false, error: target.error };
  if (typeof args.user !== 'string' || !ws.users.has(args.user)) return { ok: false, error: 'user_not_in_channel' };
  const invalid = missingContent(args) ?? ws.checkLimits('chat.postEphemeral', 'message', args);
  if (invalid) return invalid;
  ws.ephemerals.push({ channel: target.channel, user: args.user, ...content(args) });
  return { ok: true, message_ts: ws.nextTs() };
}

function messageMetadata(value: unknown): FakeMessage['metadata'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { event_type: eventType, event_payload: payload } = value as Record<string, unknown>;
  if (typeof eventType !== 'string' || typeof payload !== 'object' || payload === null) return undefined;
  return { event_type: eventType, event_payload: payload as Record<string, unknown> };
}

/**
 * conversations.history as Slack answers it: newest first, `oldest`/`latest` bounds (inclusive with
 * `inclusive`), `limit` with a cursor, metadata only with include_all_metadata, and not_in_channel for a
 * channel the bot is not a member of (posting there with chat:write.public does not make it one).
 */
export function history(ws: FakeWorkspace, args: Args): ApiResult {
  const channel = typeof args.channel === 'string' ? args.channel : '';
  const unreadable = unreadableConversation(ws, channel);
  if (unreadable) return unreadable;
  const inRange = timeRange(args);
  const all = ws.messages
    .filter((m) => m.channel === channel && m.thread_ts === undefined && inRange(Number(m.ts)))
    .sort((a, b) => Number(b.ts) - Number(a.ts));
  return messagePage(all, args);
}

/**
 * conversations.replies as Slack answers it: the thread of `ts` (a parent, or any reply in it), oldest first,
 * the parent always first on the first page; `oldest`/`latest` bound the replies; a message nobody replied to
 * is a thread of one. Paged, with metadata only with include_all_metadata, and the same membership rules as
 * conversations.history.
 */
export function replies(ws: FakeWorkspace, args: Args): ApiResult {
  const channel = typeof args.channel === 'string' ? args.channel : '';
  const unreadable = unreadableConversation(ws, channel);
  if (unreadable) return unreadable;
  const asked = ws.messages.find((m) => m.channel === channel && m.ts === args.ts);
  if (!asked) return { ok: false, error: 'thread_not_found' };
  const parentTs = asked.thread_ts ?? asked.ts;
  const parent = ws.messages.find((m) => m.channel === channel && m.ts === parentTs);
  if (!parent) return { ok: false, error: 'thread_not_found' };
  const inRange = timeRange(args);
  const thread = ws.messages
    .filter((m) => m.channel === channel && m.thread_ts === parentTs && m.ts !== parentTs && inRange(Number(m.ts)))
    .sort((a, b) => Number(a.ts) - Number(b.ts));
  const replyCount = ws.messages.filter((m) => m.channel === channel && m.thread_ts === parentTs && m.ts !== parentTs).length;
  return messagePage([parent, ...thread], args, (m) =>
    m === parent
      ? replyCount > 0
        ? { thread_ts: parentTs, reply_count: replyCount }
        : {}
      : { thread_ts: parentTs, ...(parent.user ? { parent_user_id: parent.user } : { parent_user_id: 'U0FAKEBOT' }) },
  );
}

/** The bot reads a DM with a user, or a channel it is a member of; elsewhere Slack answers as it does. */
function unreadableConversation(ws: FakeWorkspace, channel: string): ApiResult | undefined {
  if (channel.startsWith('D') && ws.users.has(channel.slice(1))) return undefined;
  const known = ws.channels.get(channel);
  if (!known) return { ok: false, error: 'channel_not_found' };
  if (!known.botIsMember) return { ok: false, error: known.isPrivate ? 'channel_not_found' : 'not_in_channel' };
  return undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

function timeRange(args: Args): (ts: number) => boolean {
  const inclusive = isTrue(args.inclusive);
  const oldest = Number(args.oldest ?? 0);
  const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
  return (ts) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
}

function messagePage(all: FakeMessage[], args: Args, extra: (m: FakeMessage) => Record<string, unknown> = () => ({})): ApiResult {
  const withMetadata = isTrue(args.include_all_metadata);
  const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
  const start = typeof args.cursor === 'string' && args.cursor !== '' ? Number(args.cursor) : 0;
  const page = all.slice(start, start + limit);
  const hasMore = start + limit < all.length;
  return {
    ok: true,
    messages: page.map((m) => ({
      type: 'message',
      ts: m.ts,
      ...(m.user ? { user: m.user } : { bot_id: 'B0FAKEBOT' }),
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...extra(m),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    })),
    has_more: hasMore,
    ...(hasMore ? { response_metadata: { next_cursor: String(start + limit) } } : {}),
  };
}
