import { CUSTOM_HOURS_VALUE, NEW_SCHEDULE_BLOCKS as B } from '../../command/ids';
import { parseWeeklyLines } from './intervals';
import { type FormResult, type ViewStateValues, readConversation, readSelectedOption, readText } from './state';
import type { MeetingType, NewScheduleInput, ScheduleAvailability } from '../../../core/model';

export const DURATION_MIN = 15;
export const DURATION_MAX = 1440;

const MEETING_TYPES: readonly string[] = ['zoomMeeting', 'zoomPhone', 'offline'] satisfies MeetingType[];

function isMeetingType(value: string | undefined): value is MeetingType {
  return value !== undefined && MEETING_TYPES.includes(value);
}

function parseDuration(text: string): number | string {
  if (text === '') return 'Enter a duration in minutes, from 15 to 1440.';
  const minutes = Number(text);
  if (!Number.isInteger(minutes)) return `“${text}” is not a whole number of minutes.`;
  if (minutes < DURATION_MIN || minutes > DURATION_MAX) {
    return `Duration must be from ${DURATION_MIN} to ${DURATION_MAX} minutes (24 hours); ${minutes} is outside.`;
  }
  return minutes;
}

/** Reads and validates the new-schedule modal; every error is keyed by the input block it belongs to. */
export function parseNewScheduleForm(values: ViewStateValues): FormResult<NewScheduleInput> {
  const errors: Record<string, string> = {};

  const title = readText(values, B.title);
  if (title === '') errors[B.title] = 'Give the schedule a title.';

  const duration = parseDuration(readText(values, B.duration));
  if (typeof duration === 'string') errors[B.duration] = duration;

  let availability: ScheduleAvailability | undefined;
  const availabilityId = readSelectedOption(values, B.availability);
  if (availabilityId === undefined) {
    errors[B.availability] = 'Pick an availability, or Custom weekly hours.';
  } else if (availabilityId === CUSTOM_HOURS_VALUE) {
    const weekly = parseWeeklyLines(readText(values, B.customHours));
    if (weekly.ok) availability = { kind: 'custom', weekly: weekly.value };
    else errors[B.customHours] = weekly.error;
  } else {
    availability = { kind: 'existing', availabilityId };
  }

  const meetingType = readSelectedOption(values, B.meetingType);
  if (!isMeetingType(meetingType)) errors[B.meetingType] = 'Pick a meeting type.';

  const location = readText(values, B.location);
  if (meetingType === 'offline' && location === '') errors[B.location] = 'Say where to meet for an in-person meeting.';

  if (Object.keys(errors).length > 0 || typeof duration === 'string' || !availability || !isMeetingType(meetingType)) {
    return { ok: false, errors };
  }
  const value: NewScheduleInput = { title, durationMinutes: duration, availability, meetingType };
  if (location !== '') value.location = location;
  const description = readText(values, B.description);
  if (description !== '') value.description = description;
  const postChannelId = readConversation(values, B.postChannel);
  if (postChannelId) value.postChannelId = postChannelId;
  return { ok: true, value };
}
