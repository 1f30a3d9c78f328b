import { conflict, invalidArgument, missingScopes, MockUsageError, notFound, ZoomApiError } from '../errors';
import { formatInZone } from '../time';
import { stampFilter } from './schedules';
import { json, NO_CONTENT } from '../http';
import { paginate } from '../pagination';
import type { EventRecord } from '../state';
import { eventAttendeeJson, eventJson } from '../json-shapes';
import { checkTimeZone, queryWindow } from './checks';
import { bodyObject, queryString, type ApiContext, type ApiHandler } from './context';

const ORDERINGS: Record<string, (a: EventRecord, b: EventRecord) => number> = {
  startTime: (a, b) => a.startMs - b.startMs,
  updatedTime: (a, b) => a.updatedAt - b.updatedAt,
};

function findEvent(ctx: ApiContext): EventRecord {
  const record = ctx.state.events.get(ctx.params['eventId'] ?? '');
  if (!record || record.deletedAt !== undefined || !ctx.mayReach(record.ownerId)) throw notFound('Event not found.');
  return record;
}

function checkTeam(ctx: ApiContext, userId: string): void {
  const teamId = queryString(ctx, 'team_id');
  if (teamId !== undefined && !ctx.state.teamsOf(userId).some((t) => t.id === teamId)) throw notFound('Team not found.');
}

function matchesSearch(event: EventRecord, search: string | undefined): boolean {
  if (search === undefined) return true;
  return event.summary.toLowerCase().includes(search.toLowerCase()) || event.meeting?.id === search.replace(/\s+/g, '');
}

export const listEvents: ApiHandler = (ctx) => {
  const user = ctx.targetUser(queryString(ctx, 'user_id'));
  checkTeam(ctx, user.id);
  const zone = queryString(ctx, 'time_zone') ?? user.timeZone;
  checkTimeZone(zone, 'time_zone');
  const { fromMs, toMs } = queryWindow(queryString(ctx, 'from'), queryString(ctx, 'to'), zone);
  const orderBy = queryString(ctx, 'order_by') ?? 'startTime';
  const order = ORDERINGS[orderBy];
  if (!order) throw invalidArgument(`Invalid order_by: ${orderBy}; use startTime or updatedTime.`, 'order_by');
  const showDeleted = ctx.query['show_deleted'] === true;
  // Every booking the mock holds is confirmed at once, so there are never pending ones.
  const pendingOnly = ctx.query['event_type'] === 'pending';
  const search = queryString(ctx, 'search');
  const stamps = stampFilter(ctx, zone);
  const accountLevel = ctx.query['account_level'] === true;
  if (accountLevel && !ctx.isAdmin) throw missingScopes(ctx.operation.scopes.filter((s) => s.endsWith(':admin')));
  const owners = accountLevel ? (ctx.profile === 'live' ? [] : [...ctx.state.users.values()]) : [user];
  const matching = owners
    .flatMap((owner) => ctx.state.eventsOf(owner.id))
    .filter(
      (e) =>
        !pendingOnly &&
        (showDeleted || (e.status === 'confirmed' && e.deletedAt === undefined)) &&
        (fromMs === undefined || e.endMs > fromMs) &&
        (toMs === undefined || e.startMs < toMs) &&
        matchesSearch(e, search) &&
        stamps(e.createdAt, e.updatedAt),
    )
    .sort(order);
  const page = paginate(matching, 'events', ctx.query);
  return json(200, { ...page, items: page.items.map((e) => eventJson(e, zone)) });
};

export const getEvent: ApiHandler = (ctx) => {
  const record = findEvent(ctx);
  checkTeam(ctx, record.ownerId);
  return json(200, eventJson(record, ctx.state.userOrThrow(record.ownerId).timeZone));
};

export const patchEvent: ApiHandler = async (ctx) => {
  const record = findEvent(ctx);
  const body = bodyObject(ctx);
  const marks = (body['attendees'] as Array<{ email?: string; no_show?: boolean }> | undefined) ?? [];
  const targets = marks.map((mark, index) => {
    const attendee = record.attendees.find((a) => a.email.toLowerCase() === (mark.email ?? '').toLowerCase());
    if (!attendee) throw invalidArgument(`No attendee with email ${mark.email ?? '(none)'} on this event.`, `attendees[${index}].email`);
    return { attendee, noShow: mark.no_show };
  });
  if (body['status'] === 'confirmed' && record.status === 'cancelled') {
    throw conflict('A cancelled event cannot be confirmed again.');
  }
  for (const { attendee, noShow } of targets) if (noShow !== undefined) attendee.noShow = noShow;
  if (typeof body['meeting_notes'] === 'string') record.meetingNotes = body['meeting_notes'];
  record.updatedAt = ctx.now();
  if (body['status'] === 'cancelled') await ctx.bookings.cancel(record, { canceler: 'host' });
  return NO_CONTENT;
};

/** Deleting a booking cancels it first (the invitee is told, the webhook fires), then hides it. */
export const deleteEvent: ApiHandler = async (ctx) => {
  const record = findEvent(ctx);
  await ctx.bookings.cancel(record, { canceler: 'host' });
  record.deletedAt = ctx.now();
  return NO_CONTENT;
};

export const getEventAttendee: ApiHandler = (ctx) => {
  const record = findEvent(ctx);
  const attendee = record.attendees.find((a) => a.id === ctx.params['attendeeId']);
  if (!attendee) throw notFound('Attendee not found.');
  return json(200, eventAttendeeJson(record, attendee));
};

/**
 * `POST /scheduler/attendee` (2026-11-09): books a slot like the public page does. Live Zoom answered it with
 * 400 "Failed json validation!" in one write-up (zoom-live.md §B7), so the live profile does too.
 */
export const createAttendee: ApiHandler = async (ctx) => {
  if (ctx.profile === 'live') throw new ZoomApiError(400, 300, 'Failed json validation!');
  const body = bodyObject(ctx);
  const schedule = ctx.state.schedules.get(String(body['schedule_id']));
  if (!schedule || schedule.deletedAt !== undefined) throw notFound('Schedule not found.');
  const owner = ctx.targetUser(queryString(ctx, 'user_id'));
  if (schedule.ownerId !== owner.id) throw notFound('Schedule not found.');
  checkTimeZone(body['time_zone'], 'time_zone');
  let event;
  try {
    event = await ctx.bookings.book({
      scheduleId: schedule.id,
      startTime: String(body['start_time']),
      invitee: {
        email: String(body['email']),
        firstName: typeof body['first_name'] === 'string' ? body['first_name'] : '',
        lastName: typeof body['last_name'] === 'string' ? body['last_name'] : '',
        ...(typeof body['time_zone'] === 'string' ? { timeZone: body['time_zone'] } : {}),
      },
    });
  } catch (error) {
    if (error instanceof MockUsageError) throw invalidArgument(error.message, 'start_time');
    throw error;
  }
  const attendee = event.attendees[event.attendees.length - 1];
  return json(201, { event_id: event.id, attendee_id: attendee?.id ?? '', start_time: formatInZone(event.startMs, owner.timeZone) });
};
