import type { BookingSummary, DigestData, PeriodComparison, ScheduleSummary } from '../../../src/core/model';
import type { HomeData } from '../../../src/slack/blocks/home';
import { emptyWeek } from '../../../src/slack/blocks/forms/intervals';

/** 300 characters that stress escaping (`<>&`), emoji (surrogate pairs) and mrkdwn control characters. */
export const HOSTILE_TITLE = ('<b>&amp; *bold* _it_ ~x~ `c` | 📅🎉 ' + 'Ω'.repeat(10) + ' <!channel> ').repeat(8).slice(0, 300);

export const ZONE = 'America/New_York';
export const START = new Date('2026-03-09T14:00:00Z');

export function schedule(i: number, title = `Intro call ${i}`): ScheduleSummary {
  return {
    id: `sched${String(i).padStart(21, '0')}`,
    title,
    durationMinutes: 15 + (i % 8) * 15,
    url: `https://scheduler.zoom.us/alex-doe/intro-call-${i}`,
  };
}

export function booking(i: number, title = `Intro call ${i}`, inviteeName = `Invitee ${i}`): BookingSummary {
  const start = new Date(START.getTime() + i * 3600_000);
  return {
    eventId: `event${i}`,
    title,
    start,
    end: new Date(start.getTime() + 30 * 60_000),
    invitee: { name: inviteeName, email: `invitee${i}@example.com` },
    where: 'https://zoom.us/j/123456789',
  };
}

export const realisticSchedules = [schedule(1, 'Intro call'), schedule(2, 'Product demo'), schedule(3, 'Office hours')];
export const hostileSchedules = Array.from({ length: 200 }, (_, i) => schedule(i, `${i} ${HOSTILE_TITLE}`));
export const realisticBookings = [booking(1), booking(2, 'Product demo', 'Zoë Ñúñez')];
export const hostileBookings = Array.from({ length: 60 }, (_, i) => booking(i, HOSTILE_TITLE, HOSTILE_TITLE));

export const comparison: PeriodComparison = {
  current: { created: 12, completed: 9, canceled: 1, rescheduled: 0 },
  previous: { created: 8, completed: 9, canceled: 2, rescheduled: 0 },
};

export const quiet: PeriodComparison = {
  current: { created: 0, completed: 0, canceled: 0, rescheduled: 0 },
  previous: { created: 0, completed: 0, canceled: 0, rescheduled: 0 },
};

export function digestData(overrides: Partial<DigestData> = {}): DigestData {
  return {
    localDate: '2026-03-09',
    timeZone: ZONE,
    yesterday: comparison,
    lastSevenDays: comparison,
    upcomingToday: realisticBookings,
    popularSchedule: { title: 'Intro call', bookings: 7 },
    bookingsPerDay: ['03', '04', '05', '06', '07', '08', '09'].map((d, i) => ({
      date: `2026-03-${d}`,
      count: [2, 0, 5, 1, 0, 3, 1][i] ?? 0,
    })),
    ...overrides,
  };
}

export function homeData(overrides: Partial<HomeData> = {}): HomeData {
  return {
    connection: { connected: true, displayName: 'Alex Doe', email: 'alex@example.com' },
    timeZone: ZONE,
    upcoming: realisticBookings,
    schedules: realisticSchedules,
    digest: { enabled: true, time: '09:00', channel: { id: 'C0SALES', name: 'sales' } },
    ...overrides,
  };
}

export const availabilityDraft = {
  id: 'avail0000000000000000000001',
  name: 'Working hours',
  timeZone: ZONE,
  weekly: {
    ...emptyWeek(),
    mon: [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
    fri: [{ start: '09:00', end: '15:00' }],
  },
  overrides: [
    { date: '2026-12-24', intervals: [{ start: '10:00', end: '14:00' }] },
    { date: '2026-12-25', intervals: [] },
  ],
};
