import type { ApiResult, FakeMessage, FakeUnfurl, SharedLinks } from './types';
import type { FakeWorkspace } from './workspace';

type Args = Record<string, unknown>;

/**
 * A user pastes `urls` into `channel`: the message appears (unless still in the composer) and the Events API
 * `link_shared` event Slack would send is returned for the test to deliver signed.
 */
export function shareLinks(
  ws: FakeWorkspace,
  input: { channel: string; user: string; urls: string[]; source?: 'conversations_history' | 'composer'; threadTs?: string },
): Record<string, unknown> {
  const source = input.source ?? 'conversations_history';
  const shared: SharedLinks = {
    channel: input.channel,
    user: input.user,
    unfurlId: `${input.user}-${ws.newId('')}-${ws.newId('')}`.toLowerCase(),
    source,
    urls: input.urls,
  };
  if (source === 'conversations_history') {
    const message: FakeMessage = { channel: input.channel, ts: ws.nextTs(), text: input.urls.join(' '), updates: [], user: input.user };
    if (input.threadTs) message.thread_ts = input.threadTs;
    ws.messages.push(message);
    shared.messageTs = message.ts;
  }
  ws.sharedLinks.push(shared);
  return {
    type: 'link_shared',
    channel: source === 'composer' ? 'COMPOSER' : input.channel,
    is_bot_user_member: ws.channels.get(input.channel)?.botIsMember ?? false,
    user: input.user,
    message_ts: shared.messageTs ?? shared.unfurlId,
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    unfurl_id: shared.unfurlId,
    source,
    links: input.urls.map((url) => ({ domain: new URL(url).hostname, url })),
  };
}

function parseUnfurls(value: unknown): Record<string, Record<string, unknown>> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.some(([, unfurl]) => typeof unfurl !== 'object' || unfurl === null)) return undefined;
  return parsed as Record<string, Record<string, unknown>>;
}

/**
 * `chat.unfurl` as Slack documents it: the target is `channel` + `ts` or `unfurl_id` + `source` (each pair
 * complete), `unfurls` is a JSON map whose keys are URLs that appear in that message, each unfurl's blocks
 * within the message limits.
 */
export function unfurl(ws: FakeWorkspace, args: Args): ApiResult {
  const byMessage = typeof args.channel === 'string' && typeof args.ts === 'string';
  const byUnfurlId = typeof args.unfurl_id === 'string' && typeof args.source === 'string';
  if (!byMessage && !byUnfurlId) return { ok: false, error: 'invalid_arguments' };
  if (byUnfurlId && args.source !== 'composer' && args.source !== 'conversations_history') {
    return { ok: false, error: 'invalid_source' };
  }
  const shared = byUnfurlId
    ? ws.sharedLinks.find((s) => s.unfurlId === args.unfurl_id && s.source === args.source)
    : ws.sharedLinks.find((s) => s.channel === args.channel && s.messageTs === args.ts);
  if (!shared)
    return { ok: false, error: byMessage && !ws.channels.has(String(args.channel)) ? 'cannot_find_channel' : 'cannot_find_message' };
  const unfurls = parseUnfurls(args.unfurls);
  if (!unfurls || Object.keys(unfurls).length === 0) return { ok: false, error: 'invalid_unfurls_format' };
  if (Object.keys(unfurls).some((url) => !shared.urls.includes(url))) return { ok: false, error: 'cannot_unfurl_url' };
  for (const [url, attachment] of Object.entries(unfurls)) {
    const invalid = ws.checkLimits(`chat.unfurl ${url}`, 'message', { blocks: attachment.blocks ?? [] });
    if (invalid) return invalid;
  }
  ws.unfurls.push({
    channel: shared.channel,
    unfurlId: shared.unfurlId,
    unfurls: unfurls as FakeUnfurl['unfurls'],
    ...(shared.messageTs ? { messageTs: shared.messageTs } : {}),
  });
  return { ok: true };
}
