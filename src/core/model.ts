/**
 * The plain data the views render. Listeners map Zoom and store records to these; views never see either, so
 * they stay pure and testable with hand-written data.
 */
import type { Weekday } from '../slack/command/ids';

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
