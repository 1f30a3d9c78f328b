import type { LocalStack } from '../../../dev/local-stack';
import { buildDigestData } from '../../../src/core/digest-content';
import { assertWithinSlackLimits, digestFailureMessage, digestScheduledMessage, digestSentNowMessage } from '../../../src/slack/blocks';
import type { ZoomSchedulerApi } from '../../../src/zoom';
import { digestsIn, startDigestStack, TestClock } from '../../jobs/digest-support';
import { zoomAs } from '../listeners/e2e-helpers';

const ZONE = 'America/New_York';
const NOW = '2026-06-10T12:00:00Z'; // Wed 08:00 EDT
const clock = new TestClock(Date.parse(NOW));
let stack: LocalStack;
let api: ZoomSchedulerApi;
const starts: Record<string, number> = {};

/** Books `label` at `start` as if the invitee did it at `madeAt` (the mock stamps bookings with its clock). */
async function book(scheduleId: string, label: string, madeAt: string, start: string, cancelAt?: string): Promise<void> {
  clock.set(madeAt);
  const event = await stack.zoom.book({
    scheduleId,
    startTime: start,
    invitee: { email: `${label}@example.com`, firstName: label, lastName: 'Invitee' },
  });
  if (cancelAt) {
    clock.set(cancelAt);
    await stack.zoom.cancelEvent(event.event_id, { canceler: 'invitee', reason: 'Conflict' });
  }
  starts[label] = Date.parse(start);
}

