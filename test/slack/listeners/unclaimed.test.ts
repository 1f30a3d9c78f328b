/**
 * Correctly signed requests no listener handles are acked at once (not after Bolt's 3 s with a 404), and where
 * Slack can show something, the user gets one sentence saying the thing is from an older version.
 */
import { startLocalStack, type LocalStack } from '../../../dev/local-stack';
import { blockActionBody, signedHeaders, viewSubmissionBody, type BuiltRequest } from '../../../dev/slack-signing';
import { makeTriggerId } from '../../../dev/fake-slack/trigger';

const ALICE = 'U0ALICE';
/** Well under Bolt's 3 s unhandled-request timeout, with room for a loaded machine. */
const PROMPT_MS = 1500;

function interaction(payload: Record<string, unknown>): BuiltRequest {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

describe('signed requests no listener handles', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.slack.reset());
  afterEach(() => expect(stack.slack.violations).toEqual([]));

  async function timed(request: BuiltRequest) {
    const started = Date.now();
    const sent = await stack.send(request);
    return { ...sent, ms: Date.now() - started };
  }

  const actor = () => ({
    teamId: stack.teamId,
    user: { id: ALICE, username: 'alice', team_id: stack.teamId },
    api_app_id: 'A0FAKEAPP',
    token: 'deprecated-verification-token',
  });

  it('acks a click on a button from an older message at once and says so in one sentence', async () => {
    const sent = await timed(
      blockActionBody({
        teamId: stack.teamId,
        userId: ALICE,
        actionId: 'retired_button',
        channelId: 'C0SALES',
        responseUrl: stack.slack.responseUrl('old-button'),
      }),
    );
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(PROMPT_MS);
    const reply = await stack.waitFor(() => stack.slack.responses.find((r) => r.id === 'old-button'), 'the old-button answer');
    expect(reply.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'This button is from an older version of the app — run `/zoom-schedule list` again.',
    });
    expect(stack.slack.responses).toHaveLength(1);
  });

  it('replaces a form this version does not know with the sentence', async () => {
    const sent = await timed(
      viewSubmissionBody({
        teamId: stack.teamId,
        userId: ALICE,
        view: { callback_id: 'retired_modal', type: 'modal', blocks: [] },
        values: {},
      }),
    );
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(PROMPT_MS);
    const ack = JSON.parse(sent.body) as { response_action: string; view: { blocks: unknown[]; title: { text: string } } };
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view.blocks)).toContain('This form is from an older version of the app');
  });

  it('answers an unknown global shortcut with a modal and a message shortcut by its response_url', async () => {
    const triggerId = makeTriggerId();
    const global = await timed(
      interaction({ type: 'shortcut', callback_id: 'retired_shortcut', trigger_id: triggerId, team: { id: stack.teamId }, ...actor() }),
    );
    expect(global.status).toBe(200);
    expect(global.ms).toBeLessThan(PROMPT_MS);
    const modal = await stack.waitFor(() => stack.slack.views.find((v) => v.type === 'modal'), 'the shortcut modal');
    expect(JSON.stringify(modal.view.blocks)).toContain('This shortcut is from an older version of the app');

    const onMessage = await timed(
      interaction({
        type: 'message_action',
        callback_id: 'retired_message_shortcut',
        trigger_id: makeTriggerId(),
        team: { id: stack.teamId },
        channel: { id: 'C0SALES', name: 'sales' },
        message: { type: 'message', ts: '1700000000.000100', text: 'hello' },
        response_url: stack.slack.responseUrl('old-message-shortcut'),
        ...actor(),
      }),
    );
    expect(onMessage.status).toBe(200);
    expect(onMessage.ms).toBeLessThan(PROMPT_MS);
    const reply = await stack.waitFor(
      () => stack.slack.responses.find((r) => r.id === 'old-message-shortcut'),
      'the message-shortcut answer',
    );
    expect(String(reply.body.text)).toContain('This shortcut is from an older version of the app');
  });

  it('answers an unknown options request with an empty list at once', async () => {
    const sent = await timed(
      interaction({
        type: 'block_suggestion',
        action_id: 'retired_select',
        block_id: 'b',
        value: 'zo',
        team: { id: stack.teamId },
        view: { id: 'V1', type: 'modal', callback_id: 'x' },
        ...actor(),
      }),
    );
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(PROMPT_MS);
    expect(JSON.parse(sent.body)).toEqual({ options: [] });
  });

  it('acks an empty signed body at once, and does nothing else', async () => {
    const sent = await timed({ body: '', contentType: 'application/x-www-form-urlencoded' });
    expect(sent).toMatchObject({ status: 200, body: '' });
    expect(sent.ms).toBeLessThan(PROMPT_MS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stack.slack.calls).toEqual([]);
    expect(stack.slack.responses).toEqual([]);
  });

  it('still refuses a forged unknown click with 401 and nothing else', async () => {
    const request = blockActionBody({
      teamId: stack.teamId,
      userId: ALICE,
      actionId: 'retired_button',
      responseUrl: stack.slack.responseUrl('forged'),
    });
    const headers = signedHeaders(request, 'not-the-signing-secret');
    const response = await fetch(`${stack.baseUrl}/slack/events`, { method: 'POST', headers: { ...headers }, body: request.body });
    expect(response.status).toBe(401);
    const stale = await stack.send(request, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(stale.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.slack.calls).toEqual([]);
    expect(stack.slack.responses).toEqual([]);
  });

  it('leaves known buttons to their own listener: one ack, no extra sentence', async () => {
    const sent = await timed(
      blockActionBody({
        teamId: stack.teamId,
        userId: ALICE,
        actionId: 'connect_zoom',
        channelId: 'C0SALES',
        responseUrl: stack.slack.responseUrl('known'),
      }),
    );
    expect(sent).toMatchObject({ status: 200, body: '' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.slack.responses).toEqual([]);
  });
});
