/**
 * The client against the mock's `live` and `spec` profiles over real HTTP: creating schedules on live Zoom,
 * lookups that ignore `user_id`, licence errors, and the API added in 2026.
 */
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import {
  isAvailabilityReferenceRejection,
  staticAccessToken,
  withInlineAvailability,
  ZoomApiError,
  ZoomLicenseRequiredError,
  ZoomSchedulerClient,
  ZoomSchedulerProfileMissingError,
  ZoomTimeoutError,
  type ZoomScheduleInput,
  type ZoomSchedulerApi,
} from '../../src/zoom';
import { startWebhookReceiver } from './mock/helpers';

const HOURS = { mon: [{ start: '09:00', end: '12:00' }], tue: [{ start: '09:00', end: '12:00' }] };
// Monday 2026-12-07, 08:00 in New York: the whole morning is still ahead.
const NOW = Date.UTC(2026, 11, 7, 13);

function clientFor(mock: ZoomMock, options: { timeoutMs?: number } = {}): ZoomSchedulerClient {
  return new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, retry: { baseDelayMs: 1 }, ...options });
}

async function s2sToken(mock: ZoomMock): Promise<string> {
  const response = await fetch(`${mock.oauthBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + Buffer.from(`${mock.clientId}:${mock.clientSecret}`).toString('base64'),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'account_credentials', account_id: mock.accountId }).toString(),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe.each(['live', 'spec'] as const)('creating a schedule from a saved availability (%s profile)', (profile) => {
  let mock: ZoomMock;
  let api: ZoomSchedulerApi;
  beforeAll(async () => {
    mock = await startZoomMock({ profile });
    api = clientFor(mock).as(staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token));
  });
  afterAll(() => mock.close());

  it('succeeds by reference, or after the 400 with the hours copied inline', async () => {
    const [saved] = (await api.listAvailability()).items;
    if (!saved) throw new Error('seeded availability missing');
    const schedule: ZoomScheduleInput = {
      summary: 'Intro',
      capacity: 1,
      availability_override: false,
      availability_rules: [{ availability_id: saved.availability_id }],
    };
    let created;
    try {
      created = await api.createSchedule(schedule);
      expect(profile).toBe('spec');
    } catch (error) {
      expect(profile).toBe('live');
      expect(isAvailabilityReferenceRejection(error, schedule)).toBe(true);
      expect((error as ZoomApiError).userMessage).toBe('Zoom says: Failed json validation!');
      created = await api.createSchedule(withInlineAvailability(schedule, await api.getAvailability(saved.availability_id)));
    }
    const stored = await api.getSchedule(created.schedule_id);
    expect(stored.summary).toBe('Intro');
    if (profile === 'live')
      expect(stored).toMatchObject({
        availability_override: true,
        segments_recurrence: saved.segments_recurrence,
        time_zone: saved.time_zone,
      });
    expect(mock.violations).toEqual([]);
  });

  it('sends the dates and start/end Zoom asks for on a fixed range', async () => {
    const created = await api.createSchedule({
      summary: 'Workshop week',
      capacity: 1,
      availability_override: true,
      availability_rules: [],
      segments_recurrence: HOURS,
      interval_type: 'fixed',
      start_date: '2027-01-04',
      end_date: '2027-01-08',
    });
    const post = mock.stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/scheduler/schedules')).pop();
    expect(post?.status).toBe(201);
    expect(await api.getSchedule(created.schedule_id)).toMatchObject({
      interval_type: 'fixed',
      start_date: '2027-01-04',
      end_date: '2027-01-08',
    });
    await expect(
      api.createSchedule({ summary: 'Undated', capacity: 1, availability_override: true, availability_rules: [], interval_type: 'fixed' }),
    ).rejects.toThrow(/needs start_date and end_date/);
    expect(mock.violations).toEqual([]);
  });
});

describe('never retrying a POST that timed out', () => {
  it('sends POST /schedules once and raises ZoomTimeoutError', async () => {
    const mock = await startZoomMock({ profile: 'live' });
    try {
      const api = clientFor(mock, { timeoutMs: 80 }).as(staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token));
      mock.faults.enqueue({ method: 'POST', path: /\/scheduler\/schedules$/, delayMs: 400, times: 5 });
      const error = await api
        .createSchedule({ summary: 'Slow', capacity: 1, availability_override: true, availability_rules: [], segments_recurrence: HOURS })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZoomTimeoutError);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(mock.stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/scheduler/schedules'))).toHaveLength(1);
    } finally {
      await mock.close();
    }
  });
});

describe('lookups by id that ignore user_id (live profile, Server-to-Server)', () => {
  let mock: ZoomMock;
  beforeAll(async () => {
    mock = await startZoomMock({ profile: 'live' });
  });
  afterAll(() => mock.close());

  it('finds a colleague’s schedule, availability and event through the lists', async () => {
    const colleague = mock.addUser({ email: 'sam@example.com', timeZone: 'America/New_York' });
    const own = clientFor(mock).as(staticAccessToken(mock.issueTokensFor(colleague.id).access_token));
    const availability = await own.createAvailability({ name: 'Mornings', time_zone: 'America/New_York', segments_recurrence: HOURS });
    const schedule = await own.createSchedule({
      summary: 'Sam 1:1',
      capacity: 1,
      availability_override: true,
      availability_rules: [],
      segments_recurrence: HOURS,
    });
    const event = await mock.book({
      scheduleId: schedule.schedule_id,
      invitee: { email: 'jo@example.com', firstName: 'Jo', lastName: 'Lee' },
    });

    const account = clientFor(mock).as(staticAccessToken(await s2sToken(mock), colleague.id));
    expect(await account.getSchedule(schedule.schedule_id)).toMatchObject({ schedule_id: schedule.schedule_id, summary: 'Sam 1:1' });
    expect(await account.getAvailability(availability.availability_id)).toMatchObject({
      availability_id: availability.availability_id,
      name: 'Mornings',
    });
    expect(await account.getEvent(event.event_id)).toMatchObject({ event_id: event.event_id });
    const scheduleCalls = mock.stats.requests.filter((r) => r.path.includes('/scheduler/schedules'));
    expect(scheduleCalls.slice(-2).map((r) => [r.method, r.status])).toEqual([
      ['GET', 404],
      ['GET', 200],
    ]);
    expect(scheduleCalls[scheduleCalls.length - 1]?.query).toContain(`user_id=${colleague.id}`);

    // An id that is not in the list either keeps Zoom's 404.
    await expect(account.getSchedule('no-such-schedule')).rejects.toMatchObject({ status: 404, zoomMessage: 'Schedule not found.' });
    // Without a user there is nothing to list by: the 404 stands.
    const anonymous = clientFor(mock).as(staticAccessToken(await s2sToken(mock)));
    await expect(anonymous.getSchedule(schedule.schedule_id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('users Scheduler cannot serve (live profile)', () => {
  it('raises typed errors from the nested and the XML bodies', async () => {
    const mock = await startZoomMock({ profile: 'live' });
    try {
      const unlicensed = mock.addUser({ schedulerAccess: 'unlicensed' });
      const noProfile = mock.addUser({ schedulerAccess: 'no-profile' });
      const unlicensedApi = clientFor(mock).as(staticAccessToken(mock.issueTokensFor(unlicensed.id).access_token));
      const noProfileApi = clientFor(mock).as(staticAccessToken(mock.issueTokensFor(noProfile.id).access_token));
      await expect(unlicensedApi.getUser()).rejects.toBeInstanceOf(ZoomLicenseRequiredError);
      await expect(noProfileApi.listSchedules()).rejects.toBeInstanceOf(ZoomSchedulerProfileMissingError);
      mock.control.xmlErrors(true);
      const xml = await unlicensedApi.getUser().catch((e: unknown) => e);
      expect(xml).toBeInstanceOf(ZoomLicenseRequiredError);
      expect((xml as ZoomApiError).userMessage).toBe('Zoom says: Invalid license type.');
      mock.control.setSchedulerAccess(unlicensed.id, 'ok');
      await expect(unlicensedApi.getUser()).resolves.toMatchObject({ display_name: unlicensed.displayName });
    } finally {
      await mock.close();
    }
  });
});

describe('the Scheduler API of December 2026', () => {
  let mock: ZoomMock;
  let api: ZoomSchedulerApi;
  beforeAll(async () => {
    mock = await startZoomMock({ seed: false, now: () => NOW });
    api = clientFor(mock).as(staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token));
  });
  afterAll(() => mock.close());
  afterEach(() => expect(mock.violations).toEqual([]));

  it('available_times: the schedule’s hours minus bookings, anchored to from, offsets never Z', async () => {
    const schedule = await api.createSchedule({
      summary: 'Office hours',
      capacity: 1,
      duration: 60,
      availability_override: true,
      availability_rules: [],
      segments_recurrence: HOURS,
      time_zone: 'America/New_York',
    });
    await mock.book({
      scheduleId: schedule.schedule_id,
      startTime: '2026-12-07T10:00:00-05:00',
      invitee: { email: 'a@example.com', firstName: 'A', lastName: 'B' },
    });
    const times = await api.getAvailableTimes(schedule.schedule_id, {
      from: '2026-12-07',
      to: '2026-12-08',
      time_zone: 'America/New_York',
    });
    expect(times.schedule_id).toBe(schedule.schedule_id);
    expect(times.duration).toBe(60);
    expect(times.days?.map((d) => [d.date, d.status, d.spots?.map((s) => s.start_time)])).toEqual([
      ['2026-12-07', 'available', ['2026-12-07T09:00:00-05:00', '2026-12-07T11:00:00-05:00']],
      ['2026-12-08', 'available', ['2026-12-08T09:00:00-05:00', '2026-12-08T10:00:00-05:00', '2026-12-08T11:00:00-05:00']],
    ]);
    const utc = await api.getAvailableTimes(schedule.schedule_id, { from: '2026-12-08', to: '2026-12-08', time_zone: 'UTC' });
    expect(utc.days?.[0]?.spots?.[0]?.start_time).toBe('2026-12-08T14:00:00+00:00');
  });

  it('managed_schedules lists what an admin assigned, and the assignee cannot edit it', async () => {
    const { scheduleId } = mock.control.assignManagedSchedule(mock.defaultUser.id, { summary: 'Company demo' });
    const page = await api.listManagedSchedules();
    expect(page.items.map((s) => [s.schedule_id, s.summary, s.assigned_from_template, s.created_via])).toEqual([
      [scheduleId, 'Company demo', true, 'template'],
    ]);
    const iterated = [];
    for await (const item of api.iterateManagedSchedules({ page_size: 1 })) iterated.push(item.schedule_id);
    expect(iterated).toEqual([scheduleId]);
    await expect(api.updateSchedule(scheduleId, { summary: 'Mine now' })).rejects.toMatchObject({ status: 403 });
  });

  it('search filters schedules by title, case-insensitively; created ranges apply', async () => {
    await api.createSchedule({
      summary: 'Quarterly Planning',
      capacity: 1,
      availability_override: true,
      availability_rules: [],
      segments_recurrence: HOURS,
    });
    const found = await api.listSchedules({ search: 'quarterly plan' });
    expect(found.items.map((s) => s.summary)).toEqual(['Quarterly Planning']);
    expect(found.items[0]).toMatchObject({ created_via: 'api', assigned_from_template: false });
    expect((await api.listSchedules({ search: 'nothing like it' })).items).toEqual([]);
    expect((await api.listSchedules({ created_from: '2026-12-08T00:00:00Z' })).items).toEqual([]);
    expect((await api.listEvents({ created_to: '2026-01-01T00:00:00Z' })).items).toEqual([]);
  });

  it('POST /scheduler/attendee books a slot (spec profile)', async () => {
    const schedule = await api.createSchedule({
      summary: 'Booked by API',
      capacity: 1,
      duration: 30,
      availability_override: true,
      availability_rules: [],
      segments_recurrence: HOURS,
    });
    const booked = await api.createAttendee({
      schedule_id: schedule.schedule_id,
      start_time: '2026-12-08T09:30:00-05:00',
      email: 'kim@example.com',
      first_name: 'Kim',
    });
    expect(await api.getEvent(booked.event_id ?? '')).toMatchObject({
      schedule_id: schedule.schedule_id,
      start_date_time: '2026-12-08T09:30:00-05:00',
    });
  });
});

describe('reschedules and the 2026 webhook fields', () => {
  it('sends cancel + create with rescheduled: true and linking ids, or without them on request', async () => {
    const receiver = await startWebhookReceiver();
    const mock = await startZoomMock({ seed: false, now: () => NOW, webhook: { url: receiver.url, secretToken: 'secret' } });
    try {
      const api = clientFor(mock).as(staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token));
      const schedule = await api.createSchedule({
        summary: 'Chat',
        capacity: 1,
        availability_override: true,
        availability_rules: [],
        segments_recurrence: HOURS,
        time_zone: 'America/New_York',
      });
      const first = await mock.book({
        scheduleId: schedule.schedule_id,
        startTime: '2026-12-07T09:00:00-05:00',
        invitee: { email: 'jo@example.com', firstName: 'Jo', lastName: 'Lee' },
      });
      const moved = await mock.control.reschedule(first.event_id, { startTime: '2026-12-08T10:00:00-05:00' });
      const [created, canceled, recreated] = receiver.received.map((r) => r.body);
      expect(created.payload.object).toMatchObject({ invitee_id: first.attendees[0]?.attendee_id, payment: null, rescheduled: false });
      expect(canceled.event).toBe('scheduler.scheduled_event_canceled');
      expect(canceled.payload.object).toMatchObject({
        rescheduled: true,
        invitee_id: first.attendees[0]?.attendee_id,
        rescheduled_to_event_id: moved.event_id,
        rescheduled_to_invitee_id: moved.attendees[0]?.attendee_id,
      });
      expect(recreated.event).toBe('scheduler.scheduled_event_created');
      expect(recreated.payload.object).toMatchObject({
        rescheduled: true,
        rescheduled_from_event_id: first.event_id,
        rescheduled_from_invitee_id: first.attendees[0]?.attendee_id,
      });
      expect(recreated.payload.object.scheduled_event.start_date_time).toBe('2026-12-08T10:00:00-05:00');

      await mock.control.reschedule(moved.event_id, { linkIds: false });
      const [unlinkedCancel, unlinkedCreate] = receiver.received.slice(3).map((r) => r.body.payload.object);
      expect(unlinkedCancel.rescheduled).toBe(true);
      expect(unlinkedCancel).not.toHaveProperty('rescheduled_to_event_id');
      expect(unlinkedCreate.rescheduled).toBe(true);
      expect(unlinkedCreate).not.toHaveProperty('rescheduled_from_event_id');
    } finally {
      await mock.close();
      await receiver.close();
    }
  });
});
