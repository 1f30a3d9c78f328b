import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, isValidSlackRequest } from '@slack/bolt';
import { type FakeSlack, startFakeSlack } from '../../dev/fake-slack';
import {
  blockActionBody,
  eventCallbackBody,
  sendSignedRequest,
  signSlackRequest,
  slackSignature,
  slashCommandBody,
  viewSubmissionBody,
} from '../../dev/slack-signing';
import { loadingModal } from '../../src/slack/blocks/modals/simple';
import { noticeMessage } from '../../src/slack/blocks/messages/notice';

const SECRET = 'test-signing-secret';

function boltAccepts(body: string, headers: { 'x-slack-signature': string; 'x-slack-request-timestamp': string }): boolean {
  return isValidSlackRequest({
    signingSecret: SECRET,
    body,
    headers: {
      'x-slack-signature': headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    },
  });
}

describe('signSlackRequest', () => {
  it('matches the documented v0 example from Slack', () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack (the worked example).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('produces headers Bolt accepts, and Bolt refuses them for another body, secret or an old timestamp', () => {
    const body = 'text=hello';
    const headers = signSlackRequest({ signingSecret: SECRET, body });
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(boltAccepts(body, headers)).toBe(true);
    expect(boltAccepts('text=hullo', headers)).toBe(false);
    expect(
      isValidSlackRequest({
        signingSecret: 'other',
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      }),
    ).toBe(false);
    const old = signSlackRequest({ signingSecret: SECRET, body, timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(boltAccepts(body, old)).toBe(false);
  });
});

describe('request builders', () => {
  it('builds a slash command form with a fresh trigger id', () => {
    const request = slashCommandBody({
      teamId: 'T1',
      userId: 'U1',
      channelId: 'C1',
      text: 'link Intro & co',
      responseUrl: 'http://127.0.0.1/response/1',
    });
    const form = new URLSearchParams(request.body);
    expect(form.get('command')).toBe('/zoom-schedule');
    expect(form.get('text')).toBe('link Intro & co');
    expect(form.get('user_id')).toBe('U1');
    expect(form.get('channel_id')).toBe('C1');
    expect(form.get('response_url')).toBe('http://127.0.0.1/response/1');
    expect(form.get('trigger_id')).toBe(request.triggerId);
    expect(request.triggerId).toMatch(/^\d{13}\.\d+\.[0-9a-f]{32}$/);
  });

  it('builds block_actions and view_submission payloads as payload=<json>', () => {
    const action = blockActionBody({
      teamId: 'T1',
      userId: 'U1',
      channelId: 'C1',
      actionId: 'post_link',
      value: 'sched1',
      responseUrl: 'http://r',
    });
    const actionPayload = JSON.parse(new URLSearchParams(action.body).get('payload') ?? '{}');
    expect(actionPayload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1' },
      actions: [{ action_id: 'post_link', value: 'sched1', type: 'button' }],
      response_url: 'http://r',
      trigger_id: action.triggerId,
    });

    const submission = viewSubmissionBody({
      teamId: 'T1',
      userId: 'U1',
      view: { id: 'V1', callback_id: 'new_schedule_modal', private_metadata: '{}' },
      values: { b: { a: { type: 'plain_text_input', value: 'x' } } },
    });
    const submissionPayload = JSON.parse(new URLSearchParams(submission.body).get('payload') ?? '{}');
    expect(submissionPayload).toMatchObject({
      type: 'view_submission',
      view: { id: 'V1', callback_id: 'new_schedule_modal', state: { values: { b: { a: { value: 'x' } } } } },
    });
  });

  it('builds an Events API body as JSON', () => {
    const request = eventCallbackBody({ teamId: 'T1', event: { type: 'app_home_opened', user: 'U1', tab: 'home' }, eventId: 'Ev1' });
    expect(request.contentType).toBe('application/json');
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'Ev1',
      event: { type: 'app_home_opened', user: 'U1', tab: 'home' },
    });
  });
});

describe('a real Bolt app driven by signed requests against the fake Slack', () => {
  let slack: FakeSlack;
  let app: App;
  let server: Server;
  let endpoint: string;
  const seen: string[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack({ users: [{ id: 'U1', name: 'alex', tz: 'Europe/Paris' }] });
    app = new App({
      signingSecret: SECRET,
      token: slack.botToken,
      tokenVerificationEnabled: false,
      botId: 'B0FAKEBOT',
      botUserId: 'U0FAKEBOT',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/zoom-schedule', async ({ ack, body, client, respond }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: loadingModal() });
      await respond({ response_type: 'ephemeral', ...noticeMessage(`You said ${body.text}`) });
    });
    app.action('post_link', async ({ ack, action }) => {
      await ack();
      seen.push(`action:${'value' in action ? action.value : ''}`);
    });
    app.event('app_home_opened', async ({ event }) => {
      seen.push(`home:${event.user}`);
    });
    server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    await app.stop();
    await slack.close();
  });

  async function waitFor(check: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(check()).toBe(true);
  }

  it('runs a slash command: ack, views.open with the trigger, respond to the response_url', async () => {
    const request = slashCommandBody({ teamId: slack.teamId, userId: 'U1', text: 'status', responseUrl: slack.responseUrl('c1') });
    const response = await sendSignedRequest(endpoint, request, SECRET);
    expect(response.status).toBe(200);
    await waitFor(() => slack.responses.length === 1);
    expect(slack.responses[0]).toEqual({ id: 'c1', body: { response_type: 'ephemeral', ...noticeMessage('You said status') } });
    expect(slack.views[0]?.view).toMatchObject({ callback_id: 'loading_modal' });
    expect(slack.violations).toEqual([]);
  });

  it('delivers block actions and events', async () => {
    await sendSignedRequest(
      endpoint,
      blockActionBody({ teamId: slack.teamId, userId: 'U1', channelId: 'C1', actionId: 'post_link', value: 'sched9' }),
      SECRET,
    );
    await sendSignedRequest(
      endpoint,
      eventCallbackBody({ teamId: slack.teamId, event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' } }),
      SECRET,
    );
    await waitFor(() => seen.length === 2);
    expect([...seen].sort()).toEqual(['action:sched9', 'home:U1']);
  });

  it('is refused by Bolt when forged or stale', async () => {
    const request = slashCommandBody({ teamId: slack.teamId, userId: 'U1', text: 'status', responseUrl: slack.responseUrl('c2') });
    const forged = await sendSignedRequest(endpoint, request, 'wrong-secret');
    const stale = await sendSignedRequest(endpoint, request, SECRET, Math.floor(Date.now() / 1000) - 600);
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    expect(slack.responses.filter((r) => r.id === 'c2')).toEqual([]);
  });
});
