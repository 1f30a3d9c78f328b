/**
 * The bot's identity is known before the first request: Bolt authorizes every request without calling
 * auth.test before the ack (a round trip per click, on a rate-limited method).
 */
import { startLocalStack, type LocalStack } from '../dev/local-stack';
import { blockActionBody } from '../dev/slack-signing';
import { ACTION_IDS } from '../src/slack/command/ids';

const ALICE = 'U0ALICE';

describe('single-workspace bot identity', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack.stop());

  it('calls auth.test once at start-up and never per request', async () => {
    expect(stack.slack.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
    stack.slack.reset();
    for (const text of ['help', 'list', 'digest on 25:00', 'status']) {
      const { request, reply } = await stack.command(ALICE, text);
      expect(request.status).toBe(200);
      expect(reply.body.text).toBeTruthy();
    }
    const click = await stack.send(
      blockActionBody({
        teamId: stack.teamId,
        userId: ALICE,
        actionId: ACTION_IDS.connectZoom,
        responseUrl: stack.slack.responseUrl('click'),
      }),
    );
    expect(click.status).toBe(200);
    expect(stack.slack.calls.filter((c) => c.method === 'auth.test')).toEqual([]);
  });
});
