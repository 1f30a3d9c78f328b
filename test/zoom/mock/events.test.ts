import { DateTime } from 'luxon';
import type { ZoomMock } from '../../../src/zoom/mock';
import { api, expectConformingResponse, minimalSchedule, startMock, startWebhookReceiver } from './helpers';

const NOW = Date.UTC(2026, 2, 2, 12); // Monday 2 March 2026, 07:00 in New York

describe('Zoom mock events', () => {
  let mock: ZoomMock;
  let token: string;
  let scheduleId: string;
  beforeEach(async () => {
    mock = await startMock({ seed: false, now: () => NOW });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    scheduleId = (await api(mock, token, 'POST', '/scheduler/schedules', { ...minimalSchedule('Intro call'), location: 'Zoom' })).body
      .schedule_id;
  });
  afterEach(async () => {
    expect(mock.violations).toEqual([]);
    await mock.close();
  });

  it('books into the next open slot of the working hours and lists the event', async () => {
    const first = await mock.book({ scheduleId, invitee: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' } });
    const second = await mock.book({
      scheduleId,
      invitee: { email: 'bob@example.com', firstName: 'Bob', lastName: 'Ray', timeZone: 'Europe/Paris' },
    });
    // No availability at all: Mon–Fri 09:00–17:00 in the owner's zone; the first slot today is 09:00 New York.
    expect(first.start_date_time).toBe('2026-03-02T09:00:00-05:00');
    expect(first.end_date_time).toBe('2026-03-02T09:30:00-05:00');
    expect(second.start_date_time).toBe('2026-03-02T09:30:00-05:00');

    const list = await api(mock, token, 'GET', '/scheduler/events?page_size=10');
    expect(list.status).toBe(200);
    expectConformingResponse('list_scheduled_events', list);
    expect(list.body.next_page_token).toBe('');
    expect(list.body.items).toEqual([first, second]);
    const [item] = list.body.items;
    expect(item).toMatchObject({
      schedule_id: scheduleId,
      summary: 'Intro call',
      status: 'confirmed',
      event_type: 'default',
      location: 'Zoom',
      meeting_notes: '',
      attendees: [
        {
          email: 'ann@example.com',
          first_name: 'Ann',
          last_name: 'Lee',
          display_name: 'Ann Lee',
          time_zone: 'America/New_York',
          no_show: false,
          booker: true,
        },
      ],
    });
    expect(item.external_location.kind).toBe('zoom');
    expect(item.external_location.meeting_join_url).toMatch(/^https:\/\/zoom\.us\/j\/\d{11}\?pwd=/);

    const utc = await api(mock, token, 'GET', '/scheduler/events?time_zone=UTC');
    expect(utc.body.items[0].start_date_time).toBe('2026-03-02T14:00:00Z');
  });

  it('filters on from/to, search and order_by', async () => {
    const a = await mock.book({
      scheduleId,
      startTime: '2026-03-03T15:00:00Z',
      invitee: { email: 'a@example.com', firstName: 'A', lastName: 'One' },
    });
    const b = await mock.book({
      scheduleId,
      startTime: '2026-03-05T15:00:00Z',
      invitee: { email: 'b@example.com', firstName: 'B', lastName: 'Two' },
    });
    const ids = async (query: string): Promise<string[]> =>
      (await api(mock, token, 'GET', `/scheduler/events?${query}`)).body.items.map((e: { event_id: string }) => e.event_id);
    expect(await ids('from=2026-03-04T00:00:00Z')).toEqual([b.event_id]);
    expect(await ids('to=2026-03-04T00:00:00Z')).toEqual([a.event_id]);
    // `from` bounds the end time: an event ending exactly at `from` is out.
    expect(await ids('from=2026-03-03T15:30:00Z&to=2026-03-10T00:00:00Z')).toEqual([b.event_id]);
    expect(await ids('search=intro')).toEqual([a.event_id, b.event_id]);
    expect(await ids(`search=${b.external_location?.meeting_id ?? ''}`)).toEqual([b.event_id]);
    expect(await ids('search=nothing-like-this')).toEqual([]);
    expect(await ids('event_type=pending')).toEqual([]);
    const badOrder = await api(mock, token, 'GET', '/scheduler/events?order_by=price');
    expect(badOrder.status).toBe(400);
    const badDate = await api(mock, token, 'GET', '/scheduler/events?from=yesterday');
    expect(badDate.body).toEqual({
      code: 300,
      message: 'Invalid from: expected an RFC 3339 date-time.',
      errors: [{ field: 'from', message: 'Invalid from: expected an RFC 3339 date-time.' }],
    });
  });

  it('gets an event and an attendee with the booking-form answers', async () => {
    const event = await mock.book({
      scheduleId,
      invitee: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' },
      answers: [{ question: 'Topic?', answer: ['Pricing'] }],
    });
    const got = await api(mock, token, 'GET', `/scheduler/events/${event.event_id}`);
    expect(got.status).toBe(200);
    expectConformingResponse('get_scheduled_events', got);
    expect(got.body).toEqual(event);

    const attendeeId = event.attendees[0]?.attendee_id ?? '';
    const attendee = await api(mock, token, 'GET', `/scheduler/events/${event.event_id}/attendees/${attendeeId}`);
    expect(attendee.status).toBe(200);
    expectConformingResponse('get_scheduled_event_attendee', attendee);
    expect(attendee.body).toEqual({
      attendee_id: attendeeId,
      event_id: event.event_id,
      schedule_id: scheduleId,
      created: new Date(NOW).toISOString(),
      display_name: 'Ann Lee',
      email: 'ann@example.com',
      first_name: 'Ann',
      last_name: 'Lee',
      time_zone: 'America/New_York',
      no_show: false,
      custom_values: [{ name: 'Topic?', position: 0, values: ['Pricing'] }],
    });
    expect((await api(mock, token, 'GET', `/scheduler/events/${event.event_id}/attendees/nobody`)).status).toBe(404);
    expect((await api(mock, token, 'GET', '/scheduler/events/yev6yf64xot16c0cco50f31tb0')).body).toEqual({
      code: 404,
      message: 'Event not found.',
    });
  });

  it('PATCH marks no-shows and notes, cancels (webhook) and refuses to un-cancel (409); DELETE hides', async () => {
    const receiver = await startWebhookReceiver();
    try {
      mock.setWebhookTarget(receiver.url, 'secret-token');
      const event = await mock.book({ scheduleId, invitee: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' } });
      const marked = await api(mock, token, 'PATCH', `/scheduler/events/${event.event_id}`, {
        attendees: [{ email: 'ANN@example.com', no_show: true }],
        meeting_notes: 'Talked pricing',
      });
      expect(marked.status).toBe(204);
      const after = (await api(mock, token, 'GET', `/scheduler/events/${event.event_id}`)).body;
      expect(after.attendees[0].no_show).toBe(true);
      expect(after.meeting_notes).toBe('Talked pricing');

      const unknown = await api(mock, token, 'PATCH', `/scheduler/events/${event.event_id}`, {
        attendees: [{ email: 'x@example.com', no_show: true }],
      });
      expect(unknown.status).toBe(400);

      expect((await api(mock, token, 'PATCH', `/scheduler/events/${event.event_id}`, { status: 'cancelled' })).status).toBe(204);
      expect(receiver.received.map((w) => w.body.event)).toEqual([
        'scheduler.scheduled_event_created',
        'scheduler.scheduled_event_canceled',
      ]);
      expect(receiver.received[1]?.body.payload.object.cancellation).toEqual({
        canceled_by: 'Alex Rivera',
        canceler_type: 'host',
        cancel_at: new Date(NOW).toISOString(),
        reason: '',
      });
      expect((await api(mock, token, 'GET', '/scheduler/events')).body.items).toEqual([]);
      const shown = await api(mock, token, 'GET', '/scheduler/events?show_deleted=true');
      expect(shown.body.items.map((e: { status: string }) => e.status)).toEqual(['cancelled']);
      const revive = await api(mock, token, 'PATCH', `/scheduler/events/${event.event_id}`, { status: 'confirmed' });
      expect(revive.status).toBe(409);

      expect((await api(mock, token, 'DELETE', `/scheduler/events/${event.event_id}`)).status).toBe(204);
      expect((await api(mock, token, 'GET', `/scheduler/events/${event.event_id}`)).status).toBe(404);
      expect((await api(mock, token, 'DELETE', `/scheduler/events/${event.event_id}`)).status).toBe(404);
      // Already cancelled: deleting sends no second cancellation.
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it('fills a group slot up to the capacity', async () => {
    const group = (await api(mock, token, 'POST', '/scheduler/schedules', { ...minimalSchedule('Workshop'), capacity: 2, duration: 60 }))
      .body.schedule_id;
    const startTime = '2026-03-04T16:00:00Z';
    const one = await mock.book({ scheduleId: group, startTime, invitee: { email: 'a@example.com', firstName: 'A', lastName: 'A' } });
    const two = await mock.book({ scheduleId: group, startTime, invitee: { email: 'b@example.com', firstName: 'B', lastName: 'B' } });
    expect(two.event_id).toBe(one.event_id);
    expect(two.attendees.map((a) => [a.email, a.booker])).toEqual([
      ['a@example.com', true],
      ['b@example.com', false],
    ]);
    await expect(
      mock.book({ scheduleId: group, startTime, invitee: { email: 'c@example.com', firstName: 'C', lastName: 'C' } }),
    ).rejects.toThrow('already booked');
  });
});

describe('Zoom mock links, shares, teams, routing and users', () => {
  let mock: ZoomMock;
  let token: string;
  beforeAll(async () => {
    mock = await startMock();
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterAll(async () => {
    expect(mock.violations).toEqual([]);
    await mock.close();
  });

  it('seeds schedules and events for the demo', async () => {
    const schedules = (await api(mock, token, 'GET', '/scheduler/schedules')).body.items;
    expect(schedules.map((s: { summary: string; scheduling_url: string }) => [s.summary, s.scheduling_url])).toEqual([
      ['30 Minute Meeting', 'https://scheduler.zoom.us/alex-rivera/30min'],
      ['Office Hours', 'https://scheduler.zoom.us/alex-rivera/office-hours'],
    ]);
    const events = (await api(mock, token, 'GET', '/scheduler/events')).body.items;
    expect(events.map((e: { attendees: Array<{ email: string }> }) => e.attendees[0]?.email).sort()).toEqual([
      'jordan.lee@example.com',
      'priya.shah@example.com',
      'sam.patel@example.com',
    ]);
    const upcoming = (await api(mock, token, 'GET', `/scheduler/events?from=${encodeURIComponent(DateTime.now().toISO() ?? '')}`)).body
      .items;
    expect(upcoming).toHaveLength(2);
  });

  it('creates a unique single-use link each call (201) and 404 for an unknown schedule', async () => {
    const [schedule] = (await api(mock, token, 'GET', '/scheduler/schedules')).body.items;
    const first = await api(mock, token, 'POST', '/scheduler/schedules/single_use_link', { schedule_id: schedule.schedule_id });
    const second = await api(mock, token, 'POST', '/scheduler/schedules/single_use_link', { schedule_id: schedule.schedule_id });
    expect(first.status).toBe(201);
    expectConformingResponse('single_use_link', first);
    expect(first.body.scheduling_url).toMatch(/^https:\/\/scheduler\.zoom\.us\/manage\/[a-z0-9]{26}$/);
    expect(second.body.scheduling_url).not.toBe(first.body.scheduling_url);
    const missing = await api(mock, token, 'POST', '/scheduler/schedules/single_use_link', { schedule_id: 'nope' });
    expect(missing.status).toBe(404);
  });

  it('creates a share link for a schedule', async () => {
    const [schedule] = (await api(mock, token, 'GET', '/scheduler/schedules')).body.items;
    const share = await api(mock, token, 'POST', '/scheduler/shares', {
      schedule_id: schedule.schedule_id,
      duration: 45,
      time_zone: 'UTC',
    });
    expect(share.status).toBe(201);
    expectConformingResponse('create_shares', share);
    expect(share.body.scheduling_url).toMatch(/^https:\/\/scheduler\.zoom\.us\/t\/[a-z0-9]{8}\/30min$/);
    expect((await api(mock, token, 'POST', '/scheduler/shares', { schedule_id: 'nope' })).status).toBe(404);
  });

  it('lists teams, reads the seeded routing-form response and the user', async () => {
    const teams = await api(mock, token, 'GET', '/scheduler/teams');
    expectConformingResponse('Listteam', teams);
    expect(teams.body.teams).toEqual([
      {
        team_id: expect.stringMatching(/^[a-z0-9]{26}$/),
        owner_id: mock.defaultUser.id,
        member_count: 1,
        name: 'Customer Success',
        slug: 'customer-success',
        timezone: 'America/New_York',
      },
    ]);
    const teamEvents = await api(mock, token, 'GET', `/scheduler/events?team_id=${teams.body.teams[0].team_id}`);
    expect(teamEvents.status).toBe(200);
    expect((await api(mock, token, 'GET', '/scheduler/events?team_id=unknownteam')).status).toBe(404);

    const user = await api(mock, token, 'GET', `/scheduler/users/${mock.defaultUser.id}`);
    expectConformingResponse('get_user', user);
    expect(user.body.display_name).toBe('Alex Rivera');

    const [schedule] = (await api(mock, token, 'GET', '/scheduler/schedules')).body.items;
    const { formId, responseId } = mock.addRoutingResponse(mock.defaultUser.id, {
      creatorEmail: 'lead@example.com',
      questionsAndAnswers: [{ question: 'Company size?', answers: ['51-200'] }],
      scheduleId: schedule.schedule_id,
    });
    const routed = await api(mock, token, 'GET', `/scheduler/routing/forms/${formId}/response/${responseId}`);
    expect(routed.status).toBe(200);
    expectConformingResponse('Getroutingresponse', routed);
    expect(routed.body).toEqual({
      booked: true,
      booking_link: 'https://scheduler.zoom.us/alex-rivera/30min',
      created_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      creator_email: 'lead@example.com',
      form_id: formId,
      questions_and_answers: [
        { question_id: expect.stringMatching(/^[a-z0-9]{26}$/), question_content: 'Company size?', answers: ['51-200'] },
      ],
      result_type: 'event',
      result_value: schedule.schedule_id,
    });
    expect((await api(mock, token, 'GET', `/scheduler/routing/forms/${formId}/response/ka2u3fgqnbo2oqbp20ffos0860`)).status).toBe(404);
  });
});
