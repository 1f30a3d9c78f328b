/**
 * The product's plain data, in Zoom terms: the core computes these from Zoom and store records, and the Block Kit
 * builders (src/slack/blocks) render them without seeing either, so both stay testable with hand-written data.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ScheduleSummary {
  id: string;
  title: string;
  durationMinutes: number;
  /** The reusable scheduling URL. */
  url: string;
}

export interface Invitee {
  name: string;
  email?: string;
}

export interface BookingSummary {
  eventId: string;
  title: string;
  start: Date;
  end: Date;
  invitee?: Invitee;
  /** Zoom join URL or location text, when known. */
  where?: string;
}

/** Counters for one period from Zoom's analytics (`last_n_days` or `previous_period`). */
export interface AnalyticsCounts {
  created: number;
  completed: number;
  canceled: number;
  rescheduled: number;
}

export interface PeriodComparison {
  current: AnalyticsCounts;
  previous: AnalyticsCounts;
}

export interface PopularSchedule {
  title: string;
  bookings: number;
}

export interface ChannelTarget {
  id: string;
  name?: string;
}

export interface TimeInterval {
  /** `HH:MM`, 24-hour. */
  start: string;
  end: string;
}

export type WeeklyHours = Record<Weekday, TimeInterval[]>;

export interface DateOverride {
  /** `YYYY-MM-DD` in the availability's time zone. */
  date: string;
  /** Empty: the day is off. */
  intervals: TimeInterval[];
}

export type MeetingType = 'zoomMeeting' | 'zoomPhone' | 'offline';

export interface AvailabilityChoice {
  id: string;
  name: string;
}

export interface InviteeAnswer {
  question: string;
  answer: string;
}

export interface Cancellation {
  cancelledBy?: string;
  /** Zoom's `canceler_type`: whether the host or the invitee cancelled. */
  cancelerRole?: 'host' | 'invitee';
  reason?: string;
}

/** Bookings a channel's posted links brought (`channelId` null: booked some other way). */
export interface ChannelBookings {
  channelId: string | null;
  bookings: number;
}

export interface DigestData {
  /** The subscriber's local date the digest is for, `YYYY-MM-DD`. */
  localDate: string;
  timeZone: string;
  yesterday: PeriodComparison;
  lastSevenDays: PeriodComparison;
  /** Today's bookings that have not started yet, in start order. */
  upcomingToday: readonly BookingSummary[];
  popularSchedule?: PopularSchedule;
  /** Bookings per local day over the last 7 days, oldest first. */
  bookingsPerDay: ReadonlyArray<{ date: string; count: number }>;
  /** Attendance of the week's meetings that have ended, where Zoom records it (`no_show`). */
  noShows?: { noShows: number; attendees: number };
  /** The last 7 days' bookings per channel whose link they came from, from the app's own booking log. */
  bookingsByChannel?: readonly ChannelBookings[];
}

export type ScheduleAvailability = { kind: 'existing'; availabilityId: string } | { kind: 'custom'; weekly: WeeklyHours };

export interface NewScheduleInput {
  title: string;
  durationMinutes: number;
  availability: ScheduleAvailability;
  meetingType: MeetingType;
  location?: string;
  description?: string;
  /** Channel to post the booking link in; the listener checks the bot can post there. */
  postChannelId?: string;
}

export interface AvailabilityInput {
  name: string;
  timeZone: string;
  weekly: WeeklyHours;
  overrides: DateOverride[];
}

export interface AvailabilityDraft {
  id?: string;
  name: string;
  timeZone: string;
  weekly: WeeklyHours;
  overrides: readonly DateOverride[];
}

export interface AvailabilityModalInput {
  availabilities: readonly AvailabilityChoice[];
  draft: AvailabilityDraft;
  /**
   * Changes the inputs' action_ids when another availability is picked: Slack keeps typed values across
   * `views.update` only for identical block and action ids, so a new revision shows the new initial values.
   */
  revision?: string;
}
