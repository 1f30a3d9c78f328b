import { buttonUrl, type LocalStack } from '../../../../dev/local-stack';
import { digestInstant } from '../../../../src/time';
import { digestsIn, startDigestStack, TestClock } from '../../../jobs/digest-support';

const clock = new TestClock(Date.parse('2026-06-10T14:00:00Z')); // 10:00 in New York (EDT)
let stack: LocalStack;

beforeAll(async () => {
  stack = await startDigestStack(clock);
  await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const replyText = (reply: { body: Record<string, unknown> }) => JSON.stringify(reply.body.blocks);
const subscription = () => stack.app.store.getDigestSubscription(stack.teamId, 'U0ALICE');

describe('/zoom-schedule digest on', () => {
  it('asks a user without Zoom to connect first, and stores nothing', async () => {
    const { reply } = await stack.command('U0BOB', 'digest on');
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toContain('/oauth/authorize');
    expect(await stack.app.store.getDigestSubscription(stack.teamId, 'U0BOB')).toBeNull();
  });

  it("defaults to 09:00 in a DM, in the user's Slack time zone, and names the next send with a date token", async () => {
    const { reply } = await stack.command('U0ALICE', 'digest on');
    expect(reply.body.response_type).toBe('ephemeral');
    const saved = await subscription();
    expect(saved).toMatchObject({ localTime: '09:00', timeZone: 'America/New_York', channelId: null, enabled: true });
    // 10:00 is past today's 09:00, so today's digest is still owed and goes out on the next tick.
    expect(replyText(reply)).toContain("Today's time has passed, so today's digest arrives within a minute.");
    expect(replyText(reply)).toContain('your DMs');
  });

  it("takes a time and a channel picked from Slack's list, in either order", async () => {
    const { reply } = await stack.command('U0ALICE', 'digest on <#C0SALES|sales> 17:30');
    const saved = await subscription();
    expect(saved).toMatchObject({ localTime: '17:30', timeZone: 'America/New_York', channelId: 'C0SALES', enabled: true });
    const next = Math.floor(digestInstant('2026-06-10', '17:30', 'America/New_York') / 1000);
    expect(replyText(reply)).toContain(`<!date^${next}^`);
    expect(replyText(reply)).toContain('<#C0SALES>');
  });

  it("asks for a channel picked from Slack's list when only a #name was typed", async () => {
    const { reply } = await stack.command('U0ALICE', 'digest on 08:00 #sales');
    expect(reply.body.text).toContain("I can't look up #sales by its name");
    expect(await subscription()).toMatchObject({ localTime: '17:30', channelId: 'C0SALES' });
  });

  it('refuses a private channel the bot is not in with the invite sentence', async () => {
    const { reply } = await stack.command('U0ALICE', 'digest on 08:00 <#G0SECRET|secret-project>');
    expect(reply.body.text).toContain('invite me with /invite @zoom-scheduler');
    expect(await subscription()).toMatchObject({ localTime: '17:30', channelId: 'C0SALES' });
  });
});

describe('/zoom-schedule digest now', () => {
  it("posts today's digest to the configured channel at once without using up the scheduled one", async () => {
    const before = digestsIn(stack.slack, 'C0SALES').length;
    const { reply } = await stack.command('U0ALICE', 'digest now');
    expect(digestsIn(stack.slack, 'C0SALES')).toHaveLength(before + 1);
    expect(replyText(reply)).toContain("doesn't replace your scheduled digest");
    const sub = await subscription();
    expect(await stack.app.store.getDigestDelivery(sub!.id, '2026-06-10')).toBeNull();

    clock.set('2026-06-10T21:31:00Z'); // 17:31 in New York
    const results = await stack.app.digestScheduler.runOnce();
    expect(results).toEqual([{ subscriptionId: sub!.id, localDate: '2026-06-10', outcome: 'sent' }]);
    expect(digestsIn(stack.slack, 'C0SALES')).toHaveLength(before + 2);
  });

  it('goes to a DM for a user without a daily digest', async () => {
    await stack.connectZoom('U0BOB', { zoomUserId: stack.zoom.addUser({ timeZone: 'Europe/Berlin' }).id });
    const { reply } = await stack.command('U0BOB', 'digest now');
    expect(digestsIn(stack.slack, stack.slack.dmChannelId('U0BOB'))).toHaveLength(1);
    expect(replyText(reply)).toContain('digest on [HH:MM] [#channel]');
  });
});

describe('/zoom-schedule digest off', () => {
  it('disables the digest, and says so when there was none', async () => {
    const { reply } = await stack.command('U0ALICE', 'digest off');
    expect(reply.body.text).toContain('Daily digest off.');
    expect(await subscription()).toMatchObject({ enabled: false });
    expect(await stack.app.store.listEnabledDigestSubscriptions()).toEqual([]);

    const again = await stack.command('U0BOB', 'digest off');
    expect(again.reply.body.text).toContain('You have no daily digest.');
  });
});
