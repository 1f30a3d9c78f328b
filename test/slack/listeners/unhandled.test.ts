import { startLocalStack, type LocalStack } from '../../../dev/local-stack';
import { actionInView } from './e2e-helpers';

/** app.error() (src/slack/listeners/unhandled.ts): what a listener lets fall still reaches the user. */
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
  await stack.connectZoom('U0ALICE');
});
afterAll(() => stack.stop());
afterEach(() => stack.zoom.faults.clear());

const dmsTo = (userId: string) => stack.slack.messagesIn(stack.slack.dmChannelId(userId));

describe('a failure no listener handled', () => {
  it('answers a command by its response_url with the decider’s sentence', async () => {
    stack.zoom.faults.enqueue({ method: 'GET', path: /\/scheduler\/schedules$/, status: 500, times: 5 });
    const { reply } = await stack.command('U0ALICE', 'list');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', text: "Zoom isn't answering right now. Please try again in a minute." });
  });

  it('answers a button that has a response_url there', async () => {
    stack.zoom.faults.enqueue({ method: 'GET', path: /\/scheduler\/schedules\//, status: 404, times: 1 });
    const result = await stack.action('U0ALICE', { actionId: 'copy_url', value: 'gone-schedule' });
    const answer = await result.reply;
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining("Zoom couldn't find that") });
  });

  it('answers a Home button, which has no response_url, by DM', async () => {
    const before = dmsTo('U0BOB').length;
    const home = { id: 'VHOME', hash: 'h', type: 'home' as const, view: { type: 'home', blocks: [] }, history: [] };
    // Bob has not connected Zoom: the decider's answer is the connect button.
    expect(await actionInView(stack, 'U0BOB', home, { actionId: 'copy_url', value: 'any-schedule' })).toBe(200);
    const dm = await stack.waitFor(() => dmsTo('U0BOB')[before], 'the DM with the connect button');
    expect(JSON.stringify(dm.blocks)).toContain('"action_id":"connect_zoom"');
  });
});
