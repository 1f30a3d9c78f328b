/**
 * Sample data for the default user, so that the demo and the examples show something: the default
 * "Working Hours" availability (Mon–Fri 09–17), two schedules, a past, two upcoming and one cancelled
 * booking, a team and a routing-form response. No webhooks are sent for it.
 */
import { DateTime } from 'luxon';
import type { Bookings } from './booking';
import { schedulerId } from './ids';
import type { AvailabilityRecord, MockState, RoutingResponseRecord, ScheduleRecord, UserRecord } from './state';
import type { RoutingResponseInput } from './types';

const DAY_MS = 24 * 3600 * 1000;

/** A routing-form response that either booked `scheduleId` or ended on a text result. */
export function addRoutingResponse(
  state: MockState,
  owner: UserRecord,
  createdAt: number,
  input: RoutingResponseInput = {},
): RoutingResponseRecord {
  const schedule = input.scheduleId ? state.schedules.get(input.scheduleId) : undefined;
  const record: RoutingResponseRecord = {
    formId: schedulerId(),
    responseId: schedulerId(),
    ownerId: owner.id,
    booked: schedule !== undefined,
    bookingLink: schedule ? state.schedulingUrl(owner, schedule.slug) : '',
    createdAt,
    creatorEmail: input.creatorEmail ?? 'invitee@example.com',
    questionsAndAnswers: (input.questionsAndAnswers ?? []).map((qa) => ({
      question_id: schedulerId(),
      question_content: qa.question,
      answers: [...qa.answers],
    })),
    resultType: schedule ? 'event' : 'text',
    resultValue: schedule ? schedule.id : 'Thanks, we will be in touch.',
  };
  state.routingResponses.push(record);
  return record;
}

function schedule(
  state: MockState,
  owner: UserRecord,
  id: string,
  slug: string,
  fields: ScheduleRecord['fields'],
  createdAt: number,
): ScheduleRecord {
  const record: ScheduleRecord = { id, ownerId: owner.id, slug, fields, createdAt, updatedAt: createdAt };
  state.schedules.set(id, record);
  return record;
}

export async function seedDefaultUser(state: MockState, bookings: Bookings, user: UserRecord, nowMs: number): Promise<void> {
  const workingHours: AvailabilityRecord = {
    id: schedulerId(),
    ownerId: user.id,
    name: 'Working Hours',
    isDefault: true,
    timeZone: user.timeZone,
    segments: [],
    recurrence: Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
  };
  state.availabilities.set(workingHours.id, workingHours);

  const common = {
    availability_override: false,
    availability_rules: [{ use_custom: false, availability_id: workingHours.id, email: user.schedulerEmail, time_zone: user.timeZone }],
    schedule_type: 'one' as const,
    interval_type: 'unlimited' as const,
    time_zone: user.timeZone,
    buffer: { before: 0, after: 0 },
    cushion: 0,
    booking_limit: 0,
    secret: false,
    active: true,
  };
  const intro = schedule(
    state,
    user,
    schedulerId(),
    '30min',
    {
      ...common,
      summary: '30 Minute Meeting',
      description: 'A quick call over Zoom.',
      duration: 30,
      capacity: 1,
      add_on_type: 'zoomMeeting',
      start_time_increment: 30,
      color: '#0e72ed',
    },
    nowMs - 20 * DAY_MS,
  );
  const officeHours = schedule(
    state,
    user,
    schedulerId(),
    'office-hours',
    {
      ...common,
      summary: 'Office Hours',
      description: 'Drop in with questions.',
      duration: 60,
      capacity: 5,
      add_on_type: 'offline',
      location: 'Room 4B',
      start_time_increment: 60,
      color: '#00a16b',
    },
    nowMs - 10 * DAY_MS,
  );

  const twoDaysAgoAt10 = DateTime.fromMillis(nowMs, { zone: user.timeZone })
    .minus({ days: 2 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
  await bookings.book(
    {
      scheduleId: intro.id,
      startTime: twoDaysAgoAt10.toISO() ?? undefined,
      invitee: { email: 'jordan.lee@example.com', firstName: 'Jordan', lastName: 'Lee', timeZone: 'Europe/London' },
      answers: [{ question: 'What would you like to discuss?', answer: ['Onboarding'] }],
    },
    { notify: false, createdAt: nowMs - 5 * DAY_MS },
  );
  await bookings.book(
    { scheduleId: intro.id, invitee: { email: 'sam.patel@example.com', firstName: 'Sam', lastName: 'Patel' } },
    { notify: false, createdAt: nowMs - DAY_MS },
  );
  await bookings.book(
    { scheduleId: officeHours.id, invitee: { email: 'priya.shah@example.com', firstName: 'Priya', lastName: 'Shah' } },
    { notify: false, createdAt: nowMs - 2 * 3600 * 1000 },
  );
  const dropped = await bookings.book(
    { scheduleId: intro.id, invitee: { email: 'chris.kim@example.com', firstName: 'Chris', lastName: 'Kim' } },
    { notify: false, createdAt: nowMs - 3 * DAY_MS },
  );
  await bookings.cancel(dropped, { canceler: 'invitee', reason: 'Found another time' }, { notify: false });

  const teamId = schedulerId();
  state.teams.set(teamId, {
    id: teamId,
    ownerId: user.id,
    memberIds: [user.id],
    name: 'Customer Success',
    slug: 'customer-success',
    timeZone: user.timeZone,
  });
  addRoutingResponse(state, user, nowMs - 3 * DAY_MS, {
    creatorEmail: 'jordan.lee@example.com',
    questionsAndAnswers: [{ question: 'Team size?', answers: ['11-50'] }],
    scheduleId: intro.id,
  });
}
