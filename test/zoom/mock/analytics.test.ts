import type { ZoomMock } from '../../../src/zoom/mock';
import { api, expectConformingResponse, minimalSchedule, startMock, tokenRequest } from './helpers';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 2, 1, 12); // Sunday 1 March 2026

describe('Zoom mock analytics computed from the events it holds', () => {
  let mock: ZoomMock;
  let token: string;
  let now = T0;
  beforeEach(async () => {
    now = T0;
    mock = await startMock({ seed: false, now: () => now });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterEach(async () => {
    expect(mock.violations).toEqual([]);
    await mock.close();
  });

  /** Schedules and bookings spread over two weeks, seen on 15 March. */
  async function history(): Promise<void> {
    const intro = (await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Intro'))).body.schedule_id;
    const group = (await api(mock, token, 'POST', '/scheduler/schedules', { ...minimalSchedule('Workshop'), capacity: 10, duration: 60 }))
      .body.schedule_id;
    const invitee = (n: number) => ({ email: `p${n}@example.com`, firstName: `P${n}`, lastName: 'X' });
    // Previous period (1–8 March): two intro bookings, one of them cancelled later in that period.
    now = T0 + DAY;
    await mock.book({ scheduleId: intro, startTime: '2026-03-03T14:00:00Z', invitee: invitee(1) });
    const dropped = await mock.book({ scheduleId: intro, startTime: '2026-03-04T14:00:00Z', invitee: invitee(2) });
    now = T0 + 2 * DAY;
    await mock.cancelEvent(dropped.event_id, { canceler: 'invitee' });
    // Current period (8–15 March): three bookings, a new schedule, a deleted schedule.
    now = T0 + 8 * DAY;
    await mock.book({ scheduleId: intro, startTime: '2026-03-10T14:00:00Z', invitee: invitee(3) });
    await mock.book({ scheduleId: intro, startTime: '2026-03-16T15:00:00Z', invitee: invitee(4) });
    await mock.book({ scheduleId: group, startTime: '2026-03-11T16:00:00Z', invitee: invitee(5) });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    const extra = (await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Extra'))).body.schedule_id;
    await api(mock, token, 'DELETE', `/scheduler/schedules/${extra}`);
    now = T0 + 14 * DAY;
    // Two weeks later the old access token has long expired.
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  }

  it('counts the last 7 days against the 7 before by default', async () => {
    await history();
    const report = await api(mock, token, 'GET', '/scheduler/analytics');
    expect(report.status).toBe(200);
    expectConformingResponse('report_analytics', report);
    expect(report.body.last_n_days).toEqual({
      scheduled_events_created: 3,
      scheduled_events_completed: 2,
      scheduled_events_canceled: 0,
      scheduled_events_rescheduled: 0,
      schedules_created: 1,
      schedules_canceled: 1,
      one_to_one: 2,
      one_to_many: 1,
      any_host_available: 0,
      all_host_available: 0,
      one_off_meeting: 0,
      meeting_poll: 0,
    });
    expect(report.body.previous_period).toEqual({
      scheduled_events_created: 2,
      scheduled_events_completed: 1,
      scheduled_events_canceled: 1,
      scheduled_events_rescheduled: 0,
      schedules_created: 2,
      schedules_canceled: 0,
      one_to_one: 2,
      one_to_many: 0,
      any_host_available: 0,
      all_host_available: 0,
      one_off_meeting: 0,
      meeting_poll: 0,
    });
    // Confirmed events overlapping 8–15 March: intro 10 Mar 14:00Z, workshop 11 Mar 16:00Z (New York time).
    expect(report.body.popular_schedules).toEqual([{ Intro: 1 }, { Workshop: 1 }]);
    expect(report.body.popular_time_of_day).toEqual([{ '10': 1 }, { '12': 1 }]);
    expect(report.body.popular_time_of_week).toEqual([{ Tue: 1 }, { Wed: 1 }]);
    expect(report.body.event_distribution_by_duration).toEqual([{ '30': 1 }, { '60': 1 }]);
    expect(report.body.users_with_most_events).toEqual([{ 'Alex Rivera': 2 }]);
    expect(report.body.users_with_least_events).toEqual([{ 'Alex Rivera': 2 }]);
  });

  it('uses from/to (date-only to = whole day) and a previous period of the same length', async () => {
    await history();
    const report = await api(mock, token, 'GET', '/scheduler/analytics?from=2026-03-08&to=2026-03-16&time_zone=UTC');
    expect(report.body.last_n_days.scheduled_events_created).toBe(3);
    expect(report.body.last_n_days.scheduled_events_completed).toBe(2);
    expect(report.body.previous_period.scheduled_events_created).toBe(2);
    expect(report.body.popular_schedules).toEqual([{ Intro: 2 }, { Workshop: 1 }]);
    expect(report.body.popular_time_of_day).toEqual([{ '14': 1 }, { '15': 1 }, { '16': 1 }]);

    const empty = await api(mock, token, 'GET', `/scheduler/analytics?user_id=${mock.defaultUser.id}&from=2024-01-01&to=2024-12-31`);
    expect(empty.status).toBe(200);
    expect(empty.body.last_n_days.scheduled_events_created).toBe(0);
    expect(empty.body.popular_schedules).toEqual([]);

    const reversed = await api(mock, token, 'GET', '/scheduler/analytics?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(reversed.status).toBe(400);
    expect(reversed.body.code).toBe(300);
  });

  it('answers user_id=all only to admin tokens, with every user', async () => {
    await history();
    const other = mock.addUser({ displayName: 'Zed Quiet' });
    const refused = await api(mock, token, 'GET', '/scheduler/analytics?user_id=all');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe(4700);
    const s2s = await tokenRequest(mock, { grant_type: 'account_credentials', account_id: mock.accountId });
    const all = await api(mock, s2s.body.access_token, 'GET', '/scheduler/analytics?user_id=all');
    expect(all.status).toBe(200);
    expect(all.body.users_with_most_events).toEqual([{ 'Alex Rivera': 2 }, { [other.displayName]: 0 }]);
    expect(all.body.users_with_least_events).toEqual([{ [other.displayName]: 0 }, { 'Alex Rivera': 2 }]);
  });
});
