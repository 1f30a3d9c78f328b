/**
 * What happens on Zoom's public booking page: an invitee books a slot of a schedule (or joins a group
 * slot), and a host or invitee cancels. Both notify the webhook target like Zoom does.
 */
import { DateTime } from 'luxon';
import { MockUsageError } from './errors';
import { meetingNumber, schedulerId, shortCode } from './ids';
import type { EventRecord, MockState, ScheduleRecord, UserRecord, WeeklyHours } from './state';
import { minutesOfDay, weekdayKey } from './time';
import type { BookingInput, CancelInput, RescheduleDelivery } from './types';
import { scheduledEventPayload, type WebhookSender } from './webhooks';

const DEFAULT_DURATION_MINUTES = 30;
const SEARCH_DAYS = 60;
const WORKING_HOURS: WeeklyHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [day, [{ start: '09:00', end: '17:00' }]]),
);

function hasHours(hours: WeeklyHours | undefined): hours is WeeklyHours {
  return hours !== undefined && Object.values(hours).some((intervals) => (intervals ?? []).length > 0);
}

const TRACKING_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;

/** The UTM parameters of a booking page address, as Zoom reports them in `tracking`. */
function trackingOf(pageUrl: string): Record<string, string> {
  let query: URLSearchParams;
  try {
    query = new URL(pageUrl).searchParams;
  } catch {
    throw new MockUsageError(`pageUrl "${pageUrl}" is not a URL`);
  }
  const tracking: Record<string, string> = {};
  for (const key of TRACKING_KEYS) {
    const value = query.get(key);
    if (value) tracking[key] = value;
  }
  return tracking;
}

export class Bookings {
  constructor(
    private readonly state: MockState,
    private readonly now: () => number,
    private readonly webhooks: WebhookSender,
  ) {}

  /** Books `input` and, unless `notify` is false, sends `scheduler.scheduled_event_created`. */
  async book(input: BookingInput, options: { notify?: boolean; createdAt?: number } = {}): Promise<EventRecord> {
    const schedule = this.state.schedules.get(input.scheduleId);
    if (!schedule || schedule.deletedAt !== undefined || schedule.fields.active === false) {
      throw new MockUsageError(`schedule ${input.scheduleId} does not exist or is not bookable`);
    }
    const owner = this.state.userOrThrow(schedule.ownerId);
    const durationMs = (schedule.fields.duration ?? DEFAULT_DURATION_MINUTES) * 60_000;
    const createdAt = options.createdAt ?? this.now();
    const startMs = input.startTime === undefined ? this.nextOpenSlot(schedule, owner, durationMs) : this.parseStart(input.startTime);

    const attendee = {
      id: schedulerId(),
      createdAt,
      email: input.invitee.email,
      firstName: input.invitee.firstName,
      lastName: input.invitee.lastName,
      timeZone: input.invitee.timeZone ?? owner.timeZone,
      noShow: false,
      booker: true,
      answers: (input.answers ?? []).map((qa) => ({ question: qa.question, answer: [...qa.answer] })),
      ...(input.pageUrl ? { tracking: trackingOf(input.pageUrl) } : {}),
    };
    const capacity = schedule.fields.capacity ?? 1;
    const groupSlot = this.liveEventsOf(owner.id).find((e) => e.scheduleId === schedule.id && e.startMs === startMs);
    let event: EventRecord;
    if (groupSlot && groupSlot.attendees.length < capacity) {
      event = groupSlot;
      event.attendees.push({ ...attendee, booker: false });
      event.updatedAt = createdAt;
    } else {
      if (this.overlapsBooking(owner.id, startMs, startMs + durationMs)) {
        throw new MockUsageError(`the slot at ${new Date(startMs).toISOString()} is already booked`);
      }
      event = this.newEvent(schedule, owner, startMs, durationMs, createdAt);
      event.attendees.push(attendee);
      this.state.events.set(event.id, event);
    }
    if (options.notify !== false) {
      await this.webhooks.send(
        'scheduler.scheduled_event_created',
        scheduledEventPayload(this.state.accountId, owner, event, schedule, event.attendees[event.attendees.length - 1]?.id ?? ''),
      );
    }
    return event;
  }

  /** Cancels the event; returns false when it already was. Sends `scheduler.scheduled_event_canceled`. */
  async cancel(event: EventRecord, by: CancelInput, options: { notify?: boolean } = {}): Promise<boolean> {
    if (event.status === 'cancelled') return false;
    const owner = this.state.userOrThrow(event.ownerId);
    const booker = event.attendees.find((a) => a.booker) ?? event.attendees[0];
    const defaultName = by.canceler === 'host' ? owner.displayName : `${booker?.firstName ?? ''} ${booker?.lastName ?? ''}`.trim();
    const at = this.now();
    event.status = 'cancelled';
    event.updatedAt = at;
    event.cancellation = { at, by: by.name ?? defaultName, canceler: by.canceler, reason: by.reason ?? '' };
    if (options.notify !== false) {
      const schedule = this.state.schedules.get(event.scheduleId);
      await this.webhooks.send(
        'scheduler.scheduled_event_canceled',
        scheduledEventPayload(this.state.accountId, owner, event, schedule, booker?.id ?? ''),
      );
    }
    return true;
  }

