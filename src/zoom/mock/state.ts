/**
 * In-memory data of the mock Zoom account: users and, per user, availabilities, schedules, events, teams and
 * routing-form responses. Storage and lookups only; the rules live in the handlers and in booking.ts.
 */
import type { Weekday } from './time';
import { schedulerId, zoomUserId } from './ids';

export interface MockUser {
  /** Zoom user id, e.g. `Hrk8hOM-TpaY9t4zlLf-Cg`. */
  id: string;
  email: string;
  displayName: string;
  /** Scheduler page slug: `https://scheduler.zoom.us/<slug>`. */
  slug: string;
  /** IANA zone. */
  timeZone: string;
}

export interface TimeInterval {
  start: string;
  end: string;
}

export type WeeklyHours = Partial<Record<Weekday, TimeInterval[]>>;

export interface UserRecord extends MockUser {
  /** The user's Scheduler-side id (26 alphanumerics); also accepted as `user_id`. */
  schedulerId: string;
  /** Availability `owner` address, e.g. `<schedulerId>@scheduler.zoom.us`. */
  schedulerEmail: string;
  /** Whether Scheduler serves this user: `unlicensed` → 401, `no-profile` → 403 on every /scheduler call. */
  schedulerAccess: SchedulerAccess;
}

export type SchedulerAccess = 'ok' | 'unlicensed' | 'no-profile';

export interface AvailabilityRecord {
  id: string;
  ownerId: string;
  name: string;
  isDefault: boolean;
  timeZone: string;
  segments: TimeInterval[];
  recurrence: WeeklyHours;
}

/** Writable schedule fields exactly as the API takes them (validated against the spec before they get here). */
export interface ScheduleFields {
  summary?: string;
  description?: string;
  duration?: number;
  capacity?: number;
  schedule_type?: 'one' | 'multiple';
  add_on_type?: 'zoomMeeting' | 'zoomPhone' | 'offline';
  location?: string;
  availability_override?: boolean;
  availability_rules?: Array<Record<string, unknown>>;
  segments?: TimeInterval[];
  segments_recurrence?: WeeklyHours;
  time_zone?: string;
  interval_type?: 'unlimited' | 'fixed';
  start_date?: string;
  end_date?: string;
  start_time_increment?: number;
  buffer?: { before?: number; after?: number };
  cushion?: number;
  booking_limit?: number;
  slug?: string;
  color?: string;
  secret?: boolean;
  active?: boolean;
  custom_fields?: Array<Record<string, unknown>>;
  [other: string]: unknown;
}

export interface ScheduleRecord {
  id: string;
  ownerId: string;
  fields: ScheduleFields;
  slug: string;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  /** `created_via` (2026-11-16): `web` for seeded/UI-made schedules, `api` for POST /schedules, `template` for managed ones. */
  createdVia?: 'web' | 'api' | 'template';
  /** A managed schedule: assigned to its owner from an admin template; the owner cannot edit it. */
  assignedFromTemplate?: boolean;
}

export interface AttendeeRecord {
  id: string;
  createdAt: number;
  email: string;
  firstName: string;
  lastName: string;
  timeZone: string;
  noShow: boolean;
  booker: boolean;
  answers: Array<{ question: string; answer: string[] }>;
  /** `utm_*` parameters of the page the invitee booked from (webhook `tracking`). */
  tracking?: Record<string, string>;
}

export interface CancellationRecord {
  at: number;
  by: string;
  canceler: 'host' | 'invitee';
  reason: string;
}

export interface EventRecord {
  id: string;
  ownerId: string;
  scheduleId: string;
  summary: string;
  description: string;
  startMs: number;
  endMs: number;
  status: 'confirmed' | 'cancelled';
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  cancellation?: CancellationRecord;
  addOn: 'zoomMeeting' | 'zoomPhone' | 'offline';
  location: string;
  meetingNotes: string;
  meeting?: { id: string; passcode: string; joinUrl: string };
  attendees: AttendeeRecord[];
  guests: string[];
}

export interface TeamRecord {
  id: string;
  ownerId: string;
  memberIds: string[];
  name: string;
  slug: string;
  timeZone: string;
}

export interface RoutingResponseRecord {
  formId: string;
  responseId: string;
  ownerId: string;
  booked: boolean;
  bookingLink: string;
  createdAt: number;
  creatorEmail: string;
  questionsAndAnswers: Array<{ question_id: string; question_content: string; answers: string[] }>;
  resultType: 'event' | 'text' | 'url';
  resultValue: string;
}

export const SCHEDULER_HOST = 'https://scheduler.zoom.us';

export class MockState {
  readonly users = new Map<string, UserRecord>();
  readonly availabilities = new Map<string, AvailabilityRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly events = new Map<string, EventRecord>();
  readonly teams = new Map<string, TeamRecord>();
  readonly routingResponses: RoutingResponseRecord[] = [];
  /** Single-use and share links handed out, so every one is unique. */
  readonly issuedLinks = new Set<string>();

  constructor(readonly accountId: string) {}

  addUser(partial: Partial<MockUser> = {}): UserRecord {
    const id = partial.id ?? zoomUserId();
    if (this.users.has(id)) throw new Error(`zoom mock: user ${id} already exists`);
    const ordinal = this.users.size + 1;
    const sid = schedulerId();
    const user: UserRecord = {
      id,
      email: partial.email ?? `user${ordinal}@example.com`,
      displayName: partial.displayName ?? `Mock User ${ordinal}`,
      slug: partial.slug ?? `mock-user-${ordinal}`,
      timeZone: partial.timeZone ?? 'UTC',
      schedulerId: sid,
      schedulerEmail: `${sid}@scheduler.zoom.us`,
      schedulerAccess: 'ok',
    };
    this.users.set(id, user);
    return user;
  }

  /** Finds a user by Zoom id, Scheduler id or email. */
  findUser(ref: string): UserRecord | undefined {
    const direct = this.users.get(ref);
    if (direct) return direct;
    const wanted = ref.toLowerCase();
    return [...this.users.values()].find((u) => u.schedulerId === ref || u.email.toLowerCase() === wanted);
  }

  availabilitiesOf(userId: string): AvailabilityRecord[] {
    return [...this.availabilities.values()].filter((a) => a.ownerId === userId);
  }

  defaultAvailabilityOf(userId: string): AvailabilityRecord | undefined {
    return this.availabilitiesOf(userId).find((a) => a.isDefault);
  }

  schedulesOf(userId: string): ScheduleRecord[] {
    return [...this.schedules.values()].filter((s) => s.ownerId === userId);
  }

  eventsOf(userId: string): EventRecord[] {
    return [...this.events.values()].filter((e) => e.ownerId === userId);
  }

  teamsOf(userId: string): TeamRecord[] {
    return [...this.teams.values()].filter((t) => t.memberIds.includes(userId));
  }

  schedulingUrl(owner: UserRecord, scheduleSlug: string): string {
    return `${SCHEDULER_HOST}/${owner.slug}/${scheduleSlug}`;
  }

  userOrThrow(userId: string): UserRecord {
    const user = this.users.get(userId);
    if (!user) throw new Error(`zoom mock: no user ${userId}`);
    return user;
  }
}
