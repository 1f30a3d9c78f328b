import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { SUBCOMMANDS } from '../../../../src/slack/command/grammar';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack.stop());
afterEach(() => expect(stack.slack.violations).toEqual([]));

describe('/zoom-schedule help', () => {
  it('lists every subcommand, ephemerally', async () => {
    const { request, reply } = await stack.command('U0ALICE', 'help');
    expect(request).toEqual({ status: 200, body: '' });
    expect(reply.body.response_type).toBe('ephemeral');
    const text = JSON.stringify(reply.body.blocks);
    for (const subcommand of SUBCOMMANDS) expect(text).toContain(`/zoom-schedule ${subcommand}`);
  });

  it('answers an unknown subcommand with help that names it', async () => {
    const { reply } = await stack.command('U0ALICE', 'frobnicate now');
    expect(reply.body.text).toContain('I don\'t know "frobnicate now"');
    expect(JSON.stringify(reply.body.blocks)).toContain('/zoom-schedule connect');
  });

  it('answers bad arguments with the specific sentence', async () => {
    const { reply } = await stack.command('U0ALICE', 'digest on 25:00');
    expect(reply.body.text).toMatch(/25:00/);
  });
});
