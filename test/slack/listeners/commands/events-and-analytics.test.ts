import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { eventsWindow, lastNDays, localDateAndTime, previousPeriod, type LocalDayRange } from '../../../../src/time';
import { changeLabel } from '../../../../src/slack/blocks/format';
import type { ZoomSchedulerApi } from '../../../../src/zoom';
import { zoomAs } from '../e2e-helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A zone where it is now late morning, so "today" has room for bookings later today, whenever the test runs. */
function lateMorningZone(nowMs: number): string {
  const zones = [
    'Pacific/Honolulu',
    'America/Anchorage',
    'America/Los_Angeles',
    'America/Denver',
    'America/Chicago',
    'America/New_York',
    'America/Sao_Paulo',
    'Atlantic/South_Georgia',
    'Atlantic/Azores',
    'Europe/London',
    'Europe/Berlin',
    'Europe/Athens',
    'Europe/Moscow',
    'Asia/Dubai',
    'Asia/Karachi',
    'Asia/Dhaka',
    'Asia/Bangkok',
    'Asia/Shanghai',
    'Asia/Tokyo',
    'Australia/Brisbane',
    'Pacific/Noumea',
    'Pacific/Fiji',
    'Pacific/Tongatapu',
    'Pacific/Kiritimati',
  ];
  const zone = zones.find((z) => {
    const hour = Number(localDateAndTime(nowMs, z).time.slice(0, 2));
    return hour >= 8 && hour <= 11;
  });
  if (!zone) throw new Error('no zone with a late morning now');
  return zone;
}

const SLACK_USER = 'U0CAROL';
let offsetMs = 0;
let stack: LocalStack;
let zone: string;
let zoom: ZoomSchedulerApi;
let scheduleId: string;

/** What this test did in Zoom, to compute what analytics must say. */
interface LedgerEntry {
  createdAt: number;
  startMs: number;
  endMs: number;
  cancelledAt?: number;
}
const ledger: LedgerEntry[] = [];
const booked = new Map<string, { startMs: number; endMs: number; cancelled: boolean }>();

const clock = () => Date.now() + offsetMs;

async function book(label: string, startMs: number, options: { at?: number; cancelAt?: number } = {}): Promise<void> {
  offsetMs = (options.at ?? Date.now()) - Date.now();
  const event = await stack.zoom.book({
    scheduleId,
    startTime: new Date(startMs).toISOString(),
    invitee: { email: `${label}@example.com`, firstName: label, lastName: 'Invitee' },
  });
  const entry: LedgerEntry = { createdAt: clock(), startMs, endMs: startMs + 30 * 60_000 };
  if (options.cancelAt !== undefined) {
    offsetMs = options.cancelAt - Date.now();
    await stack.zoom.cancelEvent(event.event_id, { canceler: 'invitee' });
    entry.cancelledAt = clock();
  }
  offsetMs = 0;
  ledger.push(entry);
  booked.set(label, { startMs: entry.startMs, endMs: entry.endMs, cancelled: entry.cancelledAt !== undefined });
}

