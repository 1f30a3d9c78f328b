/** Turns stored records into the JSON shapes of Zoom's spec (only fields the spec declares). */
import type { AttendeeRecord, AvailabilityRecord, EventRecord, ScheduleRecord, UserRecord, WeeklyHours, TimeInterval } from './state';
import { SCHEDULER_HOST } from './state';
import { formatInZone, utcStamp } from './time';

export interface AvailabilityJson {
  availability_id: string;
  name: string;
  default: boolean;
  owner: string;
  time_zone: string;
  segments: TimeInterval[];
  segments_recurrence: WeeklyHours;
}

export interface AttendeeJson {
  attendee_id: string;
  created: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  time_zone: string;
  no_show: boolean;
  booker: boolean;
}

export interface ScheduledEventJson {
  event_id: string;
  schedule_id: string;
  summary: string;
  description: string;
  start_date_time: string;
  end_date_time: string;
  updated: string;
  status: 'confirmed' | 'cancelled';
  event_type: 'default' | 'pending';
  attendees: AttendeeJson[];
  guests: string[];
  location: string;
  meeting_notes: string;
  external_location?: {
    kind: 'zoom';
    meeting_id: string;
    personal_meeting_id: string;
    meeting_passcode: string;
    meeting_description: string;
    meeting_join_url: string;
  };
  tracking_params: Array<{ key: string; label: string; value: string }>;
}

export function availabilityJson(record: AvailabilityRecord, owner: UserRecord): AvailabilityJson {
  return {
    availability_id: record.id,
    name: record.name,
    default: record.isDefault,
    owner: owner.schedulerEmail,
    time_zone: record.timeZone,
    segments: structuredClone(record.segments),
    segments_recurrence: structuredClone(record.recurrence),
  };
}

export function scheduleJson(record: ScheduleRecord, owner: UserRecord, viewerId: string | undefined): Record<string, unknown> {
  const person = { self: viewerId === owner.id, display_name: owner.displayName, email: owner.email };
  return {
    ...structuredClone(record.fields),
    schedule_id: record.id,
    slug: record.slug,
    scheduling_url: `${SCHEDULER_HOST}/${owner.slug}/${record.slug}`,
    creator: person,
    organizer: { ...person },
    updated: utcStamp(record.updatedAt),
    status: record.deletedAt === undefined ? 'confirmed' : 'cancelled',
    created_via: record.createdVia ?? 'web',
    assigned_from_template: record.assignedFromTemplate === true,
  };
}

function displayName(attendee: AttendeeRecord): string {
  return `${attendee.firstName} ${attendee.lastName}`.trim();
}

export function attendeeJson(record: AttendeeRecord): AttendeeJson {
  return {
    attendee_id: record.id,
    created: utcStamp(record.createdAt),
    email: record.email,
    first_name: record.firstName,
    last_name: record.lastName,
    display_name: displayName(record),
    time_zone: record.timeZone,
    no_show: record.noShow,
    booker: record.booker,
  };
}

export function eventJson(record: EventRecord, zone: string): ScheduledEventJson {
  const json: ScheduledEventJson = {
    event_id: record.id,
    schedule_id: record.scheduleId,
    summary: record.summary,
    description: record.description,
    start_date_time: formatInZone(record.startMs, zone),
    end_date_time: formatInZone(record.endMs, zone),
    updated: utcStamp(record.updatedAt),
    status: record.status,
    event_type: 'default',
    attendees: record.attendees.map(attendeeJson),
    guests: [...record.guests],
    location: record.location,
    meeting_notes: record.meetingNotes,
    tracking_params: [],
  };
  if (record.meeting) {
    json.external_location = {
      kind: 'zoom',
      meeting_id: record.meeting.id,
      personal_meeting_id: '',
      meeting_passcode: record.meeting.passcode,
      meeting_description: record.summary,
      meeting_join_url: record.meeting.joinUrl,
    };
  }
  return json;
}

/** The attendee resource adds its event, schedule and booking-form answers (`custom_values`). */
export function eventAttendeeJson(event: EventRecord, attendee: AttendeeRecord): Record<string, unknown> {
  return {
    attendee_id: attendee.id,
    created: utcStamp(attendee.createdAt),
    email: attendee.email,
    first_name: attendee.firstName,
    last_name: attendee.lastName,
    display_name: displayName(attendee),
    time_zone: attendee.timeZone,
    no_show: attendee.noShow,
    event_id: event.id,
    schedule_id: event.scheduleId,
    custom_values: attendee.answers.slice(0, 10).map((qa, position) => ({
      name: qa.question,
      position,
      values: qa.answer.slice(0, 10),
    })),
  };
}

export function userJson(user: UserRecord): Record<string, unknown> {
  return {
    display_name: user.displayName,
    scheduling_url: `${SCHEDULER_HOST}/${user.slug}`,
    slug: user.slug,
    time_zone: user.timeZone,
  };
}
