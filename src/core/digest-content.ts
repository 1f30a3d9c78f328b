import { dayRange, lastNDays, localDate, perDayBuckets, type LocalDayRange, type TimeWindow } from '../time';
import type { BookingSummary, DigestData } from './model';
import { ZOOM_MAX_PAGE_SIZE, type ZoomEventSummary, type ZoomSchedulerApi } from '../zoom';
import { analyticsReport } from './analytics';
import { toBookingSummary } from './bookings';
import { noShowRate } from './booking-trend';

/** Wraps every Zoom request, so that the scheduler can hold each Zoom account to its rate limit. */
export type ZoomCallGate = <T>(call: () => Promise<T>) => Promise<T>;

const ungated: ZoomCallGate = (call) => call();

const WEEK_DAYS = 7;

/**
 * Everything the digest shows, read from Zoom in three kinds of request: analytics for yesterday and for the
 * last 7 days (each against the period before it), and one listing of the week's and today's bookings, which
 * gives both the per-day chart (bookings by the local day they take place) and today's upcoming ones. Every
 * range is whole local days in the subscriber's zone, so "yesterday" is their yesterday.
 */
export async function buildDigestData(
  api: ZoomSchedulerApi,
  input: { nowMs: number; zone: string; gate?: ZoomCallGate },
): Promise<DigestData> {
  const { nowMs, zone } = input;
  const gate = input.gate ?? ungated;
  const today = localDate(nowMs, zone);
  const week = lastNDays(nowMs, zone, WEEK_DAYS);
  const todayRange = dayRange(today, zone);

  // analyticsReport makes exactly one request, so gating the call gates that request.
  const [yesterday, lastWeek, events] = await Promise.all([
    gate(() => analyticsReport(api, { nowMs, zone, days: 1 })),
    gate(() => analyticsReport(api, { nowMs, zone, days: WEEK_DAYS })),
    listEventsIn(api, gate, { startMs: week.startMs, endMs: todayRange.endMs, from: week.from, to: todayRange.to }, zone),
  ]);
  const bookings = toBookings(events);

  const data: DigestData = {
    localDate: today,
    timeZone: zone,
    yesterday: yesterday.comparison,
    lastSevenDays: lastWeek.comparison,
    upcomingToday: bookings.filter((b) => b.start.getTime() >= nowMs && b.start.getTime() < todayRange.endMs),
    bookingsPerDay: perDayBuckets(nowMs, zone, WEEK_DAYS).map((day) => ({ date: day.firstDate, count: countStartingIn(bookings, day) })),
  };
  const popular = lastWeek.popular[0];
  if (popular && popular.bookings > 0) data.popularSchedule = popular;
  // The week's meetings that have ended; today's later ones are not over, so they cannot count yet.
  const noShows = noShowRate(events, nowMs);
  if (noShows) data.noShows = noShows;
  return data;
}

/** Page by page rather than through the iterator, so that each page's request passes the gate. */
async function listEventsIn(api: ZoomSchedulerApi, gate: ZoomCallGate, window: TimeWindow, zone: string): Promise<ZoomEventSummary[]> {
  const events: ZoomEventSummary[] = [];
  let pageToken: string | undefined;
  do {
    const query = { from: window.from, to: window.to, time_zone: zone, page_size: ZOOM_MAX_PAGE_SIZE };
    const page = await gate(() => api.listEvents(pageToken ? { ...query, next_page_token: pageToken } : query));
    events.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return events;
}

function toBookings(events: readonly ZoomEventSummary[]): BookingSummary[] {
  return events
    .map(toBookingSummary)
    .filter((booking): booking is BookingSummary => booking !== null)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

function countStartingIn(bookings: readonly BookingSummary[], day: LocalDayRange): number {
  return bookings.filter((b) => b.start.getTime() >= day.startMs && b.start.getTime() < day.endMs).length;
}
