/**
 * Building `POST /schedules` bodies that live Zoom accepts (zoom-live.md §B2). Live Zoom was seen to refuse
 * what the spec documents:
 * - a reference to a saved availability (`availability_rules: [{availability_id}]`) → 400 "Failed json validation!";
 *   inline weekly hours work: `availability_override: true`, `availability_rules: []`, `segments_recurrence`
 *   (+ `segments` for one-off dates) and `time_zone` at the top level of the body;
 * - `interval_type: "fixed"` without `start_date`/`end_date` → 400 "Miss time fields."; it wants `start`/`end` too.
 * A 400 is a definite non-delivery, so answering it with one differently shaped request is safe (a timeout is
 * not, and POSTs are never retried by the transport).
 */
import { ZoomApiError } from './errors';
import type { ZoomAvailability, ZoomScheduleInput } from './types';

/**
 * Whether `error` is Zoom refusing `schedule` because it referenced a saved availability: a 400 on
 * insert_schedule for a body with an `availability_id` rule. The caller may then retry once with
 * `withInlineAvailability(schedule, availability)`.
 */
export function isAvailabilityReferenceRejection(error: unknown, schedule: ZoomScheduleInput): boolean {
  return (
    error instanceof ZoomApiError &&
    error.status === 400 &&
    error.operation === 'insert_schedule' &&
    referencedAvailabilityIds(schedule).length > 0
  );
}

/** The saved availabilities a schedule body refers to by id. */
export function referencedAvailabilityIds(schedule: ZoomScheduleInput): string[] {
  return (schedule.availability_rules ?? []).flatMap((rule) => (rule.availability_id ? [rule.availability_id] : []));
}

/**
 * `schedule` with the availability's weekly hours, dates and time zone copied inline instead of referenced.
 * The page then no longer follows later edits of that availability.
 */
export function withInlineAvailability(
  schedule: ZoomScheduleInput,
  availability: Pick<ZoomAvailability, 'segments_recurrence' | 'segments' | 'time_zone'>,
): ZoomScheduleInput {
  const inline: ZoomScheduleInput = {
    ...schedule,
    availability_override: true,
    availability_rules: [],
    segments_recurrence: structuredClone(availability.segments_recurrence ?? {}),
  };
  if (availability.segments && availability.segments.length > 0) inline.segments = structuredClone(availability.segments);
  const timeZone = availability.time_zone ?? schedule.time_zone;
  if (timeZone) inline.time_zone = timeZone;
  return inline;
}

/**
 * Adds the time fields live Zoom asks for on a fixed date range: `start`/`end` spanning `start_date` to the end
 * of `end_date` (local times of the schedule's `time_zone`). Throws when a fixed range lacks its dates, since
 * Zoom would refuse it with "Miss time fields.".
 */
export function withScheduleTimeFields<T extends ZoomScheduleInput>(schedule: T): T {
  if (schedule.interval_type !== 'fixed') return schedule;
  if (!schedule.start_date || !schedule.end_date) {
    throw new TypeError('A schedule with interval_type "fixed" needs start_date and end_date (YYYY-MM-DD).');
  }
  return {
    ...schedule,
    start: schedule.start ?? `${schedule.start_date}T00:00:00`,
    end: schedule.end ?? `${schedule.end_date}T23:59:59`,
  };
}
