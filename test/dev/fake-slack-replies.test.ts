import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { startFakeSlack } from '../../dev/fake-slack';
import { findMarkedReply, postMessage } from '../../src/slack/web/post';
import { noticeMessage } from '../../src/slack/blocks/messages/notice';
import { SLACK_BOT_SCOPES } from '../../src/slack/installation-store';
import { useChannelsWorkspace } from '../support/fake-slack-channels';

const workspace = useChannelsWorkspace();
const { client } = workspace;
const marker = (update: string) => ({ eventType: 'zoom_scheduler_booking_update', payload: { update, kind: 'cancelled' } });
const errorOf = (call: Promise<unknown>) =>
  call.then(
    () => 'ok',
    (e: WebAPIPlatformError) => e.data.error,
  );

describe('conversations.replies, as Slack answers it', () => {
  it('returns the parent first, then its replies oldest first; metadata only with include_all_metadata', async () => {
    const parent = await postMessage(client(), 'C0JOINED', noticeMessage('booking'), {
      marker: { eventType: 'zoom_scheduler_booking', payload: { booking: 'b' } },
    });
    const first = await postMessage(client(), 'C0JOINED', noticeMessage('moved'), { threadTs: parent.ts, marker: marker('m') });
    const second = await postMessage(client(), 'C0JOINED', noticeMessage('cancelled'), { threadTs: parent.ts });
    await postMessage(client(), 'C0JOINED', noticeMessage('another message, not in the thread'));

    const plain = await client().conversations.replies({ channel: 'C0JOINED', ts: parent.ts });
    expect(plain.messages?.map((m) => m.ts)).toEqual([parent.ts, first.ts, second.ts]);
    expect(plain.messages?.some((m) => 'metadata' in m)).toBe(false);
    expect(plain.messages?.[0]).toMatchObject({ thread_ts: parent.ts, reply_count: 2 });
    expect(plain.messages?.[1]).toMatchObject({ thread_ts: parent.ts });

    const withMetadata = await client().conversations.replies({ channel: 'C0JOINED', ts: first.ts, include_all_metadata: true });
    expect(withMetadata.messages?.map((m) => m.ts)).toEqual([parent.ts, first.ts, second.ts]);
    expect(withMetadata.messages?.[1]).toMatchObject({
      metadata: { event_type: 'zoom_scheduler_booking_update', event_payload: { update: 'm' } },
    });

    // conversations.history lists the parent only.
    const history = await client().conversations.history({ channel: 'C0JOINED' });
    expect(history.messages?.map((m) => m.ts)).not.toContain(first.ts);
  });

  it('a message nobody replied to is a thread of one; an unknown ts is thread_not_found', async () => {
    const lone = await postMessage(client(), 'U0ALEX', noticeMessage('booking'));
    const thread = await client().conversations.replies({ channel: lone.channel, ts: lone.ts });
    expect(thread.messages?.map((m) => m.ts)).toEqual([lone.ts]);
    expect(await errorOf(client().conversations.replies({ channel: lone.channel, ts: '1.000001' }))).toBe('thread_not_found');
  });

  it('pages with a cursor, and `oldest` bounds the replies (the parent still comes first)', async () => {
    const parent = await postMessage(client(), 'C0JOINED', noticeMessage('booking'));
    await postMessage(client(), 'C0JOINED', noticeMessage('old reply'), { threadTs: parent.ts });
    workspace.now += 5_000;
    const since = Math.floor(workspace.now / 1000);
    const recent: string[] = [];
    for (let i = 0; i < 4; i += 1)
      recent.push((await postMessage(client(), 'C0JOINED', noticeMessage(`r${i}`), { threadTs: parent.ts })).ts);

    const pageOne = await client().conversations.replies({
      channel: 'C0JOINED',
      ts: parent.ts,
      oldest: String(since),
      inclusive: true,
      limit: 3,
    });
    expect(pageOne.messages?.map((m) => m.ts)).toEqual([parent.ts, recent[0], recent[1]]);
    expect(pageOne.has_more).toBe(true);
    const cursor = pageOne.response_metadata?.next_cursor;
    const pageTwo = await client().conversations.replies({
      channel: 'C0JOINED',
      ts: parent.ts,
      oldest: String(since),
      inclusive: true,
      limit: 3,
      ...(cursor ? { cursor } : {}),
    });
    expect(pageTwo.messages?.map((m) => m.ts)).toEqual([recent[2], recent[3]]);
    expect(pageTwo.has_more).toBe(false);
  });

  it('findMarkedReply finds the marked reply past the first page, and not another update of the same thread', async () => {
    const since = workspace.now;
    const parent = await postMessage(client(), 'U0ALEX', noticeMessage('booking'));
    const reply = await postMessage(client(), 'U0ALEX', noticeMessage('moved'), { threadTs: parent.ts, marker: marker('moved:1') });
    for (let i = 0; i < 20; i += 1) await postMessage(client(), 'U0ALEX', noticeMessage(`chatter ${i}`), { threadTs: parent.ts });

    expect(await findMarkedReply(client(), parent.channel, parent.ts, marker('moved:1'), 'update', since)).toEqual({
      channel: parent.channel,
      ts: reply.ts,
    });
    expect(await findMarkedReply(client(), parent.channel, parent.ts, marker('cancelled:1'), 'update', since)).toBeNull();
  });

  it('refuses a public channel the bot is not in (not_in_channel), and a token without the history scope (missing_scope)', async () => {
    const parent = await postMessage(client(), 'C0PUBLIC', noticeMessage('posted without joining'));
    expect(await errorOf(client().conversations.replies({ channel: 'C0PUBLIC', ts: parent.ts }))).toBe('not_in_channel');

    const narrow = await startFakeSlack({
      users: [{ id: 'U0ALEX', name: 'alex', tz: 'America/New_York' }],
      scopes: SLACK_BOT_SCOPES.filter((scope) => scope !== 'im:history'),
    });
    try {
      const narrowClient = new WebClient(narrow.botToken, { slackApiUrl: narrow.apiUrl, retryConfig: { retries: 0 } });
      const dm = await postMessage(narrowClient, 'U0ALEX', noticeMessage('booking'));
      const refusal = await narrowClient.conversations.replies({ channel: dm.channel, ts: dm.ts }).then(
        () => undefined,
        (e: WebAPIPlatformError) => e.data,
      );
      expect(refusal).toMatchObject({ ok: false, error: 'missing_scope', needed: 'im:history' });
    } finally {
      await narrow.close();
    }
  });
});