beforeAll(async () => {
  zone = lateMorningZone(Date.now());
  stack = await startLocalStack({ users: [{ id: SLACK_USER, name: 'carol', tz: zone }], now: clock });
  const zoomUser = stack.zoom.addUser({ displayName: 'Carol Zoom', timeZone: zone });
  await stack.connectZoom(SLACK_USER, { zoomUserId: zoomUser.id });
  zoom = zoomAs(stack, zoomUser.id);
  const schedule = await zoom.createSchedule({
    summary: 'Carol 1:1',
    duration: 30,
    capacity: 1,
    availability_override: false,
    availability_rules: [],
    time_zone: zone,
  });
  scheduleId = schedule.schedule_id;

  const now = Date.now();
  await book('latertoday', now + 90 * 60_000);
  await book('cancelledtoday', now + 150 * 60_000, { cancelAt: now });
  await book('inthreedays', now + 3 * DAY);
  await book('cancelledinfourdays', now + 4 * DAY, { cancelAt: now });
  await book('nextmonth', now + 30 * DAY);
  // History for analytics: made, held and cancelled at various points of the last 40 days.
  await book('past3', now - 3 * DAY, { at: now - 6 * DAY });
  await book('past4', now - 4 * DAY + HOUR, { at: now - 5 * DAY, cancelAt: now - 4 * DAY - HOUR });
  await book('past10', now - 10 * DAY, { at: now - 12 * DAY });
  await book('past11', now - 11 * DAY, { at: now - 12 * DAY });
  await book('past13', now - 13 * DAY + HOUR, { at: now - 13 * DAY, cancelAt: now - 9 * DAY });
  await book('past20', now - 20 * DAY, { at: now - 25 * DAY });
  await book('past40', now - 40 * DAY, { at: now - 45 * DAY });
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const token = (ms: number) => `<!date^${Math.floor(ms / 1000)}^`;

describe('/zoom-schedule events', () => {
  it.each(['today', 'week'] as const)("lists %s's bookings with Slack date tokens and nothing cancelled", async (range) => {
    const { reply } = await stack.command(SLACK_USER, `events ${range}`);
    expect(reply.body.response_type).toBe('ephemeral');
    const blocks = JSON.stringify(reply.body.blocks);
    const window = eventsWindow(Date.now(), zone, range);
    const expected = [...booked.entries()].filter(([, b]) => !b.cancelled && b.endMs > window.startMs && b.startMs < window.endMs);
    expect(expected.length).toBeGreaterThan(0);
    expect(blocks).toContain(`(${expected.length})`);
    for (const [, b] of expected) {
      expect(blocks).toContain(token(b.startMs));
      expect(blocks).toContain(token(b.endMs));
    }
    for (const [label, b] of booked) {
      if (expected.some(([l]) => l === label)) continue;
      expect(blocks).not.toContain(token(b.startMs));
    }
    expect(blocks).not.toContain('cancelled');
  });

  it('week includes the booking in three days, today does not', async () => {
    const inThreeDays = booked.get('inthreedays')!;
    expect(JSON.stringify((await stack.command(SLACK_USER, 'events week')).reply.body.blocks)).toContain(token(inThreeDays.startMs));
    expect(JSON.stringify((await stack.command(SLACK_USER, 'events today')).reply.body.blocks)).not.toContain(token(inThreeDays.startMs));
  });
});

function expectedCounts(period: LocalDayRange, nowMs: number) {
  const within = (ms: number | undefined) => ms !== undefined && ms >= period.startMs && ms < period.endMs;
  return {
    created: ledger.filter((e) => within(e.createdAt)).length,
    completed: ledger.filter((e) => e.cancelledAt === undefined && e.endMs <= nowMs && within(e.endMs)).length,
    canceled: ledger.filter((e) => within(e.cancelledAt)).length,
  };
}

describe('/zoom-schedule analytics', () => {
  it.each([7, 14, 30] as const)('compares the last %i complete days with the period before, as the mock counts them', async (days) => {
    const { reply } = await stack.command(SLACK_USER, `analytics ${days}`);
    expect(reply.body.response_type).toBe('ephemeral');
    const now = Date.now();
    const period = lastNDays(now, zone, days);
    const current = expectedCounts(period, now);
    const previous = expectedCounts(previousPeriod(period), now);
    expect(current.created + previous.created).toBeGreaterThan(0);
    const text = String(reply.body.text);
    expect(text).toBe(
      `Bookings in the last ${days} days: Booked: ${changeLabel(current.created, previous.created, `the ${days} days before`)}, ` +
        `Completed: ${changeLabel(current.completed, previous.completed, `the ${days} days before`)}, ` +
        `Cancelled: ${changeLabel(current.canceled, previous.canceled, `the ${days} days before`)}, ` +
        `Rescheduled: 0 vs 0 the ${days} days before (no change)`,
    );
    expect(JSON.stringify(reply.body.blocks)).toContain(`Compared with the ${days} days before.`);
  });

  it('shows both figures of every comparison, with the numbers this test arranged for 7 days', async () => {
    const { reply } = await stack.command(SLACK_USER, 'analytics');
    // past3 and past4 were booked 6 and 5 days ago; past4 was cancelled 4 days ago; past13 was cancelled 9 days ago.
    expect(String(reply.body.text)).toContain('Booked: 2 vs 3 the 7 days before (▼ −33%)');
    expect(String(reply.body.text)).toContain('Cancelled: 1 vs 1 the 7 days before (no change)');
    const fields = (reply.body.blocks as Array<{ fields?: Array<{ text: string }> }>).flatMap((b) => b.fields ?? []).map((f) => f.text);
    expect(fields).toContain('*Booked*\n2 vs 3 the 7 days before (▼ −33%)');
  });
});
