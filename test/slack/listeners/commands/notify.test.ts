import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const notifyChannelOf = async (userId: string) => (await stack.app.store.getSlackUser(stack.teamId, userId))?.notifyChannelId;

describe('/zoom-schedule notify', () => {
  it('stores a public channel and confirms ephemerally', async () => {
    const { request, reply } = await stack.command('U0ALICE', 'notify <#C0GENERAL|general>');
    expect(request).toEqual({ status: 200, body: '' });
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toBe('New and cancelled bookings will be posted in #general.');
    expect(await notifyChannelOf('U0ALICE')).toBe('C0GENERAL');
  });

  it('refuses a private channel without the bot: the invite sentence, nothing stored', async () => {
    const { reply } = await stack.command('U0BOB', 'notify <#G0SECRET|secret-project>');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toContain('/invite @zoom-scheduler');
    expect((await notifyChannelOf('U0BOB')) ?? null).toBeNull();
  });

  it('accepts a private channel the bot was invited to', async () => {
    const { reply } = await stack.command('U0BOB', 'notify <#G0TEAM|team-private>');
    expect(reply.body.text).toBe('New and cancelled bookings will be posted in #team-private.');
    expect(await notifyChannelOf('U0BOB')).toBe('G0TEAM');
  });

  it('asks for a channel picked from the list when only a name was typed, and keeps the setting', async () => {
    const { reply } = await stack.command('U0BOB', 'notify #sales');
    expect(reply.body.text).toContain("Pick #sales from Slack's list");
    expect(reply.body.text).toContain('/zoom-schedule notify #sales');
    expect(await notifyChannelOf('U0BOB')).toBe('G0TEAM');
  });

  it('`notify off` goes back to a DM', async () => {
    const { reply } = await stack.command('U0BOB', 'notify off');
    expect(reply.body.text).toBe('New and cancelled bookings will come to you as a direct message again.');
    expect(await notifyChannelOf('U0BOB')).toBeNull();
  });
});
