import type { RecordSeenBookingInput, SeenBookingRecord, Store } from '../store';
import { SLACK_UTM_SOURCE } from './attribution';
import type { ScheduledEventNotice } from './zoom-webhook-payloads';

/** What the Slack message of a booking should do about one webhook. */
export type BookingStep =
  /** A new booking: announce it. */
  | { kind: 'announce'; seenBookingId: string; endAt: Date; attributedChannel?: string }
  /** The new half of a reschedule that won the claim on the old booking's message: edit that message. */
  | {
      kind: 'moved';
      fromEventId: string;
      from?: { start: Date; end: Date };
      seenBookingId: string;
      endAt: Date;
      attributedChannel?: string;
    }
  /** A cancellation that is not part of a reschedule: mark the message cancelled. */
  | { kind: 'cancelled' }
  /** The cancelled half of a reschedule: the new half edits the message, whichever of the two arrives first. */
  | { kind: 'quiet' };

export function inviteeKeyOf(notice: ScheduledEventNotice): string {
  return (notice.invitee.email ?? notice.invitee.name).trim().toLowerCase();
}

/** Webhooks carry no schedule id; the event's summary is its schedule's title. */
export function scheduleKeyOf(notice: ScheduledEventNotice): string {
  return `title:${notice.title}`;
}

export function attributionOf(notice: ScheduledEventNotice): { channel?: string; scheduleId?: string } {
  const tracking = notice.tracking;
  if (!tracking || tracking.source?.toLowerCase() !== SLACK_UTM_SOURCE) return {};
  return { ...(tracking.medium ? { channel: tracking.medium } : {}), ...(tracking.campaign ? { scheduleId: tracking.campaign } : {}) };
}

/**
 * Records a booking webhook in the app's own booking log and decides what its Slack message does. A reschedule is
 * a cancellation and a creation, in either order and possibly processed at the same time by two instances: only
 * the creation edits the message, and only after winning a conditional write on the old booking (`claimReschedule`).
 */
export async function recordBookingStep(store: Store, notice: ScheduledEventNotice): Promise<BookingStep> {
  const base = seenInput(notice);
  if (notice.kind === 'cancelled') {
    const partOfReschedule = notice.rescheduled || notice.rescheduledToEventId !== undefined;
    const seen = await store.findSeenBookings(notice.eventId, notice.hostZoomUserId);
    // A creation that arrived first already claimed this booking: its status says so and must stay.
    const claimed = seen.some((row) => row.rescheduledToEventId !== null);
    await store.recordSeenBooking({ ...base, status: partOfReschedule || claimed ? 'rescheduled' : 'cancelled' });
    return partOfReschedule || claimed ? { kind: 'quiet' } : { kind: 'cancelled' };
  }

  if (!notice.rescheduled && notice.rescheduledFromEventId === undefined) {
    const seen = await store.recordSeenBooking({ ...base, status: 'scheduled' });
    return { kind: 'announce', seenBookingId: seen.id, endAt: seen.endAt };
  }

  const previous = await previousBookingOf(store, notice);
  const fromEventId = notice.rescheduledFromEventId ?? previous?.zoomEventId;
  const seen = await store.recordSeenBooking({ ...inheritedAttribution(base, previous), status: 'scheduled' });
  // The moved booking's own webhook carries no UTM of ours; its record inherited the first booking's channel.
  const booked = {
    seenBookingId: seen.id,
    endAt: seen.endAt,
    ...(seen.attributedChannel ? { attributedChannel: seen.attributedChannel } : {}),
  };
  if (!fromEventId) return { kind: 'announce', ...booked };

  const won = await store.claimReschedule(fromEventId, notice.hostZoomUserId, notice.eventId);
  const retried = !won && previous?.rescheduledToEventId === notice.eventId;
  if (!won && !retried && previous) return { kind: 'announce', ...booked };
  // With Zoom's linking id but no record of the old booking (it predates this log), the message may still exist.
  const from = previous ? { start: previous.startAt, end: previous.endAt } : undefined;
  return { kind: 'moved', fromEventId, ...(from ? { from } : {}), ...booked };
}

async function previousBookingOf(store: Store, notice: ScheduledEventNotice): Promise<SeenBookingRecord | null> {
  if (notice.rescheduledFromEventId) {
    const rows = await store.findSeenBookings(notice.rescheduledFromEventId, notice.hostZoomUserId);
    return rows.find((row) => row.inviteeKey === inviteeKeyOf(notice)) ?? rows[0] ?? null;
  }
  return store.findRescheduleCandidate({
    zoomUserId: notice.hostZoomUserId,
    inviteeKey: inviteeKeyOf(notice),
    scheduleKey: scheduleKeyOf(notice),
    excludeEventId: notice.eventId,
  });
}

function seenInput(notice: ScheduledEventNotice): Omit<RecordSeenBookingInput, 'status'> {
  const attribution = attributionOf(notice);
  return {
    zoomEventId: notice.eventId,
    zoomUserId: notice.hostZoomUserId,
    inviteeKey: inviteeKeyOf(notice),
    ...(notice.invitee.email ? { inviteeEmail: notice.invitee.email } : {}),
    inviteeName: notice.invitee.name,
    scheduleKey: scheduleKeyOf(notice),
    title: notice.title,
    startAt: notice.start,
    endAt: notice.end,
    ...(notice.tracking?.source ? { utmSource: notice.tracking.source } : {}),
    ...(attribution.channel ? { attributedChannel: attribution.channel } : {}),
    ...(attribution.scheduleId ? { attributedScheduleId: attribution.scheduleId } : {}),
  };
}

/** A moved booking keeps the channel its first booking came from (the manage link carries no UTM of ours). */
function inheritedAttribution(
  input: Omit<RecordSeenBookingInput, 'status'>,
  previous: SeenBookingRecord | null,
): Omit<RecordSeenBookingInput, 'status'> {
  if (!previous || input.attributedChannel !== undefined) return input;
  return {
    ...input,
    ...(previous.utmSource ? { utmSource: previous.utmSource } : {}),
    ...(previous.attributedChannel ? { attributedChannel: previous.attributedChannel } : {}),
    ...(previous.attributedScheduleId ? { attributedScheduleId: previous.attributedScheduleId } : {}),
  };
}