  /**
   * A reschedule as Zoom delivers it: the old booking is cancelled and a new one created, both webhooks with
   * `rescheduled: true`; since 2026-08-17 the `rescheduled_to_*` / `rescheduled_from_*` ids link the two
   * (omitted with `linkIds: false`, as before that date).
   */
  async reschedule(
    event: EventRecord,
    startTime: string | undefined,
    options: { linkIds?: boolean; delivery?: RescheduleDelivery } = {},
  ): Promise<EventRecord> {
    if (event.status === 'cancelled') throw new MockUsageError(`event ${event.id} is already cancelled`);
    const booker = event.attendees.find((a) => a.booker) ?? event.attendees[0];
    if (!booker) throw new MockUsageError(`event ${event.id} has no attendee`);
    await this.cancel(event, { canceler: 'invitee', reason: 'Rescheduled' }, { notify: false });
    const moved = await this.book(
      {
        scheduleId: event.scheduleId,
        ...(startTime === undefined ? {} : { startTime }),
        invitee: { email: booker.email, firstName: booker.firstName, lastName: booker.lastName, timeZone: booker.timeZone },
        answers: booker.answers,
      },
      { notify: false },
    );
    const newAttendee = moved.attendees[moved.attendees.length - 1];
    const link = options.linkIds !== false;
    const owner = this.state.userOrThrow(event.ownerId);
    const schedule = this.state.schedules.get(event.scheduleId);
    const sendCancellation = () =>
      this.webhooks.send(
        'scheduler.scheduled_event_canceled',
        scheduledEventPayload(this.state.accountId, owner, event, schedule, booker.id, {
          rescheduled: true,
          ...(link ? { rescheduled_to_event_id: moved.id, rescheduled_to_invitee_id: newAttendee?.id ?? '' } : {}),
        }),
      );
    const sendCreation = () =>
      this.webhooks.send(
        'scheduler.scheduled_event_created',
        scheduledEventPayload(this.state.accountId, owner, moved, schedule, newAttendee?.id ?? '', {
          rescheduled: true,
          ...(link ? { rescheduled_from_event_id: event.id, rescheduled_from_invitee_id: booker.id } : {}),
        }),
      );
    // Zoom sends the cancellation first, but deliveries (and their retries) can reach the app in either order.
    const delivery = options.delivery ?? 'cancel-first';
    if (delivery === 'together') {
      await Promise.all([sendCancellation(), sendCreation()]);
    } else if (delivery === 'create-first') {
      await sendCreation();
      await sendCancellation();
    } else {
      await sendCancellation();
      await sendCreation();
    }
    return moved;
  }

  /**
   * `available_times` of a schedule (2026-07-13): every day from `from` to `to` (dates in `zone`), slots of the
   * schedule's hours stepped by `start_time_increment` from each interval's start, minus past/notice time and
   * overlapping bookings; group slots count seats left. `start_time` carries the zone's offset, never `Z`.
   */
  availableTimes(schedule: ScheduleRecord, owner: UserRecord, window: { from: string; to: string; zone: string }): Record<string, unknown> {
    const durationMs = (schedule.fields.duration ?? DEFAULT_DURATION_MINUTES) * 60_000;
    const { hours, zone: hoursZone } = this.weeklyHours(schedule, owner);
    const earliest = this.now() + (schedule.fields.cushion ?? 0) * 60_000;
    const stepMinutes = schedule.fields.start_time_increment ?? durationMs / 60_000;
    const capacity = schedule.fields.capacity ?? 1;
    const first = DateTime.fromISO(window.from, { zone: window.zone }).startOf('day');
    const last = DateTime.fromISO(window.to, { zone: window.zone }).endOf('day');
    const byDate = new Map<string, Array<Record<string, unknown>>>();
    for (let day = first; day <= last; day = day.plus({ days: 1 })) byDate.set(day.toISODate() ?? '', []);
    // Hours are in their own zone; walk those days one either side so every slot inside the window is seen.
    for (
      let day = first.setZone(hoursZone).startOf('day').minus({ days: 1 });
      day <= last.setZone(hoursZone).plus({ days: 1 });
      day = day.plus({ days: 1 })
    ) {
      for (const interval of hours[weekdayKey(day)] ?? []) {
        const from = minutesOfDay(interval.start);
        const to = minutesOfDay(interval.end);
        if (from === undefined || to === undefined) continue;
        for (let minute = from; minute * 60_000 + durationMs <= to * 60_000; minute += stepMinutes) {
          const start = day.plus({ minutes: minute });
          if (start < first || start > last || start.toMillis() < earliest) continue;
          const seatsLeft = this.seatsLeft(schedule, owner.id, start.toMillis(), durationMs, capacity);
          if (seatsLeft <= 0) continue;
          const local = start.setZone(window.zone);
          byDate.get(local.toISODate() ?? '')?.push({
            start_time: local.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"),
            status: 'available',
            available_number: seatsLeft,
          });
        }
      }
    }
    return {
      schedule_id: schedule.id,
      duration: durationMs / 60_000,
      days: [...byDate.entries()].map(([date, spots]) => ({
        date,
        status: spots.length > 0 ? 'available' : 'unavailable',
        spots: spots.sort((a, b) => String(a['start_time']).localeCompare(String(b['start_time']))),
      })),
    };
  }

