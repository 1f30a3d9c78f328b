import { WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { type FakeSlack, makeTriggerId, startFakeSlack } from '../../dev/fake-slack';
import { loadingModal } from '../../src/slack/blocks/modals/simple';
import { noticeMessage } from '../../src/slack/blocks/messages/notice';
import { homeView } from '../../src/slack/blocks/home';
import { homeData } from '../slack/blocks/fixtures';

let slack: FakeSlack;
let now = Date.now();

beforeAll(async () => {
  slack = await startFakeSlack({
    now: () => now,
    users: [
      { id: 'U0ALEX', name: 'alex', tz: 'America/New_York' },
      { id: 'U0KIRAN', name: 'kiran', tz: 'Asia/Kathmandu' },
    ],
    channels: [
      { id: 'C0PUBLIC', name: 'general', isPrivate: false, botIsMember: false },
      { id: 'G0SECRET', name: 'secret', isPrivate: true, botIsMember: false },
      { id: 'G0TEAM', name: 'team', isPrivate: true, botIsMember: true },
    ],
  });
});

afterAll(() => slack.close());

beforeEach(() => {
  slack.reset();
  now = Date.now();
});

function client(token = slack.botToken, options: { rejectRateLimitedCalls?: boolean } = {}): WebClient {
  return new WebClient(token, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, ...options });
}

async function platformError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as WebAPIPlatformError).data.error;
  }
  throw new Error('the call succeeded');
}

