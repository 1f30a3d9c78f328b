/**
 * What happens on Zoom's public booking page: an invitee books a slot of a schedule (or joins a group
 * slot), and a host or invitee cancels. Both notify the webhook target like Zoom does.
 */
import { DateTime } from 'luxon';
import { MockUsageError } from './errors';
import { meetingNumber, schedulerId, shortCode } from './ids';
import type { EventRecord, MockState, ScheduleRecord, UserRecord, WeeklyHours } from './state';
import { minutesOfDay, weekdayKey } from './time';
import type { BookingInput, CancelInput } from './types';
import { scheduledEventPayload, type WebhookSender } from './webhooks';

const DEFAULT_DURATION_MINUTES = 30;
const SEARCH_DAYS = 60;
const WORKING_HOURS: WeeklyHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [day, [{ start: '09:00', end: '17:00' }]]),
);

function hasHours(hours: WeeklyHours | undefined): hours is WeeklyHours {
  return hours !== undefined && Object.values(hours).some((intervals) => (intervals ?? []).length > 0);
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
