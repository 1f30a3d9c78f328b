import { startLocalStack, type LocalStack } from '../../../dev/local-stack';
import type { FakeMessage } from '../../../dev/fake-slack';
import type { RescheduleDelivery } from '../../../src/zoom/mock/types';
import { zoomAs } from '../listeners/e2e-helpers';
import { slash } from '../listeners/schedules/helpers';
import { blockActionBody } from '../../../dev/slack-signing';

jest.setTimeout(60_000);

const ALICE = 'U0ALICE';
const ALICE_DM = 'DU0ALICE';

let stack: LocalStack;
let hostZoomUserId: string;
let scheduleId: string;

beforeAll(async () => {
  stack = await startLocalStack();
  hostZoomUserId = stack.zoom.defaultUser.id;
  expect((await stack.connectZoom(ALICE)).status).toBe(200);
  const { items } = await zoomAs(stack).listSchedules({ page_size: 10 });
  const first = items[0]?.schedule_id;
  if (!first) throw new Error('the mock seeds no schedule');
  scheduleId = first;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const settle = () => stack.app.services.zoomWebhooks.idle();
const dm = () => stack.slack.messagesIn(ALICE_DM);
const textOf = (message: FakeMessage | undefined) => JSON.stringify([message?.text, message?.blocks]);
const token = (iso: string) => `<!date^${Math.floor(Date.parse(iso) / 1000)}^`;
let inviteeNumber = 0;

async function bookAndAnnounce(): Promise<{ eventId: string; start: string; original: FakeMessage; invitee: string }> {
  inviteeNumber += 1;
  const invitee = `Mover${inviteeNumber}`;
  const booked = await stack.zoom.book({
    scheduleId,
    invitee: { email: `mover${inviteeNumber}@example.com`, firstName: invitee, lastName: 'Test' },
  });
  await settle();
  const original = dm().at(-1)!;
  expect(textOf(original)).toContain(invitee);
  return { eventId: booked.event_id, start: booked.start_date_time, original, invitee };
}

describe('a reschedule edits the one booking message in place', () => {
  it.each<[string, RescheduleDelivery, boolean]>([
    ['cancellation first, with the linking ids', 'cancel-first', true],
    ['creation first, with the linking ids', 'create-first', true],
    ['both at once, with the linking ids', 'together', true],
    ['cancellation first, without the linking ids', 'cancel-first', false],
    ['creation first, without the linking ids', 'create-first', false],
    ['both at once, without the linking ids', 'together', false],
  ])('%s', async (_name, delivery, linkIds) => {
    const { eventId, start, original, invitee } = await bookAndAnnounce();
    const before = dm().length;
    const updatesBefore = original.updates.length;

    const moved = await stack.zoom.control.reschedule(eventId, { delivery, linkIds });
    await settle();

    expect(stack.zoom.webhookDeliveries.slice(-2).map((d) => d.status)).toEqual([200, 200]);
    expect(original.updates.length).toBe(updatesBefore + 1);
    const edited = textOf(original);
    expect(edited).toContain('Rescheduled');
    expect(edited).toContain(`Moved from ${token(start)}`);
    expect(edited).toContain(`to ${token(moved.start_date_time)}`);
    expect(edited).not.toContain('Cancelled');

    const posted = dm().slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.thread_ts).toBe(original.ts);
    expect(posted[0]!.text).toContain(`${invitee} Test moved this booking`);

    // The new booking leads to the same message: its later cancellation edits it again, with who and why.
    expect(await stack.app.store.findBookingNotification(moved.event_id, hostZoomUserId)).toMatchObject({ messageTs: original.ts });
    await stack.zoom.cancelEvent(moved.event_id, { canceler: 'host', reason: 'Out <sick> & *away*' });
    await settle();
    expect(original.updates.length).toBe(updatesBefore + 2);
    const cancelled = textOf(original);
    expect(cancelled).toContain('Cancelled by');
    expect(cancelled).toContain('Out &lt;sick&gt; &amp;');
    expect(dm().slice(before)).toHaveLength(2);
    expect(dm().at(-1)!.thread_ts).toBe(original.ts);
  });

  it('says whether the invitee or the host cancelled', async () => {
    const { eventId, original, invitee } = await bookAndAnnounce();
    await stack.zoom.cancelEvent(eventId, { canceler: 'invitee', reason: 'Travelling' });
    await settle();
    expect(textOf(original)).toContain(`Cancelled by ${invitee} Test (the invitee)`);
    expect(textOf(original)).toContain('Travelling');
  });

  it('moves a booking twice in the same message', async () => {
    const { eventId, start, original } = await bookAndAnnounce();
    const daysLater = (days: number) => new Date(Date.parse(start) + days * 86_400_000).toISOString();
    const first = await stack.zoom.control.reschedule(eventId, { startTime: daysLater(14) });
    await settle();
    const second = await stack.zoom.control.reschedule(first.event_id, {
      startTime: daysLater(15),
      delivery: 'create-first',
      linkIds: false,
    });
    await settle();
    expect(original.updates).toHaveLength(2);
    expect(textOf(original)).toContain(`Moved from ${token(first.start_date_time)}`);
    expect(textOf(original)).toContain(`to ${token(second.start_date_time)}`);
    expect(textOf(original)).not.toContain(token(start));
    const seen = await stack.app.store.findSeenBookings(second.event_id, hostZoomUserId);
    expect(seen.map((row) => row.status)).toEqual(['scheduled']);
    expect((await stack.app.store.findSeenBookings(eventId, hostZoomUserId)).map((row) => row.rescheduledToEventId)).toEqual([
      first.event_id,
    ]);
  });
});

describe('notify #channel <schedule>: one schedule routed to its own channel', () => {
  it('routes only that schedule, lists the route in status, and `notify off <schedule>` removes it', async () => {
    const { items } = await zoomAs(stack).listSchedules({ page_size: 10 });
    const routed = items.find((s) => s.schedule_id === scheduleId)!;
    const other = items.find((s) => s.schedule_id !== scheduleId && s.summary !== routed.summary);
    if (!other?.schedule_id) throw new Error('the mock seeds one schedule only');

    const set = await stack.command(ALICE, `notify <#C0SALES|sales> ${routed.schedule_id}`);
    expect(set.reply.body.text).toContain(`Bookings of ${routed.summary} will be posted in #sales`);
    const status = await stack.command(ALICE, 'status');
    expect(JSON.stringify(status.reply.body.blocks)).toContain(`${routed.summary} → <#C0SALES>`);
    expect(JSON.stringify(status.reply.body.blocks)).toContain('Bookings are announced in a DM to you.');

    const salesBefore = stack.slack.messagesIn('C0SALES').length;
    const dmBefore = dm().length;
    await stack.zoom.book({ scheduleId, invitee: { email: 'routed@example.com', firstName: 'Routed', lastName: 'One' } });
    await stack.zoom.book({
      scheduleId: other.schedule_id,
      invitee: { email: 'default@example.com', firstName: 'Default', lastName: 'One' },
    });
    await settle();
    const inSales = stack.slack.messagesIn('C0SALES').slice(salesBefore);
    expect(inSales.map(textOf).join()).toContain('Routed One');
    expect(inSales.map(textOf).join()).not.toContain('Default One');
    expect(dm().slice(dmBefore).map(textOf).join()).toContain('Default One');

    const off = await stack.command(ALICE, `notify off ${routed.schedule_id}`);
    expect(off.reply.body.text).toContain('will go where your other bookings go');
    expect(await stack.app.store.listNotifyRoutes(stack.teamId, ALICE)).toEqual([]);
    await stack.zoom.book({ scheduleId, invitee: { email: 'after@example.com', firstName: 'After', lastName: 'Off' } });
    await settle();
    expect(dm().at(-1)?.text).toContain('After Off');
  });

  it('turns the attendance question off and on', async () => {
    const off = await stack.command(ALICE, 'notify no-shows off');
    expect(off.reply.body.text).toContain('no longer ask');
    expect((await stack.app.store.getSlackUser(stack.teamId, ALICE))?.noShowPrompts).toBe(false);
    await stack.command(ALICE, 'notify no-shows on');
    expect((await stack.app.store.getSlackUser(stack.teamId, ALICE))?.noShowPrompts).toBe(true);
  });
});

describe('attribution: a posted link carries UTM parameters back to the notification, the digest and analytics', () => {
  it('round-trips #sales from the posted single-use link to the digest line', async () => {
    await stack.command(ALICE, 'notify off');
    const before = stack.slack.messagesIn('C0SALES').length;
    await slash(stack, ALICE, `link ${scheduleId}`, 'C0SALES');
    const [posted] = await stack.waitFor(() => {
      const fresh = stack.slack.messagesIn('C0SALES').slice(before);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the posted link');
    const url = /"url":"([^"]*utm_source=slack[^"]*)"/.exec(JSON.stringify(posted!.blocks))?.[1];
    expect(url).toBeDefined();
    const query = new URL(url!).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({ utm_source: 'slack', utm_medium: 'C0SALES', utm_campaign: scheduleId });

    await stack.zoom.book({ scheduleId, pageUrl: url!, invitee: { email: 'utm@example.com', firstName: 'Utm', lastName: 'Booker' } });
    await stack.zoom.book({ scheduleId, invitee: { email: 'direct@example.com', firstName: 'Direct', lastName: 'Booker' } });
    await settle();
    const announced = dm().slice(-2);
    expect(textOf(announced[0])).toContain('Booked from the link in <#C0SALES>');
    expect(textOf(announced[1])).not.toContain('Booked from the link');

    await stack.command(ALICE, 'digest now');
    const digest = await stack.waitFor(() => dm().find((m) => textOf(m).includes('Bookings by channel')), 'the digest');
    expect(textOf(digest)).toMatch(/Bookings by channel, last 7 days\*: <#C0SALES> 1 · not from a Slack link \d+/);

    const analytics = await stack.command(ALICE, 'analytics 7');
    expect(JSON.stringify(analytics.reply.body.blocks)).toContain('Bookings by channel, last 7 days*: <#C0SALES> 1');
  });
});

describe('no-shows: the host is asked once the meeting has ended', () => {
  it('DMs "Did <invitee> attend?", and two presses make one PATCH at Zoom and edit the DM to the answer', async () => {
    const startTime = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
    const booked = await stack.zoom.book({
      scheduleId,
      startTime,
      invitee: { email: 'absent@example.com', firstName: 'Absent', lastName: 'Invitee' },
    });
    const prompt = await stack.waitFor(() => dm().find((m) => m.text?.startsWith('Did Absent Invitee attend')), 'the attendance question');
    expect(JSON.stringify(prompt.blocks)).toContain('"action_id":"mark_no_show"');
    const [seen] = await stack.app.store.findSeenBookings(booked.event_id, hostZoomUserId);
    expect(seen?.noShowPromptedAt).not.toBeNull();

    const press = (actionId: string) =>
      stack.send(
        blockActionBody({ teamId: stack.teamId, userId: ALICE, actionId, value: seen!.id, channelId: ALICE_DM, messageTs: prompt.ts }),
      );
    const patches = () => stack.zoom.stats.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/events/${booked.event_id}`));
    const answers = await Promise.all([press('mark_no_show'), press('mark_no_show')]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await stack.waitFor(() => (prompt.updates.length >= 2 ? true : undefined), 'both presses answered');
    await press('mark_attended');
    await stack.waitFor(() => (prompt.updates.length >= 3 ? true : undefined), 'the third press answered');

    expect(patches()).toHaveLength(1);
    expect(prompt.text).toContain('Absent Invitee was a no-show');
    expect(JSON.stringify(prompt.blocks)).not.toContain('mark_attended');
    const attendees = await zoomAs(stack).getEvent(booked.event_id);
    expect(JSON.stringify(attendees)).toContain('"no_show":true');
  });

  it('does not ask a host who turned the question off', async () => {
    await stack.command(ALICE, 'notify no-shows off');
    try {
      const startTime = new Date(Date.now() - 4 * 60 * 60 * 1000).toISOString();
      const booked = await stack.zoom.book({
        scheduleId,
        startTime,
        invitee: { email: 'quiet@example.com', firstName: 'Quiet', lastName: 'One' },
      });
      await stack.waitFor(async () => {
        const [seen] = await stack.app.store.findSeenBookings(booked.event_id, hostZoomUserId);
        return seen?.noShowPromptedAt ? true : undefined;
      }, 'the prompt job');
      expect(dm().some((m) => m.text?.startsWith('Did Quiet One attend'))).toBe(false);
    } finally {
      await stack.command(ALICE, 'notify no-shows on');
    }
  });
});