describe('fake Slack Web API over HTTP with a real WebClient', () => {
  it('auth.test answers with the team and bot identity', async () => {
    const result = await client().auth.test();
    expect(result).toMatchObject({ ok: true, team_id: 'T0FAKETEAM', user_id: 'U0FAKEBOT', bot_id: 'B0FAKEBOT' });
    expect(slack.calls).toEqual([{ method: 'auth.test', args: {}, receivedAt: expect.any(Number) }]);
  });

  it('refuses a wrong token and forgets a revoked one', async () => {
    expect(await platformError(client('xoxb-wrong').auth.test())).toBe('invalid_auth');
    const install = await client('').oauth.v2.access({ client_id: 'id', client_secret: 'secret', code: 'good' });
    const token = install.access_token as string;
    expect(install).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'T0FAKETEAM' }, bot_user_id: 'U0FAKEBOT' });
    await expect(client(token).auth.test()).resolves.toMatchObject({ ok: true });
    await client(token).auth.revoke();
    expect(await platformError(client(token).auth.test())).toBe('invalid_auth');
    expect(await platformError(client('').oauth.v2.access({ client_id: 'id', client_secret: 's', code: 'invalid' }))).toBe('invalid_code');
  });

  it('posts to public channels without membership (chat:write.public) and to a user as a DM', async () => {
    const message = noticeMessage('Hello & welcome');
    const posted = await client().chat.postMessage({ channel: 'C0PUBLIC', ...message });
    expect(posted).toMatchObject({ ok: true, channel: 'C0PUBLIC' });
    const dm = await client().chat.postMessage({ channel: 'U0ALEX', text: 'psst' });
    expect(dm.channel).toBe(slack.dmChannelId('U0ALEX'));
    expect(slack.messagesIn('C0PUBLIC')).toEqual([
      { channel: 'C0PUBLIC', ts: posted.ts, text: 'Hello &amp; welcome', blocks: message.blocks, updates: [] },
    ]);
    expect(slack.messagesIn(slack.dmChannelId('U0ALEX'))[0]?.text).toBe('psst');
    expect(slack.calls[0]).toEqual({
      method: 'chat.postMessage',
      args: { channel: 'C0PUBLIC', text: 'Hello &amp; welcome', blocks: message.blocks },
      receivedAt: expect.any(Number),
    });
  });

  it('answers not_in_channel for a private channel without the bot, channel_not_found for unknown ones', async () => {
    expect(await platformError(client().chat.postMessage({ channel: 'G0SECRET', text: 'x' }))).toBe('not_in_channel');
    expect(await platformError(client().chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe('channel_not_found');
    await expect(client().chat.postMessage({ channel: 'G0TEAM', text: 'x' })).resolves.toMatchObject({ ok: true });
    expect(slack.messages).toHaveLength(1);
  });

  it('updates a message and threads a reply', async () => {
    const posted = await client().chat.postMessage({ channel: 'C0PUBLIC', text: 'New booking' });
    await client().chat.update({ channel: 'C0PUBLIC', ts: posted.ts as string, text: 'Cancelled' });
    await client().chat.postMessage({ channel: 'C0PUBLIC', thread_ts: posted.ts as string, text: 'Cancelled by Zoë' });
    const [original, reply] = slack.messagesIn('C0PUBLIC');
    expect(original).toMatchObject({ ts: posted.ts, text: 'Cancelled', updates: [{ text: 'Cancelled' }] });
    expect(reply).toMatchObject({ thread_ts: posted.ts, text: 'Cancelled by Zoë' });
    expect(await platformError(client().chat.update({ channel: 'C0PUBLIC', ts: '1.000', text: 'x' }))).toBe('message_not_found');
  });

  it('records ephemerals', async () => {
    await client().chat.postEphemeral({ channel: 'C0PUBLIC', user: 'U0ALEX', text: 'only you' });
    expect(slack.ephemerals).toEqual([{ channel: 'C0PUBLIC', user: 'U0ALEX', text: 'only you' }]);
  });

  it('rejects blocks beyond Block Kit limits with invalid_blocks and records the violation', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    expect(await platformError(client().chat.postMessage({ channel: 'C0PUBLIC', text: 'x', blocks }))).toBe('invalid_blocks');
    expect(slack.violations).toEqual([
      { method: 'chat.postMessage', violations: [{ path: '/blocks', rule: 'block count is 51, at most 50 allowed' }] },
    ]);
    expect(slack.messages).toHaveLength(0);
  });

  it('opens a modal with a fresh trigger, once', async () => {
    const triggerId = makeTriggerId(now);
    const opened = await client().views.open({ trigger_id: triggerId, view: loadingModal() });
    expect(opened.view).toMatchObject({ type: 'modal', callback_id: 'loading_modal', id: slack.views[0]?.id });
    expect(await platformError(client().views.open({ trigger_id: triggerId, view: loadingModal() }))).toBe('exchanged_trigger_id');
    expect(await platformError(client().views.open({ trigger_id: 'made-up', view: loadingModal() }))).toBe('invalid_trigger_id');
  });

  it('refuses a trigger older than 3 seconds', async () => {
    const triggerId = makeTriggerId(now);
    now += 3001;
    expect(await platformError(client().views.open({ trigger_id: triggerId, view: loadingModal() }))).toBe('expired_trigger_id');
    expect(slack.views).toHaveLength(0);
  });

  it('updates a view with the hash check, and pushes one', async () => {
    const opened = await client().views.open({ trigger_id: makeTriggerId(now), view: loadingModal() });
    const { id, hash } = opened.view as { id: string; hash: string };
    const updated = await client().views.update({ view_id: id, hash, view: loadingModal('Updated') });
    expect(await platformError(client().views.update({ view_id: id, hash, view: loadingModal('Stale') }))).toBe('hash_conflict');
    expect(await platformError(client().views.update({ view_id: 'V0NOPE', view: loadingModal() }))).toBe('not_found');
    expect((updated.view as { hash: string }).hash).not.toBe(hash);
    expect(slack.views[0]?.history.map((h) => h.method)).toEqual(['views.open', 'views.update']);
    expect(slack.views[0]?.view).toMatchObject({ title: { text: 'Updated' } });
    await client().views.push({ trigger_id: makeTriggerId(now), view: loadingModal('Pushed') });
    expect(slack.views).toHaveLength(2);
  });

  it('publishes App Home per user', async () => {
    await client().views.publish({ user_id: 'U0ALEX', view: homeView(homeData()) });
    await client().views.publish({ user_id: 'U0ALEX', view: homeView(homeData({ digest: { enabled: false } })) });
    const homes = slack.views.filter((v) => v.type === 'home');
    expect(homes).toHaveLength(1);
    expect(homes[0]).toMatchObject({ userId: 'U0ALEX', history: [{ method: 'views.publish' }, { method: 'views.publish' }] });
    expect(await platformError(client().views.publish({ user_id: 'U0NOBODY', view: homeView(homeData()) }))).toBe('user_not_found');
  });

  it('answers users.info with the time zone, conversations.open and conversations.info', async () => {
    const info = await client().users.info({ user: 'U0KIRAN' });
    expect(info.user).toMatchObject({ id: 'U0KIRAN', tz: 'Asia/Kathmandu', tz_offset: 20700 });
    expect(await platformError(client().users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
    const opened = await client().conversations.open({ users: 'U0ALEX' });
    expect(opened.channel).toEqual({ id: slack.dmChannelId('U0ALEX') });
    const channel = await client().conversations.info({ channel: 'C0PUBLIC' });
    expect(channel.channel).toMatchObject({ id: 'C0PUBLIC', name: 'general', is_private: false, is_member: false });
    expect(await platformError(client().conversations.info({ channel: 'G0SECRET' }))).toBe('channel_not_found');
  });

  it('can add users and channels later', async () => {
    slack.addUser({ id: 'U0NEW', name: 'new', tz: 'UTC' });
    slack.addChannel({ id: 'G0NEW', name: 'new-private', isPrivate: true, botIsMember: true });
    await expect(client().chat.postMessage({ channel: 'G0NEW', text: 'hi' })).resolves.toMatchObject({ ok: true });
    await expect(client().users.info({ user: 'U0NEW' })).resolves.toMatchObject({ user: { tz: 'UTC' } });
  });

  it('injects a 429 with Retry-After, then answers normally', async () => {
    slack.rateLimitNext('chat.postMessage', 7);
    let rateLimited: WebAPIRateLimitedError | undefined;
    try {
      await client(slack.botToken, { rejectRateLimitedCalls: true }).chat.postMessage({ channel: 'C0PUBLIC', text: 'x' });
    } catch (error) {
      rateLimited = error as WebAPIRateLimitedError;
    }
    expect(rateLimited?.code).toBe('slack_webapi_rate_limited_error');
    expect(rateLimited?.retryAfter).toBe(7);
    await expect(client().chat.postMessage({ channel: 'C0PUBLIC', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('enforces chat.postMessage per channel as Slack does: beyond the burst in a second, 429 with Retry-After', async () => {
    slack.enforcePostRate({ burst: 2 });
    try {
      const strict = client(slack.botToken, { rejectRateLimitedCalls: true });
      await strict.chat.postMessage({ channel: 'C0PUBLIC', text: '1' });
      await strict.chat.postMessage({ channel: 'C0PUBLIC', text: '2' });
      const third = await strict.chat.postMessage({ channel: 'C0PUBLIC', text: '3' }).catch((error: unknown) => error);
      expect(third).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
      // Another channel has its own allowance; a DM by user id counts against the DM's channel.
      await expect(strict.chat.postMessage({ channel: 'U0ALEX', text: 'dm' })).resolves.toMatchObject({ ok: true });
      expect(slack.calls.filter((call) => call.status === 429)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await expect(strict.chat.postMessage({ channel: 'C0PUBLIC', text: '3 again' })).resolves.toMatchObject({ ok: true });
    } finally {
      slack.enforcePostRate(false);
    }
  });

  it('enforces a workspace-wide ceiling on chat.postMessage beyond the channels: past its burst, 429 with Retry-After', async () => {
    // 60 a minute is one a second: after the burst of two, the third post to a third conversation waits a second.
    slack.enforcePostRate({ burst: 1, workspacePerMinute: 60, workspaceBurst: 2 });
    try {
      const strict = client(slack.botToken, { rejectRateLimitedCalls: true });
      await strict.chat.postMessage({ channel: 'C0PUBLIC', text: '1' });
      await strict.chat.postMessage({ channel: 'U0ALEX', text: '2' });
      const third = await strict.chat.postMessage({ channel: 'U0KIRAN', text: '3' }).catch((error: unknown) => error);
      expect(third).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
      expect(slack.messagesIn(slack.dmChannelId('U0KIRAN'))).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await expect(strict.chat.postMessage({ channel: 'U0KIRAN', text: '3 again' })).resolves.toMatchObject({ ok: true });
    } finally {
      slack.enforcePostRate(false);
    }
  });

  it('answers every call with HTTP 503 while unavailable, and normally again after', async () => {
    slack.setUnavailable(true);
    try {
      const failed = await client()
        .chat.postMessage({ channel: 'C0PUBLIC', text: 'x' })
        .catch((error: unknown) => error);
      expect(failed).toMatchObject({ code: 'slack_webapi_http_error', statusCode: 503 });
      expect(slack.messagesIn('C0PUBLIC')).toEqual([]);
    } finally {
      slack.setUnavailable(false);
    }
    await expect(client().chat.postMessage({ channel: 'C0PUBLIC', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('injects a platform error for one method, a given number of times', async () => {
    slack.failNext('views.publish', 'not_enabled', 2);
    const view = homeView(homeData());
    expect(await platformError(client().views.publish({ user_id: 'U0ALEX', view }))).toBe('not_enabled');
    expect(await platformError(client().views.publish({ user_id: 'U0ALEX', view }))).toBe('not_enabled');
    await expect(client().views.publish({ user_id: 'U0ALEX', view })).resolves.toMatchObject({ ok: true });
  });

  it('records what is posted to a response_url, and checks its blocks', async () => {
    const url = slack.responseUrl('cmd-1');
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', ...noticeMessage('Done') }),
    });
    expect(ok.status).toBe(200);
    const tooMany = { text: 'x', blocks: Array.from({ length: 60 }, () => ({ type: 'divider' })) };
    const rejected = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tooMany) });
    expect(rejected.status).toBe(400);
    expect(slack.responses).toEqual([{ id: 'cmd-1', body: { response_type: 'ephemeral', ...noticeMessage('Done') } }]);
    expect(slack.violations.map((v) => v.method)).toEqual(['response_url']);
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${slack.botToken}` },
      body: JSON.stringify({ channel: 'C0PUBLIC', text: 'json' }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C0PUBLIC' });
    expect(slack.messagesIn('C0PUBLIC')[0]?.text).toBe('json');
  });
});
