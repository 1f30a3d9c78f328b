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
