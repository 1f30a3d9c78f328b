import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { sendSignedRequest, slashCommandBody } from '../../../../dev/slack-signing';
import { SUBCOMMANDS } from '../../../../src/slack/command/grammar';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack.stop());
afterEach(() => expect(stack.slack.violations).toEqual([]));

describe('/zoom-schedule help', () => {
  it('lists every subcommand, ephemerally, in the ack itself', async () => {
    const { request, reply, inAck, responses } = await stack.command('U0ALICE', 'help');
    expect(request.status).toBe(200);
    expect(inAck).toBe(true);
    expect(reply.body.response_type).toBe('ephemeral');
    const text = JSON.stringify(reply.body.blocks);
    for (const subcommand of SUBCOMMANDS) expect(text).toContain(`/zoom-schedule ${subcommand}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(responses()).toEqual([]);
  });

  it('is answered as JSON, every time (its body is serialized once), so Slack shows its blocks', async () => {
    const send = () =>
      sendSignedRequest(
        `${stack.baseUrl}/slack/events`,
        slashCommandBody({ teamId: stack.teamId, userId: 'U0ALICE', text: 'help', responseUrl: stack.slack.responseUrl('help-json') }),
        stack.signingSecret,
      );
    const [first, second] = [await send(), await send()];
    for (const answer of [first, second]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    }
    const [firstBody, secondBody] = [await first.text(), await second.text()];
    expect(secondBody).toBe(firstBody);
    expect(JSON.parse(firstBody)).toMatchObject({ response_type: 'ephemeral', blocks: expect.any(Array) });
  });

  it('answers an unknown subcommand with help that names it', async () => {
    const { reply, inAck } = await stack.command('U0ALICE', 'frobnicate now');
    expect(inAck).toBe(true);
    expect(reply.body.text).toContain('I don\'t know "frobnicate now"');
    expect(JSON.stringify(reply.body.blocks)).toContain('/zoom-schedule connect');
  });
});

describe('/zoom-schedule argument errors', () => {
  const timeSentence = (value: string) => `${value} is not a time of day: use HH:MM between 00:00 and 23:59, e.g. 09:00.`;
  const cases: Array<[string, string, string | undefined]> = [
    ['digest on 25:00', timeSentence('25:00'), 'digest on [HH:MM] [#channel]'],
    ['digest on 12:60', timeSentence('12:60'), 'digest on [HH:MM] [#channel]'],
    ['digest on 9am tomorrow', timeSentence('9am'), 'digest on [HH:MM] [#channel]'],
    ['digest sometimes', 'Use `digest on [HH:MM] [#channel]`, `digest off` or `digest now`.', undefined],
    ['analytics 5', 'Analytics covers 7, 14 or 30 days, not “5”.', 'analytics [7|14|30]'],
    ['events tomorrow', 'Events covers `today` or `week`, not “tomorrow”.', 'events [today|week]'],
    [
      'notify',
      'Use `notify #channel [schedule]` to announce bookings in a channel, or `notify off [schedule]` for the default.',
      undefined,
    ],
    ['link', 'Which schedule? Try `/zoom-schedule link Intro call`.', 'link <schedule title or id>'],
    ['share', 'Which schedule? Try `/zoom-schedule share Intro call`.', 'share <schedule title or id>'],
    ['status now', '`status` takes nothing after it: type `/zoom-schedule status` alone.', undefined],
  ];

  it.each(cases)('%j: one sentence and at most one usage line in the ack, not the help', async (text, sentence, usage) => {
    const { request, reply, inAck, responses } = await stack.command('U0ALICE', text);
    expect(request.status).toBe(200);
    expect(inAck).toBe(true);
    expect(reply.body.response_type).toBe('ephemeral');
    // Slack reads both as mrkdwn, where `<` and `>` are escaped.
    const shown = (usage ?? '').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(reply.body.text).toBe(usage ? `${sentence} Usage: /zoom-schedule ${shown}` : sentence);
    const blocks = reply.body.blocks as Array<{ text?: { text: string }; elements?: Array<{ text: string }> }>;
    expect(blocks[0]?.text?.text).toBe(`:warning: ${sentence}`);
    if (usage) expect(blocks[1]?.elements?.[0]?.text).toBe(`Usage: \`/zoom-schedule ${shown}\``);
    expect(blocks).toHaveLength(usage ? 2 : 1);
    expect(JSON.stringify(blocks)).not.toContain('Zoom Scheduler commands');
    expect(JSON.stringify(reply.body).length).toBeLessThan(600);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(responses()).toEqual([]);
  });
});
