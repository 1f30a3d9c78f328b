import { addLocalDays, localDate, parseZoomDateTime } from '../time';
import type { ZoomSchedulerApi } from '../zoom';

/** How many upcoming times a post shows under its button. */
export const OPEN_SLOTS_SHOWN = 3;
/**
 * Slack gives 3 s for the whole answer and the link itself needs its own Zoom round trip, so Zoom gets this long
 * to say when the schedule is free; later than that the post goes out without times.
 */
export const OPEN_SLOTS_TIMEOUT_MS = 800;
/** Two weeks ahead: enough for a schedule with a long notice, far below Zoom's 62-day range. */
const LOOKAHEAD_DAYS = 14;

export interface OpenSlotsOptions {
  nowMs: number;
  timeoutMs?: number;
  count?: number;
}

/**
 * The next bookable start times of a schedule, as Zoom computes them (`available_times`: hours minus busy time,
 * bookings, buffers and notice). Empty when Zoom cannot say in time — no such endpoint for this account, no
 * licence, a 404 under Server-to-Server, any error, or slowness — because the times are a garnish on a post
 * that must go out regardless.
 */
export async function nextOpenSlots(api: ZoomSchedulerApi, scheduleId: string, options: OpenSlotsOptions): Promise<Date[]> {
  const starts = await withinTimeout(upcomingOpenStarts(api, scheduleId, options.nowMs), options.timeoutMs ?? OPEN_SLOTS_TIMEOUT_MS, []);
  return firstOpenSlots(starts, options.nowMs, options.count);
}

/**
 * Every bookable start after `nowMs` in the lookahead, sorted (epoch ms): what may be kept a while and cut to
 * the first few at each read. Never rejects: whatever Zoom cannot say is an empty list.
 */
export function upcomingOpenStarts(api: ZoomSchedulerApi, scheduleId: string, nowMs: number): Promise<number[]> {
  // Asked in UTC so that "today" starts no later than now in any host's zone; the tokens show each reader's zone.
  const from = localDate(nowMs, 'UTC');
  return api
    .getAvailableTimes(scheduleId, { from, to: addLocalDays(from, LOOKAHEAD_DAYS - 1), time_zone: 'UTC' })
    .then((answer) => upcomingStarts(answer.days ?? [], nowMs))
    .catch(() => []);
}

/** The first `count` of `starts` still ahead at `nowMs`. */
export function firstOpenSlots(starts: readonly number[], nowMs: number, count = OPEN_SLOTS_SHOWN): Date[] {
  return starts
    .filter((ms) => ms > nowMs)
    .slice(0, count)
    .map((ms) => new Date(ms));
}

/** `fallback` once `timeoutMs` has passed without an answer; the answer may still arrive for other callers. */
export async function withinTimeout<T>(answer: Promise<T>, timeoutMs: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

type AvailableDay = { spots?: Array<{ start_time?: string; status?: string; available_number?: number }> };

function upcomingStarts(days: readonly AvailableDay[], nowMs: number): number[] {
  const starts = new Set<number>();
  for (const day of days) {
    for (const spot of day.spots ?? []) {
      if (spot.status !== undefined && spot.status !== 'available') continue;
      if (spot.available_number !== undefined && spot.available_number <= 0) continue;
      const startMs = parseZoomDateTime(spot.start_time);
      if (startMs !== null && startMs > nowMs) starts.add(startMs);
    }
  }
  return [...starts].sort((a, b) => a - b);
}
