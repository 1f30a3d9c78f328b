import type { AnalyticsCounts, PeriodComparison, PopularSchedule } from './model';
import { lastNDays, previousPeriod, type LocalDayRange } from '../time';
import type { ZoomAnalytics, ZoomSchedulerApi } from '../zoom';

export interface AnalyticsReport {
  /** The `days` complete local days before today (today excluded, so both periods are whole). */
  period: LocalDayRange;
  previous: LocalDayRange;
  comparison: PeriodComparison;
  popular: PopularSchedule[];
}

/**
 * The last `days` complete local days in `zone` against the `days` before them. One request does it: Zoom
 * (and the mock) count `last_n_days` over `[from, to)` and `previous_period` over the equally long span just
 * before `from`, so passing the local-day range as `from`/`to` yields both periods on local-day boundaries.
 */
export async function analyticsReport(
  api: ZoomSchedulerApi,
  input: { nowMs: number; zone: string; days: number },
): Promise<AnalyticsReport> {
  const period = lastNDays(input.nowMs, input.zone, input.days);
  const analytics = await api.getAnalytics({ from: period.from, to: period.to, time_zone: input.zone });
  return {
    period,
    previous: previousPeriod(period),
    comparison: { current: countsOf(analytics.last_n_days), previous: countsOf(analytics.previous_period) },
    popular: popularSchedules(analytics.popular_schedules),
  };
}

type Counters = ZoomAnalytics['last_n_days'];

/**
 * The spec's own example names the counters differently (`created_scheduled_events`) from its schema
 * (`scheduled_events_created`), so both spellings are read; anything missing or not a number counts as 0.
 */
function countsOf(counters: Counters): AnalyticsCounts {
  const raw = (counters ?? {}) as Record<string, unknown>;
  const read = (verb: string): number => {
    const value = raw[`scheduled_events_${verb}`] ?? raw[`${verb}_scheduled_events`];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  return { created: read('created'), completed: read('completed'), canceled: read('canceled'), rescheduled: read('rescheduled') };
}

/** Zoom sends single-key maps `{ "<schedule title>": <bookings> }`; anything else is skipped. */
function popularSchedules(items: unknown): PopularSchedule[] {
  if (!Array.isArray(items)) return [];
  const popular: PopularSchedule[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    for (const [title, bookings] of Object.entries(item as Record<string, unknown>)) {
      if (typeof bookings === 'number' && Number.isFinite(bookings)) popular.push({ title, bookings });
    }
  }
  return popular.sort((a, b) => b.bookings - a.bookings);
}
