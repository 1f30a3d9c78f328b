import { conflict, notFound } from '../errors';
import { json, NO_CONTENT } from '../http';
import { schedulerId } from '../ids';
import { paginate } from '../pagination';
import type { AvailabilityRecord, TimeInterval, WeeklyHours } from '../state';
import { availabilityJson } from '../json-shapes';
import { checkSegments, checkTimeZone, checkWeeklyHours } from './checks';
import { bodyObject, queryString, type ApiContext, type ApiHandler } from './context';

function findAvailability(ctx: ApiContext): AvailabilityRecord {
  const record = ctx.state.availabilities.get(ctx.params['availabilityId'] ?? '');
  if (!record || !ctx.mayReach(record.ownerId)) throw notFound('Availability not found.');
  return record;
}

function checkAvailabilityBody(body: Record<string, unknown>): void {
  checkTimeZone(body['time_zone'], 'time_zone');
  checkWeeklyHours(body['segments_recurrence'], 'segments_recurrence');
  checkSegments(body['segments'], 'segments');
}

/** Exactly one availability per user is the default one. */
function makeDefault(ctx: ApiContext, record: AvailabilityRecord): void {
  for (const other of ctx.state.availabilitiesOf(record.ownerId)) other.isDefault = other.id === record.id;
}

export const listAvailability: ApiHandler = (ctx) => {
  const user = ctx.targetUser(queryString(ctx, 'user_id'));
  const page = paginate(ctx.state.availabilitiesOf(user.id), 'availability', ctx.query);
  return json(200, { ...page, items: page.items.map((a) => availabilityJson(a, user)) });
};

export const insertAvailability: ApiHandler = (ctx) => {
  const body = bodyObject(ctx);
  checkAvailabilityBody(body);
  const owner = ctx.targetUser(queryString(ctx, 'user_id'));
  const record: AvailabilityRecord = {
    id: schedulerId(),
    ownerId: owner.id,
    name: String(body['name']),
    isDefault: false,
    timeZone: String(body['time_zone']),
    segments: (body['segments'] as TimeInterval[] | undefined) ?? [],
    recurrence: (body['segments_recurrence'] as WeeklyHours | undefined) ?? {},
  };
  const firstOne = ctx.state.availabilitiesOf(owner.id).length === 0;
  ctx.state.availabilities.set(record.id, record);
  if (body['default'] === true || firstOne) makeDefault(ctx, record);
  return json(201, availabilityJson(record, owner));
};

export const getAvailability: ApiHandler = (ctx) => {
  const record = findAvailability(ctx);
  return json(200, availabilityJson(record, ctx.state.userOrThrow(record.ownerId)));
};

export const patchAvailability: ApiHandler = (ctx) => {
  const record = findAvailability(ctx);
  const body = bodyObject(ctx);
  checkAvailabilityBody(body);
  if (body['default'] === false && record.isDefault) {
    throw conflict('The default availability cannot be unset; make another availability the default instead.');
  }
  record.name = String(body['name']);
  record.timeZone = String(body['time_zone']);
  if (body['segments'] !== undefined) record.segments = body['segments'] as TimeInterval[];
  if (body['segments_recurrence'] !== undefined) record.recurrence = body['segments_recurrence'] as WeeklyHours;
  if (body['default'] === true) makeDefault(ctx, record);
  return NO_CONTENT;
};

export const deleteAvailability: ApiHandler = (ctx) => {
  const record = findAvailability(ctx);
  if (record.isDefault) throw conflict('The default availability cannot be deleted.');
  ctx.state.availabilities.delete(record.id);
  return NO_CONTENT;
};
