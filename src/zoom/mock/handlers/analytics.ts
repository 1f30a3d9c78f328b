/**
 * `GET /scheduler/analytics`, computed from what the mock holds.
 *
 * Period: [from, to). Defaults: `to` = now, `from` = `to` − 7 days; a date-only `to` covers that whole day.
 * `last_n_days` counts that period; `previous_period` the equally long period just before it.
 * - scheduled_events_created: bookings made (event `created`) in the period;
 * - scheduled_events_completed: confirmed events that ended in the period, before now;
 * - scheduled_events_canceled: events cancelled in the period;
 * - scheduled_events_rescheduled: always 0 (the mock has no rescheduling);
 * - schedules_created / schedules_canceled: schedules created / deleted in the period;
 * - one_to_one / one_to_many / any_host_available: bookings made in the period by their schedule's kind
 *   (type "multiple" = any host; capacity > 1 = one to many); the other kinds do not exist in the mock (0).
 * The single-key maps (`{label: count}`, most first) count confirmed events overlapping the period:
 * by schedule summary (≤5), start hour "HH" (≤24) and weekday "Mon" (≤7) in `time_zone`, duration in
 * minutes (≤5), and per host display name (most ≤5, least ≤5).
 */
import { DateTime } from 'luxon';
import { missingScopes } from '../errors';
import { json } from '../http';
import type { EventRecord, ScheduleRecord, UserRecord } from '../state';
import { checkTimeZone, queryWindow } from './checks';
import { queryString, type ApiHandler } from './context';

const DEFAULT_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

const COUNTERS = [
  'scheduled_events_created',
  'scheduled_events_completed',
  'scheduled_events_canceled',
  'scheduled_events_rescheduled',
  'schedules_created',
  'schedules_canceled',
  'one_to_one',
  'one_to_many',
  'any_host_available',
  'all_host_available',
  'one_off_meeting',
  'meeting_poll',
] as const;

type Counters = Record<(typeof COUNTERS)[number], number>;

interface Period {
  fromMs: number;
  toMs: number;
}

const within = (ms: number | undefined, p: Period): boolean => ms !== undefined && ms >= p.fromMs && ms < p.toMs;

function kindOf(schedule: ScheduleRecord | undefined): 'one_to_one' | 'one_to_many' | 'any_host_available' {
  if (schedule?.fields.schedule_type === 'multiple') return 'any_host_available';
  return (schedule?.fields.capacity ?? 1) > 1 ? 'one_to_many' : 'one_to_one';
}

function countPeriod(
  events: EventRecord[],
  schedules: Map<string, ScheduleRecord>,
  owned: ScheduleRecord[],
  p: Period,
  nowMs: number,
): Counters {
  const counters = Object.fromEntries(COUNTERS.map((key) => [key, 0])) as Counters;
  for (const event of events) {
    if (within(event.createdAt, p)) {
      counters.scheduled_events_created += 1;
      counters[kindOf(schedules.get(event.scheduleId))] += 1;
    }
    if (event.status === 'confirmed' && event.deletedAt === undefined && event.endMs <= nowMs && within(event.endMs, p)) {
      counters.scheduled_events_completed += 1;
    }
    if (within(event.cancellation?.at, p)) counters.scheduled_events_canceled += 1;
  }
  counters.schedules_created = owned.filter((s) => within(s.createdAt, p)).length;
  counters.schedules_canceled = owned.filter((s) => within(s.deletedAt, p)).length;
  return counters;
}

/** `[{label: count}, ...]`, largest first (smallest first when `ascending`), ties by label. */
function counterMaps(counts: Map<string, number>, limit: number, ascending = false): Array<Record<string, number>> {
  return [...counts.entries()]
    .sort(([la, a], [lb, b]) => (ascending ? a - b : b - a) || la.localeCompare(lb))
    .slice(0, limit)
    .map(([label, count]) => ({ [label]: count }));
}

function tally<T>(items: T[], label: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(label(item), (counts.get(label(item)) ?? 0) + 1);
  return counts;
}

export const reportAnalytics: ApiHandler = (ctx) => {
  const ref = queryString(ctx, 'user_id');
  let users: UserRecord[];
  if (ref === 'all') {
    if (!ctx.isAdmin) throw missingScopes(ctx.operation.scopes.filter((s) => s.endsWith(':admin')));
    users = [...ctx.state.users.values()];
  } else {
    users = [ctx.targetUser(ref)];
  }
  const zone = queryString(ctx, 'time_zone') ?? users[0]?.timeZone ?? 'UTC';
  checkTimeZone(zone, 'time_zone');
  const bounds = queryWindow(queryString(ctx, 'from'), queryString(ctx, 'to'), zone);
  const toMs = bounds.toMs ?? ctx.now();
  const current: Period = { fromMs: bounds.fromMs ?? toMs - DEFAULT_DAYS * DAY_MS, toMs };
  const previous: Period = { fromMs: current.fromMs - (current.toMs - current.fromMs), toMs: current.fromMs };

  const userIds = new Set(users.map((u) => u.id));
  const events = [...ctx.state.events.values()].filter((e) => userIds.has(e.ownerId));
  const owned = [...ctx.state.schedules.values()].filter((s) => userIds.has(s.ownerId));
  const held = events.filter(
    (e) => e.status === 'confirmed' && e.deletedAt === undefined && e.endMs > current.fromMs && e.startMs < current.toMs,
  );
  const startIn = (e: EventRecord): DateTime => DateTime.fromMillis(e.startMs, { zone });
  const perUser = new Map(users.map((u) => [u.displayName, held.filter((e) => e.ownerId === u.id).length]));

  return json(200, {
    last_n_days: countPeriod(events, ctx.state.schedules, owned, current, ctx.now()),
    previous_period: countPeriod(events, ctx.state.schedules, owned, previous, ctx.now()),
    popular_schedules: counterMaps(
      tally(held, (e) => ctx.state.schedules.get(e.scheduleId)?.fields.summary ?? e.summary),
      5,
    ),
    popular_time_of_day: counterMaps(
      tally(held, (e) => startIn(e).toFormat('HH')),
      24,
    ),
    popular_time_of_week: counterMaps(
      tally(held, (e) => startIn(e).toFormat('ccc', { locale: 'en-US' })),
      7,
    ),
    event_distribution_by_duration: counterMaps(
      tally(held, (e) => String(Math.round((e.endMs - e.startMs) / 60_000))),
      5,
    ),
    users_with_most_events: counterMaps(perUser, 5),
    users_with_least_events: counterMaps(perUser, 5, true),
  });
};
