import { DateTime } from 'luxon';
import { conflict, invalidArgument, missingScopes, notFound, ZoomApiError } from '../errors';
import { json, NO_CONTENT } from '../http';
import { schedulerId } from '../ids';
import { paginate } from '../pagination';
import type { ScheduleFields, ScheduleRecord, UserRecord } from '../state';
import { scheduleJson } from '../json-shapes';
import { checkDate, checkSegments, checkTimeZone, checkWeeklyHours, queryWindow } from './checks';
import { bodyObject, queryString, type ApiContext, type ApiHandler } from './context';

const DEFAULT_DURATION = 30;
/** Fields insert_schedule / patch_schedule declare; anything else is ignored as Zoom does (and recorded by the validator). */
const WRITABLE_FIELDS = [
  'active',
  'add_on_type',
  'availability_override',
  'availability_rules',
  'booking_limit',
  'buffer',
  'capacity',
  'color',
  'cushion',
  'custom_fields',
  'description',
  'duration',
  'end_date',
  'interval_type',
  'location',
  'schedule_type',
  'secret',
  'segments',
  'segments_recurrence',
  'start_date',
  'start_time_increment',
  'summary',
  'time_zone',
];

/** The writable fields of a request body; booking-form questions get ids as Zoom assigns them. */
function writableFields(body: Record<string, unknown>): ScheduleFields {
  const fields: ScheduleFields = structuredClone(Object.fromEntries(Object.entries(body).filter(([key]) => WRITABLE_FIELDS.includes(key))));
  fields.custom_fields = fields.custom_fields?.map((field) => ({ custom_field_id: schedulerId(), ...field }));
  if (fields.custom_fields === undefined) delete fields.custom_fields;
  return fields;
}

export function findSchedule(ctx: ApiContext): ScheduleRecord {
  const ref = ctx.params['scheduleId'] ?? '';
  // Live Zoom also takes the page slug, unique per host; ownership decides (zoom-live.md §B4).
  const bySlug = () =>
    [...ctx.state.schedules.values()].find((s) => s.slug === ref && s.deletedAt === undefined && ctx.mayReach(s.ownerId));
  const record = ctx.state.schedules.get(ref) ?? (ctx.profile === 'live' ? bySlug() : undefined);
  if (!record || record.deletedAt !== undefined || !ctx.mayReach(record.ownerId)) throw notFound('Schedule not found.');
  return record;
}

/** Assignees cannot edit or delete a managed schedule (2026-11-16). */
function findEditableSchedule(ctx: ApiContext): ScheduleRecord {
  const record = findSchedule(ctx);
  if (record.assignedFromTemplate) throw new ZoomApiError(403, 403, 'Managed schedules can only be changed by an admin.');
  return record;
}

/** Bounds of the 2026-02-09 `created_*`/`updated_*` filters, checked like `from`/`to`. */
export function stampFilter(ctx: ApiContext, zone: string): (createdAt: number, updatedAt: number) => boolean {
  const created = queryWindow(queryString(ctx, 'created_from'), queryString(ctx, 'created_to'), zone);
  const updated = queryWindow(queryString(ctx, 'updated_from'), queryString(ctx, 'updated_to'), zone);
  const within = (ms: number, window: { fromMs?: number; toMs?: number }) =>
    (window.fromMs === undefined || ms >= window.fromMs) && (window.toMs === undefined || ms < window.toMs);
  return (createdAt, updatedAt) => within(createdAt, created) && within(updatedAt, updated);
}

function checkScheduleBody(body: Record<string, unknown>): void {
  checkTimeZone(body['time_zone'], 'time_zone');
  checkWeeklyHours(body['segments_recurrence'], 'segments_recurrence');
  checkSegments(body['segments'], 'segments');
  checkDate(body['start_date'], 'start_date');
  checkDate(body['end_date'], 'end_date');
  ((body['availability_rules'] as Array<Record<string, unknown>> | undefined) ?? []).forEach((rule, i) => {
    checkTimeZone(rule['time_zone'], `availability_rules[${i}].time_zone`);
    checkWeeklyHours(rule['segments_recurrence'], `availability_rules[${i}].segments_recurrence`);
    checkSegments(rule['segments'], `availability_rules[${i}].segments`);
  });
}