  /** Seats left at a slot: a group slot of this schedule fills up; any other overlapping booking blocks it. */
  private seatsLeft(schedule: ScheduleRecord, ownerId: string, startMs: number, durationMs: number, capacity: number): number {
    const overlapping = this.liveEventsOf(ownerId).filter((e) => e.startMs < startMs + durationMs && startMs < e.endMs);
    if (overlapping.length === 0) return capacity;
    const sameSlot = overlapping.find((e) => e.scheduleId === schedule.id && e.startMs === startMs);
    if (sameSlot && overlapping.length === 1) return capacity - sameSlot.attendees.length;
    return 0;
  }

  private parseStart(iso: string): number {
    const start = DateTime.fromISO(iso, { setZone: true });
    if (!start.isValid) throw new MockUsageError(`startTime "${iso}" is not an ISO date-time`);
    return start.toMillis();
  }

  private liveEventsOf(userId: string): EventRecord[] {
    return this.state.eventsOf(userId).filter((e) => e.status === 'confirmed' && e.deletedAt === undefined);
  }

  private overlapsBooking(userId: string, startMs: number, endMs: number): boolean {
    return this.liveEventsOf(userId).some((e) => e.startMs < endMs && startMs < e.endMs);
  }

  /** Weekly hours that apply to a schedule: its own, else its first rule's, else the owner's default availability. */
  private weeklyHours(schedule: ScheduleRecord, owner: UserRecord): { hours: WeeklyHours; zone: string } {
    const fields = schedule.fields;
    if (hasHours(fields.segments_recurrence)) return { hours: fields.segments_recurrence, zone: fields.time_zone ?? owner.timeZone };
    for (const rule of fields.availability_rules ?? []) {
      const ruleHours = rule['segments_recurrence'] as WeeklyHours | undefined;
      const ruleZone = typeof rule['time_zone'] === 'string' ? rule['time_zone'] : owner.timeZone;
      if (hasHours(ruleHours)) return { hours: ruleHours, zone: ruleZone };
      const linked = this.state.availabilities.get(String(rule['availability_id'] ?? ''));
      if (linked) return { hours: linked.recurrence, zone: linked.timeZone };
    }
    const fallback = this.state.defaultAvailabilityOf(owner.id);
    return fallback ? { hours: fallback.recurrence, zone: fallback.timeZone } : { hours: WORKING_HOURS, zone: owner.timeZone };
  }

  private nextOpenSlot(schedule: ScheduleRecord, owner: UserRecord, durationMs: number): number {
    const { hours, zone } = this.weeklyHours(schedule, owner);
    const earliest = this.now() + (schedule.fields.cushion ?? 0) * 60_000;
    const stepMinutes = schedule.fields.start_time_increment ?? durationMs / 60_000;
    const today = DateTime.fromMillis(this.now(), { zone }).startOf('day');
    for (let offset = 0; offset < SEARCH_DAYS; offset += 1) {
      const day = today.plus({ days: offset });
      for (const interval of hours[weekdayKey(day)] ?? []) {
        const from = minutesOfDay(interval.start);
        const to = minutesOfDay(interval.end);
        if (from === undefined || to === undefined) continue;
        for (let minute = from; minute * 60_000 + durationMs <= to * 60_000; minute += stepMinutes) {
          const start = day.plus({ minutes: minute }).toMillis();
          if (start >= earliest && !this.overlapsBooking(owner.id, start, start + durationMs)) return start;
        }
      }
    }
    throw new MockUsageError(`schedule ${schedule.id} has no open slot in the next ${SEARCH_DAYS} days`);
  }

  private newEvent(schedule: ScheduleRecord, owner: UserRecord, startMs: number, durationMs: number, createdAt: number): EventRecord {
    const addOn = schedule.fields.add_on_type ?? 'zoomMeeting';
    const meetingId = meetingNumber();
    return {
      id: schedulerId(),
      ownerId: owner.id,
      scheduleId: schedule.id,
      summary: schedule.fields.summary ?? 'Meeting',
      description: schedule.fields.description ?? '',
      startMs,
      endMs: startMs + durationMs,
      status: 'confirmed',
      createdAt,
      updatedAt: createdAt,
      addOn,
      location: schedule.fields.location ?? '',
      meetingNotes: '',
      meeting:
        addOn === 'zoomMeeting'
          ? { id: meetingId, passcode: shortCode(6), joinUrl: `https://zoom.us/j/${meetingId}?pwd=${shortCode(20)}` }
          : undefined,
      attendees: [],
      guests: [],
    };
  }
}
