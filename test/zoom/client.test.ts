/**
 * Every Scheduler operation against the built-in mock over real HTTP, results checked field by field.
 * Includes the connector's ten scenarios (zoom-api.md §6) and the CRUD round trips.
 */
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import {
  staticAccessToken,
  ZoomApiError,
  ZoomSchedulerClient,
  ZoomTimeoutError,
  type ZoomSchedulerApi,
  type ZoomWeeklyHours,
} from '../../src/zoom';

const WEEKDAYS_9_TO_5: ZoomWeeklyHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [day, [{ start: '09:00', end: '17:00' }]]),
);

function apiFor(mock: ZoomMock, options: { timeoutMs?: number; userId?: string } = {}): ZoomSchedulerApi {
  const tokens = mock.issueTokensFor(options.userId ?? mock.defaultUser.id);
  const client = new ZoomSchedulerClient({
    apiBaseUrl: mock.apiBaseUrl,
    retry: { baseDelayMs: 1 },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  return client.as(staticAccessToken(tokens.access_token));
}

async function expectApiError(promise: Promise<unknown>, status: number, operation: string): Promise<ZoomApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ZoomApiError);
  expect(error).toMatchObject({ status, operation });
  return error as ZoomApiError;
}

describe('Zoom Scheduler client against the mock (seeded account)', () => {
  let mock: ZoomMock;
  let api: ZoomSchedulerApi;

  beforeAll(async () => {
    mock = await startZoomMock();
    api = apiFor(mock);
  });
  afterEach(() => expect(mock.violations).toEqual([]));
  afterAll(() => mock.close());

  it('scenario 3: gets the Scheduler user ("me" and by id)', async () => {
    const expected = {
      display_name: 'Alex Rivera',
      slug: 'alex-rivera',
      time_zone: 'America/New_York',
      scheduling_url: 'https://scheduler.zoom.us/alex-rivera',
    };
    expect(await api.getUser()).toMatchObject(expected);
    expect(await api.getUser(mock.defaultUser.id)).toMatchObject(expected);
  });

  it('scenario 2: lists availability with the seeded working hours', async () => {
    const page = await api.listAvailability({ user_id: mock.defaultUser.id });
    expect(page.nextPageToken).toBeUndefined();
    expect(page.items).toHaveLength(1);
    const [hours] = page.items;
    expect(hours?.availability_id).toMatch(/^[a-z0-9]{26}$/);
    expect(hours?.name).toBe('Working Hours');
    expect(hours?.default).toBe(true);
    expect(hours?.time_zone).toBe('America/New_York');
    expect(hours?.segments_recurrence).toEqual(WEEKDAYS_9_TO_5);
  });

  it('scenario 10: lists events with a page size; gets an event and its attendee', async () => {
    const page = await api.listEvents({ page_size: 10, show_deleted: true });
    expect(page.items).toHaveLength(4);
    const statuses = page.items.map((e) => e.status).sort();
    expect(statuses).toEqual(['cancelled', 'confirmed', 'confirmed', 'confirmed']);

    const past = page.items.find((e) => e.attendees?.[0]?.email === 'jordan.lee@example.com');
    if (!past) throw new Error('seeded event missing');
    const event = await api.getEvent(past.event_id);
    expect(event.event_id).toBe(past.event_id);
    expect(event.summary).toBe('30 Minute Meeting');
    expect(event.status).toBe('confirmed');
    expect(Date.parse(event.end_date_time ?? '') - Date.parse(event.start_date_time ?? '')).toBe(30 * 60_000);

    const attendeeId = event.attendees?.[0]?.attendee_id ?? '';
    const attendee = await api.getEventAttendee(event.event_id, attendeeId);
    expect(attendee).toMatchObject({
      attendee_id: attendeeId,
      event_id: event.event_id,
      email: 'jordan.lee@example.com',
      first_name: 'Jordan',
      last_name: 'Lee',
      time_zone: 'Europe/London',
      no_show: false,
    });
  });

  it('updates an event: no-show, meeting notes, cancel; then deletes it', async () => {
    const { items } = await api.listEvents({ page_size: 10 });
    const target = items.find((e) => e.attendees?.[0]?.email === 'sam.patel@example.com');
    if (!target) throw new Error('seeded event missing');

    await api.markNoShow(target.event_id, 'sam.patel@example.com');
    await api.setMeetingNotes(target.event_id, 'Bring the Q3 numbers');
    let event = await api.getEvent(target.event_id);
    expect(event.meeting_notes).toBe('Bring the Q3 numbers');
    expect(event.attendees?.[0]).toMatchObject({ email: 'sam.patel@example.com', no_show: true });

    await api.cancelEvent(target.event_id);
    event = await api.getEvent(target.event_id);
    expect(event.status).toBe('cancelled');

    await api.deleteEvent(target.event_id);
    await expectApiError(api.getEvent(target.event_id), 404, 'get_scheduled_events');
  });

  it('lists teams', async () => {
    const teams = await api.listTeams();
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({ name: 'Customer Success', slug: 'customer-success', member_count: 1, timezone: 'America/New_York' });
    expect(teams[0]?.team_id).toMatch(/^[a-z0-9]{26}$/);
  });

  it('reports an unknown routing-form response as a 404 ZoomApiError', async () => {
    const error = await expectApiError(api.getRoutingFormResponse('nosuchform', 'nosuchresponse'), 404, 'Getroutingresponse');
    expect(error.zoomMessage).toEqual(expect.any(String));
  });

  it('injected 429 (Retry-After seconds) then success, and 500 exhaustion, through the mock', async () => {
    mock.faults.enqueue({ path: /\/scheduler\/teams$/, status: 429, retryAfter: '0', times: 1 });
    expect(await api.listTeams()).toHaveLength(1);

    mock.faults.enqueue({ path: /\/scheduler\/teams$/, status: 500, times: 10 });
    await expectApiError(api.listTeams(), 500, 'Listteam');
    mock.faults.clear();
    const teamCalls = mock.stats.requests.filter((r) => r.path.endsWith('/scheduler/teams'));
    expect(teamCalls.map((r) => r.status)).toEqual([200, 429, 200, 500, 500, 500, 500]);
  });

  it('times out a delayed response from the mock', async () => {
    mock.faults.enqueue({ path: /\/scheduler\/users\//, delayMs: 500, times: 4 });
    const slowApi = apiFor(mock, { timeoutMs: 100 });
    const error = await slowApi.getUser().catch((e: unknown) => e);
    mock.faults.clear();
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect(error).toMatchObject({ operation: 'get_user', timeoutMs: 100 });
  });
});

describe('Zoom Scheduler client against the mock (empty account)', () => {
  let mock: ZoomMock;
  let api: ZoomSchedulerApi;

  beforeAll(async () => {
    mock = await startZoomMock({ seed: false });
    api = apiFor(mock);
  });
  afterEach(() => expect(mock.violations).toEqual([]));
  afterAll(() => mock.close());

  it('availability: create → get → update → list → delete', async () => {
    const base = await api.createAvailability({ name: 'Working Hours', time_zone: 'UTC', segments_recurrence: WEEKDAYS_9_TO_5 });
    expect(base.default).toBe(true); // an account's first availability becomes its default, which Zoom won't delete
    const created = await api.createAvailability({
      name: 'Extended Office Hours',
      time_zone: 'America/New_York',
      segments_recurrence: { mon: [{ start: '08:00', end: '18:00' }], fri: [{ start: '08:00', end: '16:00' }] },
      segments: [{ start: '2026-07-03T13:00:00Z', end: '2026-07-03T17:00:00Z' }],
    });
    expect(created.name).toBe('Extended Office Hours');
    expect(created.time_zone).toBe('America/New_York');
    expect(created.default).toBe(false);
    expect(created.segments_recurrence).toEqual({ mon: [{ start: '08:00', end: '18:00' }], fri: [{ start: '08:00', end: '16:00' }] });

    const fetched = await api.getAvailability(created.availability_id);
    expect(fetched).toMatchObject({
      availability_id: created.availability_id,
      name: 'Extended Office Hours',
      time_zone: 'America/New_York',
      segments: [{ start: '2026-07-03T13:00:00Z', end: '2026-07-03T17:00:00Z' }],
    });

    await api.updateAvailability(created.availability_id, {
      name: 'Late Office Hours',
      time_zone: 'Europe/Berlin',
      segments_recurrence: { tue: [{ start: '12:00', end: '20:00' }] },
    });
    const updated = await api.getAvailability(created.availability_id);
    expect(updated.name).toBe('Late Office Hours');
    expect(updated.time_zone).toBe('Europe/Berlin');
    expect(updated.segments_recurrence).toEqual({ tue: [{ start: '12:00', end: '20:00' }] });

    const listed = await api.listAvailability();
    expect(listed.items.map((a) => [a.availability_id, a.name])).toContainEqual([created.availability_id, 'Late Office Hours']);

    await api.deleteAvailability(created.availability_id);
    await expectApiError(api.getAvailability(created.availability_id), 404, 'get_availability');
    expect((await api.listAvailability()).items.map((a) => a.availability_id)).not.toContain(created.availability_id);
  });

  it('scenarios 4, 5 and 6: creates a minimal schedule, gets it, lists schedules with a page size', async () => {
    const created = await api.createSchedule({
      summary: 'Test Schedule',
      duration: 30,
      capacity: 1,
      availability_rules: [{ email: mock.defaultUser.email, time_zone: 'UTC' }],
      availability_override: false,
    });
    expect(created.schedule_id).toMatch(/^[a-z0-9]{26}$/);
    expect(created).toMatchObject({ summary: 'Test Schedule', duration: 30, capacity: 1, availability_override: false });
    expect(created.scheduling_url).toMatch(/^https:\/\/scheduler\.zoom\.us\/alex-rivera\/test-schedule$/);

    const fetched = await api.getSchedule(created.schedule_id);
    expect(fetched).toMatchObject({ schedule_id: created.schedule_id, summary: 'Test Schedule', duration: 30, capacity: 1 });
    expect(fetched.availability_rules?.[0]).toMatchObject({ email: mock.defaultUser.email, time_zone: 'UTC' });

    const page = await api.listSchedules({ page_size: 10 });
    expect(page.items.map((s) => [s.schedule_id, s.summary, s.duration])).toContainEqual([created.schedule_id, 'Test Schedule', 30]);
    await api.deleteSchedule(created.schedule_id);
  });

  it('scenario 9: creates a two-host schedule with two availability rules', async () => {
    const user1 = mock.addUser({ email: 'user1@example.com', displayName: 'User One' });
    const user2 = mock.addUser({ email: 'user2@example.com', displayName: 'User Two' });
    const created = await api.createSchedule({
      summary: 'Complex Schedule',
      duration: 60,
      capacity: 5,
      availability_rules: [
        { email: user1.email, time_zone: 'UTC' },
        { email: user2.email, time_zone: 'America/Los_Angeles' },
      ],
      availability_override: false,
    });
    expect(created).toMatchObject({ summary: 'Complex Schedule', duration: 60, capacity: 5 });
    const fetched = await api.getSchedule(created.schedule_id);
    expect(fetched.availability_rules?.map((rule) => [rule.email, rule.time_zone])).toEqual([
      ['user1@example.com', 'UTC'],
      ['user2@example.com', 'America/Los_Angeles'],
    ]);
    await api.deleteSchedule(created.schedule_id);
  });

  it('schedules: create → get → update → list → delete; single-use links are unique; shares', async () => {
    const created = await api.createSchedule({
      summary: 'Design Review',
      description: 'Walk through the mockups',
      duration: 45,
      capacity: 1,
      availability_override: true,
      availability_rules: [{ email: mock.defaultUser.email, time_zone: 'America/New_York', segments_recurrence: WEEKDAYS_9_TO_5 }],
      buffer: { before: 5, after: 10 },
      slug: 'design-review',
      add_on_type: 'zoomMeeting',
      interval_type: 'unlimited',
    });
    expect(created.scheduling_url).toBe('https://scheduler.zoom.us/alex-rivera/design-review');
    expect(created.buffer).toEqual({ before: 5, after: 10 });

    await api.updateSchedule(created.schedule_id, { summary: 'Design Review (v2)', duration: 60, active: false });
    const updated = await api.getSchedule(created.schedule_id);
    expect(updated).toMatchObject({ summary: 'Design Review (v2)', duration: 60, active: false, description: 'Walk through the mockups' });

    const first = await api.createSingleUseLink(created.schedule_id);
    const second = await api.createSingleUseLink(created.schedule_id);
    expect(first.scheduling_url).toMatch(/^https:\/\/scheduler\.zoom\.us\//);
    expect(second.scheduling_url).toMatch(/^https:\/\/scheduler\.zoom\.us\//);
    expect(first.scheduling_url).not.toBe(second.scheduling_url);

    const share = await api.createShare({ schedule_id: created.schedule_id, duration: 30, time_zone: 'Europe/Paris' });
    expect(share.scheduling_url).toMatch(/^https:\/\/scheduler\.zoom\.us\//);

    const listed = await api.listSchedules();
    expect(listed.items.find((s) => s.schedule_id === created.schedule_id)).toMatchObject({ summary: 'Design Review (v2)', duration: 60 });

    await api.deleteSchedule(created.schedule_id);
    await expectApiError(api.getSchedule(created.schedule_id), 404, 'get_schedule');
    expect((await api.listSchedules()).items.map((s) => s.schedule_id)).not.toContain(created.schedule_id);
  });

  it('scenario 8 and pagination across three pages', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 5; n += 1) {
      const created = await api.createSchedule({
        summary: `Paged ${n}`,
        duration: 15,
        capacity: 1,
        availability_override: false,
        availability_rules: [{ email: mock.defaultUser.email, time_zone: 'UTC' }],
      });
      ids.push(created.schedule_id);
    }
    const first = await api.listSchedules({ page_size: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const second = await api.listSchedules({ page_size: 2, next_page_token: first.nextPageToken });
    expect(second.items).toHaveLength(2);
    expect(second.items.map((s) => s.schedule_id)).not.toContain(first.items[0]?.schedule_id);

    const seen: string[] = [];
    for await (const schedule of api.iterateSchedules({ page_size: 2 })) seen.push(schedule.schedule_id);
    expect(seen.sort()).toEqual([...ids].sort());
    const pageRequests = mock.stats.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/scheduler/schedules')).slice(-3);
    expect(pageRequests.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const id of ids) await api.deleteSchedule(id);
  });

  it('scenarios 1 and 7: analytics without and with a date range, computed from the events', async () => {
    const fresh = await startZoomMock({ seed: false });
    const api = apiFor(fresh);
    const schedule = await api.createSchedule({
      summary: 'Analytics Demo',
      duration: 30,
      capacity: 1,
      availability_override: false,
      availability_rules: [{ email: fresh.defaultUser.email, time_zone: 'UTC' }],
    });
    const invitee = (n: number) => ({ email: `guest${n}@example.com`, firstName: 'Guest', lastName: String(n) });
    const kept = await fresh.book({ scheduleId: schedule.schedule_id, invitee: invitee(1) });
    const dropped = await fresh.book({ scheduleId: schedule.schedule_id, invitee: invitee(2) });
    await api.cancelEvent(dropped.event_id ?? '');

    const recent = await api.getAnalytics();
    expect(recent.last_n_days).toMatchObject({
      scheduled_events_created: 2,
      scheduled_events_canceled: 1,
      scheduled_events_completed: 0,
      schedules_created: 1,
      one_to_one: 2,
      one_to_many: 0,
    });
    expect(recent.previous_period).toMatchObject({ scheduled_events_created: 0, schedules_created: 0 });

    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const ranged = await api.getAnalytics({ from, to, time_zone: 'UTC' });
    expect(ranged.last_n_days?.scheduled_events_created).toBe(2);
    expect(ranged.popular_schedules).toEqual([{ 'Analytics Demo': 1 }]);
    expect(ranged.event_distribution_by_duration).toEqual([{ '30': 1 }]);
    const startHour = new Date(kept.start_date_time ?? '').toISOString().slice(11, 13);
    expect(ranged.popular_time_of_day).toEqual([{ [startHour]: 1 }]);
    expect(ranged.users_with_most_events).toEqual([{ 'Alex Rivera': 1 }]);
    expect(fresh.violations).toEqual([]);
    await fresh.close();
  });
});
