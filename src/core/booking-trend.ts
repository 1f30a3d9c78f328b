import { addLocalDays, lastNDays, localDate, parseZoomDateTime, type LocalDayRange } from '../time';
import { analyticsReport, type AnalyticsReport } from './analytics';
import { ZOOM_MAX_PAGE_SIZE, type ZoomEventSummary, type ZoomSchedulerApi } from '../zoom';

/** Attendees of meetings that have ended, and how many of them Zoom marks `no_show`. */
export interface NoShowRate {
  noShows: number;
  attendees: number;
}

export interface BookingTrend {
  /** Bookings made on each local day of the period, oldest first (the "Booked" counter, day by day). */
  daily: number[];
  /** Absent when no meeting of the period has ended with an attendee whose attendance Zoom records. */
  noShows?: NoShowRate;
}

/**
 * The period day by day and its no-show rate, from two listings: the events created in the period (cancelled
 * ones too, as Zoom's "created" counter counts them) and the events that took place in it.
 */
export async function bookingTrend(api: ZoomSchedulerApi, input: { period: LocalDayRange; nowMs: number }): Promise<BookingTrend> {
  const { period, nowMs } = input;
  const [created, held] = await Promise.all([
    collect(
      api.iterateEvents({
        created_from: period.from,
        created_to: period.to,
        show_deleted: true,
        time_zone: period.zone,
        page_size: ZOOM_MAX_PAGE_SIZE,
      }),
    ),
    collect(api.iterateEvents({ from: period.from, to: period.to, time_zone: period.zone, page_size: ZOOM_MAX_PAGE_SIZE })),
  ]);
  const noShows = noShowRate(held, nowMs);
  return { daily: dailyCreated(created, period), ...(noShows ? { noShows } : {}) };
}

async function collect(events: AsyncIterable<ZoomEventSummary>): Promise<ZoomEventSummary[]> {
  const all: ZoomEventSummary[] = [];
  for await (const event of events) all.push(event);
  return all;
}

function dailyCreated(events: readonly ZoomEventSummary[], period: LocalDayRange): number[] {
  const index = new Map(Array.from({ length: period.days }, (_, i) => [addLocalDays(period.firstDate, i), i]));
  const daily = new Array<number>(period.days).fill(0);
  for (const event of events) {
    const createdMs = bookedAt(event);
    if (createdMs === null || createdMs < period.startMs || createdMs >= period.endMs) continue;
    const day = index.get(localDate(createdMs, period.zone));
    if (day !== undefined) daily[day] = (daily[day] ?? 0) + 1;
  }
  return daily;
}

/**
 * When the booking was made: the booker's attendee record carries `created` (the event's own stamp is not in
 * the spec's list schema); an event without attendees falls back to a `created` field if Zoom sent one.
 */
function bookedAt(event: ZoomEventSummary): number | null {
  const attendees = event.attendees ?? [];
  const booker = attendees.find((a) => a.booker) ?? attendees[0];
  return parseZoomDateTime(booker?.created ?? (event as { created?: unknown }).created);
}

/** Only meetings that have ended and were not cancelled count; an attendee without a `no_show` flag is unknown. */
export function noShowRate(events: readonly ZoomEventSummary[], nowMs: number): NoShowRate | undefined {
  let attendees = 0;
  let noShows = 0;
  for (const event of events) {
    const endMs = parseZoomDateTime(event.end_date_time);
    if (event.status === 'cancelled' || endMs === null || endMs > nowMs) continue;
    for (const attendee of event.attendees ?? []) {
      if (typeof attendee.no_show !== 'boolean') continue;
      attendees += 1;
      if (attendee.no_show) noShows += 1;
    }
  }
  return attendees > 0 ? { noShows, attendees } : undefined;
}

/** `analytics [N]`: Zoom's counters against the period before, plus the period day by day and its no-show rate. */
export async function analyticsWithTrend(
  api: ZoomSchedulerApi,
  input: { nowMs: number; zone: string; days: number },
): Promise<AnalyticsReport & { trend: BookingTrend }> {
  const period = lastNDays(input.nowMs, input.zone, input.days);
  const [report, trend] = await Promise.all([analyticsReport(api, input), bookingTrend(api, { period, nowMs: input.nowMs })]);
  return { ...report, trend };
}
