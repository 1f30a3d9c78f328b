import type { BookingSummary, Invitee } from './model';
import { eventsWindow, parseZoomDateTime, type EventsSpan, type TimeWindow } from '../time';
import { ZOOM_MAX_PAGE_SIZE, type ZoomEventSummary, type ZoomSchedulerApi } from '../zoom';

/** Zoom's own maximum page, so a busy week costs one or two requests. */

/**
 * The user's bookings in `[window.from, window.to)`, all pages, soonest first. Cancelled events are left out
 * (Zoom lists them only with `show_deleted`, but a status check keeps that true whatever Zoom sends).
 */
export async function bookingsInWindow(api: ZoomSchedulerApi, window: TimeWindow, zone: string): Promise<BookingSummary[]> {
  const bookings: BookingSummary[] = [];
  for await (const event of api.iterateEvents({ from: window.from, to: window.to, time_zone: zone, page_size: ZOOM_MAX_PAGE_SIZE })) {
    const booking = toBookingSummary(event);
    if (booking) bookings.push(booking);
  }
  return bookings.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** `events today|week`: from now to the end of today, or to the same time in 7 days, in the user's zone. */
export function upcomingBookings(
  api: ZoomSchedulerApi,
  input: { nowMs: number; zone: string; span: EventsSpan },
): Promise<BookingSummary[]> {
  return bookingsInWindow(api, eventsWindow(input.nowMs, input.zone, input.span), input.zone);
}

/** Null for a cancelled event or one whose times cannot be read (never guessed). */
export function toBookingSummary(event: ZoomEventSummary): BookingSummary | null {
  if (event.status === 'cancelled') return null;
  const startMs = parseZoomDateTime(event.start_date_time);
  const endMs = parseZoomDateTime(event.end_date_time);
  if (startMs === null || endMs === null) return null;
  const booking: BookingSummary = {
    eventId: event.event_id,
    title: event.summary?.trim() || 'Untitled event',
    start: new Date(startMs),
    end: new Date(endMs),
  };
  const invitee = inviteeOf(event);
  if (invitee) booking.invitee = invitee;
  const where = event.external_location?.meeting_join_url || event.location;
  if (where) booking.where = where;
  return booking;
}

/** The person who booked; the host is not an invitee. */
function inviteeOf(event: ZoomEventSummary): Invitee | undefined {
  const attendees = event.attendees ?? [];
  const attendee = attendees.find((a) => a.booker) ?? attendees[0];
  if (!attendee) return undefined;
  const name = attendee.display_name?.trim() || [attendee.first_name, attendee.last_name].filter(Boolean).join(' ') || attendee.email;
  if (!name) return undefined;
  return attendee.email ? { name, email: attendee.email } : { name };
}