beforeAll(async () => {
  stack = await startDigestStack(clock, {
    users: [
      { id: 'U0ALICE', name: 'alice', tz: ZONE },
      { id: 'U0QUIET', name: 'quiet', tz: ZONE },
    ],
  });
  const busy = stack.zoom.addUser({ timeZone: ZONE });
  const quiet = stack.zoom.addUser({ timeZone: ZONE });
  clock.set('2026-05-20T12:00:00Z');
  const schedule = await zoomAs(stack, busy.id).createSchedule({
    summary: 'Intro call',
    duration: 30,
    capacity: 1,
    availability_override: false,
    availability_rules: [],
    time_zone: ZONE,
  });
  const id = schedule.schedule_id;
  await book(id, 'yesterdayheld', '2026-06-09T14:00:00Z', '2026-06-09T19:00:00Z'); // made and held yesterday
  await book(id, 'todaylater', '2026-06-09T15:00:00Z', '2026-06-10T14:00:00Z'); // made yesterday, 10:00 today
  await book(id, 'lastweek', '2026-06-05T13:00:00Z', '2026-06-05T18:00:00Z');
  await book(id, 'previousweek', '2026-05-30T13:00:00Z', '2026-06-01T17:00:00Z');
  await book(id, 'todayearly', '2026-06-08T13:00:00Z', '2026-06-10T11:00:00Z'); // 07:00 today: already started
  await book(id, 'cancelled', '2026-06-06T13:00:00Z', '2026-06-07T20:00:00Z', '2026-06-09T16:00:00Z');
  clock.set(NOW);
  await stack.connectZoom('U0ALICE', { zoomUserId: busy.id });
  await stack.connectZoom('U0QUIET', { zoomUserId: quiet.id });
  // From here on, Zoom as the app reaches it: through Alice's stored connection and its token refreshes.
  api = (await stack.app.services.zoomAccounts.access(stack.teamId, 'U0ALICE')).api;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

describe('buildDigestData', () => {
  it('counts yesterday and the last 7 local days against the periods before, as Zoom does', async () => {
    const data = await buildDigestData(api, { nowMs: clock.nowMs, zone: ZONE });
    expect(data.localDate).toBe('2026-06-10');
    expect(data.timeZone).toBe(ZONE);
    // Yesterday (Jun 9): two made, one held, one cancelled; Jun 8: one made.
    expect(data.yesterday).toEqual({
      current: { created: 2, completed: 1, canceled: 1, rescheduled: 0 },
      previous: { created: 1, completed: 0, canceled: 0, rescheduled: 0 },
    });
    // Jun 3–9 against May 27 – Jun 2.
    expect(data.lastSevenDays).toEqual({
      current: { created: 5, completed: 2, canceled: 1, rescheduled: 0 },
      previous: { created: 1, completed: 1, canceled: 0, rescheduled: 0 },
    });
    expect(data.popularSchedule).toEqual({ title: 'Intro call', bookings: 2 });
  });

  it("charts bookings per local day of the week and lists only today's bookings still to come", async () => {
    const data = await buildDigestData(api, { nowMs: clock.nowMs, zone: ZONE });
    expect(data.bookingsPerDay).toEqual([
      { date: '2026-06-03', count: 0 },
      { date: '2026-06-04', count: 0 },
      { date: '2026-06-05', count: 1 },
      { date: '2026-06-06', count: 0 },
      { date: '2026-06-07', count: 0 }, // the cancelled one is not a booking any more
      { date: '2026-06-08', count: 0 },
      { date: '2026-06-09', count: 1 },
    ]);
    expect(data.upcomingToday.map((b) => b.start.getTime())).toEqual([starts.todaylater]);
    expect(data.upcomingToday[0]?.invitee).toEqual({ name: 'todaylater Invitee', email: 'todaylater@example.com' });
  });

  it('passes every Zoom request through the gate', async () => {
    let gated = 0;
    await buildDigestData(api, {
      nowMs: clock.nowMs,
      zone: ZONE,
      gate: (call) => {
        gated += 1;
        return call();
      },
    });
    expect(gated).toBe(3); // two analytics requests and one page of events
  });
});

describe('DigestService.deliver', () => {
  it("posts the digest with numbers, a chart, today's booking as a date token, within Slack's limits", async () => {
    const posted = await stack.app.services.digests.deliver(
      { teamId: stack.teamId, slackUserId: 'U0ALICE', channelId: null, zone: ZONE },
      clock.nowMs,
    );
    const [message] = digestsIn(stack.slack, stack.slack.dmChannelId('U0ALICE'));
    expect(posted).toEqual({ channel: message?.channel, ts: message?.ts });
    expect(message?.text).toBe(
      'Your Zoom Scheduler digest · Wed 10 Jun. ' +
        'Yesterday: Booked: 2 vs 1 the day before (▲ +100%), Completed: 1 vs 0 the day before (new), ' +
        'Cancelled: 1 vs 0 the day before (new), Rescheduled: 0 vs 0 the day before (no change). ' +
        'Last 7 days: Booked: 5 vs 1 the 7 days before (▲ +400%), Completed: 2 vs 1 the 7 days before (▲ +100%), ' +
        'Cancelled: 1 vs 0 the 7 days before (new), Rescheduled: 0 vs 0 the 7 days before (no change). ' +
        'Today: 1 booking.',
    );
    const blocks = JSON.stringify(message?.blocks);
    expect(blocks).toContain(`<!date^${starts.todaylater! / 1000}^`);
    expect(blocks).toContain('*Bookings per day*');
    expect(blocks).toContain('*Most popular schedule*: Intro call (2 bookings)');
    expect(assertWithinSlackLimits('message', { blocks: message?.blocks })).toEqual([]);
  });

  it('says in one line that a day was empty', async () => {
    await stack.app.services.digests.deliver({ teamId: stack.teamId, slackUserId: 'U0QUIET', channelId: null, zone: ZONE }, clock.nowMs);
    const [message] = digestsIn(stack.slack, stack.slack.dmChannelId('U0QUIET'));
    const texts = (message?.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text).filter(Boolean);
    expect(texts).toEqual([
      'Your Zoom Scheduler digest · Wed 10 Jun',
      '*Yesterday*: no bookings.',
      '*Last 7 days*: no bookings.',
      '*Today*: no bookings.',
    ]);
  });
});

describe('digest notices', () => {
  it("stay within Slack's limits and carry date tokens", () => {
    const at = Date.parse('2026-06-11T13:00:00Z');
    const scheduled = digestScheduledMessage({ localTime: '09:00', timeZone: ZONE, channelId: 'C0SALES', next: { atMs: at, soon: false } });
    expect(JSON.stringify(scheduled.blocks)).toContain(`<!date^${at / 1000}^`);
    const now = digestSentNowMessage({ channelId: null, timeZone: ZONE, scheduled: { atMs: at, soon: false } });
    expect(JSON.stringify(now.blocks)).toContain(`<!date^${at / 1000}^`);
    const failures = [
      digestFailureMessage({ kind: 'connect', authorizeUrl: `https://zoom.us/oauth/authorize?state=${'s'.repeat(500)}`, reconnect: true }),
      digestFailureMessage({ kind: 'channel', channelId: 'C0GONE' }),
      digestFailureMessage({ kind: 'none', sentence: '<script> & friends'.repeat(300) }),
    ];
    for (const message of [scheduled, now, ...failures]) expect(assertWithinSlackLimits('message', message)).toEqual([]);
    expect(JSON.stringify(failures[2]?.blocks)).not.toContain('<script>');
  });
});

describe('/zoom-schedule digest now, through signed HTTP', () => {
  it('shows both figures of every comparison in the posted digest', async () => {
    const { request } = await stack.command('U0ALICE', 'digest now');
    expect(request.status).toBe(200);
    const message = await stack.waitFor(() => digestsIn(stack.slack, stack.slack.dmChannelId('U0ALICE')).at(-1), 'the digest');
    const fields = (message.blocks as Array<{ fields?: Array<{ text: string }> }>).flatMap((b) => b.fields ?? []).map((f) => f.text);
    expect(fields).toEqual(
      expect.arrayContaining([
        '*Booked*\n2 vs 1 the day before (▲ +100%)',
        '*Booked*\n5 vs 1 the 7 days before (▲ +400%)',
        '*Cancelled*\n1 vs 0 the 7 days before (new)',
      ]),
    );
  });
});