function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length >= 3 ? slug.slice(0, 200) : 'meeting';
}

function slugTaken(ctx: ApiContext, owner: UserRecord, slug: string, exceptId?: string): boolean {
  return ctx.state.schedulesOf(owner.id).some((s) => s.deletedAt === undefined && s.slug === slug && s.id !== exceptId);
}

/** A chosen slug that is taken is a conflict (409); a derived one gets a numeric suffix instead. */
function chooseSlug(ctx: ApiContext, owner: UserRecord, requested: unknown, summary: string, exceptId?: string): string {
  if (typeof requested === 'string') {
    if (slugTaken(ctx, owner, requested, exceptId)) throw conflict(`The slug "${requested}" is already used by another schedule.`);
    return requested;
  }
  const base = slugify(summary);
  let slug = base;
  for (let n = 2; slugTaken(ctx, owner, slug, exceptId); n += 1) slug = `${base}-${n}`;
  return slug;
}

/** Schedules overlap the window unless they end before `from` or start after `to` (open-ended when unlimited). */
function inWindow(record: ScheduleRecord, zone: string, window: { fromMs?: number; toMs?: number }): boolean {
  const fields = record.fields;
  const fixed = fields.interval_type === 'fixed';
  const scheduleZone = fields.time_zone ?? zone;
  const startMs = fixed && fields.start_date ? DateTime.fromISO(fields.start_date, { zone: scheduleZone }).toMillis() : -Infinity;
  const endMs =
    fixed && fields.end_date ? DateTime.fromISO(fields.end_date, { zone: scheduleZone }).plus({ days: 1 }).toMillis() : Infinity;
  return (window.fromMs === undefined || endMs > window.fromMs) && (window.toMs === undefined || startMs < window.toMs);
}

export const listSchedules: ApiHandler = (ctx) => {
  const owner = ctx.targetUser(queryString(ctx, 'user_id'));
  const zone = queryString(ctx, 'time_zone') ?? owner.timeZone;
  checkTimeZone(zone, 'time_zone');
  const window = queryWindow(queryString(ctx, 'from'), queryString(ctx, 'to'), zone);
  const showDeleted = ctx.query['show_deleted'] === true;
  const search = queryString(ctx, 'search')?.toLowerCase();
  const stamps = stampFilter(ctx, zone);
  // Live Zoom answered account_level=true with empty items (zoom-live.md §B3); the spec means the whole account.
  const accountLevel = ctx.query['account_level'] === true;
  if (accountLevel && !ctx.isAdmin) throw missingScopes(ctx.operation.scopes.filter((s) => s.endsWith(':admin')));
  const owners = accountLevel ? (ctx.profile === 'live' ? [] : [...ctx.state.users.values()]) : [owner];
  const matching = owners
    .flatMap((user) => ctx.state.schedulesOf(user.id))
    .filter(
      (s) =>
        (showDeleted || s.deletedAt === undefined) &&
        inWindow(s, zone, window) &&
        (search === undefined || (s.fields.summary ?? '').toLowerCase().includes(search)) &&
        stamps(s.createdAt, s.updatedAt),
    )
    .sort((a, b) => a.createdAt - b.createdAt);
  const page = paginate(matching, 'schedules', ctx.query);
  return json(200, { ...page, items: page.items.map((s) => scheduleJson(s, ctx.state.userOrThrow(s.ownerId), ctx.viewerId)) });
};

/**
 * What live Zoom refused although the spec allows it (zoom-live.md §B2): a reference to a saved availability,
 * and a fixed date range without its dates.
 */
function checkLiveScheduleBody(body: Record<string, unknown>): void {
  const rules = (body['availability_rules'] as Array<Record<string, unknown>> | undefined) ?? [];
  if (rules.some((rule) => rule['availability_id'] !== undefined)) throw new ZoomApiError(400, 300, 'Failed json validation!');
  const timeFields = ['start_date', 'end_date', 'start', 'end'];
  if (body['interval_type'] === 'fixed' && timeFields.some((field) => body[field] === undefined)) {
    throw new ZoomApiError(400, 300, 'Miss time fields.');
  }
}

export const insertSchedule: ApiHandler = (ctx) => {
  const body = bodyObject(ctx);
  checkScheduleBody(body);
  if (ctx.profile === 'live') checkLiveScheduleBody(body);
  const owner = ctx.targetUser(queryString(ctx, 'user_id'));
  const duration = typeof body['duration'] === 'number' ? body['duration'] : DEFAULT_DURATION;
  const fields: ScheduleFields = {
    summary: `${duration} Minute Meeting`,
    duration,
    schedule_type: 'one',
    add_on_type: 'zoomMeeting',
    interval_type: 'unlimited',
    time_zone: owner.timeZone,
    start_time_increment: duration,
    buffer: { before: 0, after: 0 },
    cushion: 0,
    booking_limit: 0,
    secret: false,
    active: true,
    ...writableFields(body),
  };
  const now = ctx.now();
  const record: ScheduleRecord = {
    id: schedulerId(),
    ownerId: owner.id,
    fields,
    slug: chooseSlug(ctx, owner, body['slug'], fields.summary ?? ''),
    createdAt: now,
    updatedAt: now,
    createdVia: 'api',
  };
  ctx.state.schedules.set(record.id, record);
  return json(201, scheduleJson(record, owner, ctx.viewerId));
};

/** Managed schedules of the user: assigned from an admin template (2026-11-16). */
export const listManagedSchedules: ApiHandler = (ctx) => {
  const owner = ctx.targetUser(queryString(ctx, 'user_id'));
  const managed = ctx.state
    .schedulesOf(owner.id)
    .filter((s) => s.assignedFromTemplate && s.deletedAt === undefined)
    .sort((a, b) => a.createdAt - b.createdAt);
  const page = paginate(managed, 'managed_schedules', ctx.query);
  return json(200, { ...page, items: page.items.map((s) => scheduleJson(s, owner, ctx.viewerId)) });
};

/** Bookable slots Zoom computes for a schedule (2026-07-13): hours minus bookings, notice and buffers. */
export const listAvailableTimes: ApiHandler = (ctx) => {
  const record = findSchedule(ctx);
  const owner = ctx.state.userOrThrow(record.ownerId);
  const zone = queryString(ctx, 'time_zone') ?? record.fields.time_zone ?? owner.timeZone;
  checkTimeZone(zone, 'time_zone');
  const from = queryString(ctx, 'from') ?? DateTime.fromMillis(ctx.now(), { zone }).toISODate() ?? '';
  checkDate(from, 'from');
  const to = queryString(ctx, 'to') ?? DateTime.fromISO(from).plus({ days: 6 }).toISODate() ?? from;
  checkDate(to, 'to');
  if (to < from) throw invalidArgument('to must not be earlier than from.', 'to');
  if (DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days > 62)
    throw invalidArgument('The range from..to covers at most 62 days.', 'to');
  return json(200, ctx.bookings.availableTimes(record, owner, { from, to, zone }));
};

export const getSchedule: ApiHandler = (ctx) => {
  const record = findSchedule(ctx);
  return json(200, scheduleJson(record, ctx.state.userOrThrow(record.ownerId), ctx.viewerId));
};

export const patchSchedule: ApiHandler = (ctx) => {
  const record = findEditableSchedule(ctx);
  const body = bodyObject(ctx);
  checkScheduleBody(body);
  const owner = ctx.state.userOrThrow(record.ownerId);
  if (body['slug'] !== undefined) record.slug = chooseSlug(ctx, owner, body['slug'], '', record.id);
  Object.assign(record.fields, writableFields(body));
  record.updatedAt = ctx.now();
  // Zoom's PATCH takes `status`: "cancelled" retires the schedule like DELETE does.
  if (body['status'] === 'cancelled') record.deletedAt = ctx.now();
  return NO_CONTENT;
};

export const deleteSchedule: ApiHandler = (ctx) => {
  const record = findEditableSchedule(ctx);
  record.deletedAt = ctx.now();
  record.updatedAt = ctx.now();
  return NO_CONTENT;
};
