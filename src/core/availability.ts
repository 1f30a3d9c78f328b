import { AppError } from '../errors';
import { addLocalDays, localDateAndTime, localDateTimeIso, parseZoomDateTime } from '../time';
import type {
  AvailabilityChoice,
  AvailabilityDraft,
  AvailabilityInput,
  AvailabilityModalInput,
  DateOverride,
  TimeInterval,
  WeeklyHours,
} from './model';
import { WEEKDAYS } from './model';
import { ZOOM_MAX_PAGE_SIZE, ZoomApiError, type ZoomAvailability, type ZoomAvailabilityInput, type ZoomSchedulerApi } from '../zoom';

/** A Zoom segment spanning more days than this is not spread over the modal line by line. */
const MAX_SEGMENT_DAYS = 31;
/** The form's day ends at 23:59; a segment reaching midnight is shown ending there. */
const END_OF_DAY = '23:59';

export interface AvailabilityListItem extends AvailabilityChoice {
  isDefault: boolean;
}

export interface SavedAvailability {
  id: string;
  created: boolean;
}

export class AvailabilityNotFoundError extends AppError {
  constructor() {
    super('availability_not_found', 'That availability no longer exists in Zoom. Pick another one or create a new one.');
  }
}

/** What an availability without a name is called, in every list and modal. */
export const UNNAMED_AVAILABILITY = 'Untitled availability';

/** THE list of a user's availabilities, in Zoom's order (the new-schedule modal and the availability modal). */
export async function listAvailabilities(api: ZoomSchedulerApi): Promise<AvailabilityListItem[]> {
  const items: AvailabilityListItem[] = [];
  for await (const availability of api.iterateAvailability({ page_size: ZOOM_MAX_PAGE_SIZE })) {
    items.push({
      id: availability.availability_id,
      name: availability.name?.trim() || UNNAMED_AVAILABILITY,
      isDefault: availability.default === true,
    });
  }
  return items;
}

export function blankAvailabilityDraft(timeZone: string): AvailabilityDraft {
  return { name: '', timeZone, weekly: emptyWeek(), overrides: [] };
}

/**
 * What the modal shows: the user's availabilities and one of them loaded: `selected` (an id, or 'blank' for a
 * blank draft), else the default one, else the first, else a blank draft.
 * `timeZone` (the user's Slack zone) fills a blank draft and an availability that has no zone.
 */
export async function availabilityModalData(
  api: ZoomSchedulerApi,
  input: { timeZone: string; selected?: { id: string } | 'blank' },
): Promise<AvailabilityModalInput> {
  const availabilities = await listAvailabilities(api);
  const chosen =
    input.selected === 'blank'
      ? undefined
      : input.selected !== undefined
        ? availabilities.find((a) => a.id === (input.selected as { id: string }).id)
        : (availabilities.find((a) => a.isDefault) ?? availabilities[0]);
  if (input.selected !== undefined && input.selected !== 'blank' && !chosen) throw new AvailabilityNotFoundError();
  const draft = chosen ? toAvailabilityDraft(await api.getAvailability(chosen.id), input.timeZone) : blankAvailabilityDraft(input.timeZone);
  return { availabilities: availabilities.map(({ id, name }) => ({ id, name })), draft };
}

/** Zoom's availability as the modal edits it: weekly hours as they are, `segments` as per-date overrides. */
export function toAvailabilityDraft(availability: ZoomAvailability, fallbackZone: string): AvailabilityDraft {
  const timeZone = availability.time_zone || fallbackZone;
  const weekly = emptyWeek();
  const recurrence = (availability.segments_recurrence ?? {}) as Partial<Record<string, Array<{ start?: string; end?: string }>>>;
  for (const day of WEEKDAYS) {
    weekly[day] = sortIntervals((recurrence[day] ?? []).flatMap((i) => (i.start && i.end ? [{ start: i.start, end: i.end }] : [])));
  }
  return {
    id: availability.availability_id,
    name: availability.name ?? '',
    timeZone,
    weekly,
    overrides: segmentsToOverrides(availability.segments ?? [], timeZone),
  };
}

/**
 * Zoom's `segments` are extra date-time intervals; it has no way to say "this date is off". A day-off override
 * therefore cannot be saved, and the user is told so on the field rather than having it silently dropped.
 */
export function unsupportedOverrideSentence(input: AvailabilityInput): string | undefined {
  const off = input.overrides.filter((o) => o.intervals.length === 0).map((o) => o.date);
  if (off.length === 0) return undefined;
  return `Zoom can't store a whole date as off (${off.join(', ')}); give hours for that date or remove the line.`;
}

/** The body for POST and PATCH (PATCH requires name and time_zone too); every weekday is sent, so PATCH clears days. */
export function toZoomAvailability(input: AvailabilityInput): ZoomAvailabilityInput {
  const segments_recurrence = Object.fromEntries(WEEKDAYS.map((day) => [day, input.weekly[day].map(({ start, end }) => ({ start, end }))]));
  const segments = input.overrides.flatMap((override) =>
    override.intervals.map((interval) => ({
      start: localDateTimeIso(override.date, interval.start, input.timeZone),
      end: localDateTimeIso(override.date, interval.end, input.timeZone),
    })),
  );
  return { name: input.name, time_zone: input.timeZone, segments_recurrence, segments };
}

/** Creates the availability, or replaces the one with `id`. */
export async function saveAvailability(
  api: ZoomSchedulerApi,
  id: string | undefined,
  input: AvailabilityInput,
): Promise<SavedAvailability> {
  const body = toZoomAvailability(input);
  if (id) {
    try {
      await api.updateAvailability(id, body);
    } catch (error) {
      if (await isReachableOnlyByList(api, id, error)) throw new AvailabilityNotWritableError();
      throw error;
    }
    return { id, created: false };
  }
  const created = await api.createAvailability(body);
  return { id: created.availability_id, created: true };
}

/**
 * Live Zoom finds items by id only among the token owner's own (zoom-live.md §B4), so a Server-to-Server app
 * acting for a user gets 404 on PATCH although the list (which honours `user_id`) still has the item.
 */
export class AvailabilityNotWritableError extends AppError {
  constructor() {
    super(
      'zoom_rejected',
      "Zoom doesn't let this app change your availability in Server-to-Server mode, so nothing was saved: edit your hours in Zoom Scheduler instead.",
    );
  }
}

/** Whether a 404 on a write by id is Zoom ignoring `user_id` (the item is still there, found by list). */
async function isReachableOnlyByList(api: ZoomSchedulerApi, id: string, error: unknown): Promise<boolean> {
  if (!(error instanceof ZoomApiError) || error.status !== 404) return false;
  try {
    await api.getAvailability(id);
    return true;
  } catch {
    return false;
  }
}

function segmentsToOverrides(segments: ReadonlyArray<{ start?: string; end?: string }>, zone: string): DateOverride[] {
  const byDate = new Map<string, TimeInterval[]>();
  const add = (date: string, interval: TimeInterval) => byDate.set(date, [...(byDate.get(date) ?? []), interval]);
  for (const segment of segments) {
    const startMs = parseZoomDateTime(segment.start);
    const endMs = parseZoomDateTime(segment.end);
    if (startMs === null || endMs === null || endMs <= startMs) continue;
    const start = localDateAndTime(startMs, zone);
    const end = localDateAndTime(endMs, zone);
    // A segment crossing midnight is shown as one interval per local date it touches.
    let date = start.date;
    for (let day = 0; day < MAX_SEGMENT_DAYS; day += 1) {
      const from = date === start.date ? start.time : '00:00';
      const last = date === end.date;
      const to = last ? end.time : END_OF_DAY;
      if (to > from) add(date, { start: from, end: to });
      if (last) break;
      date = addLocalDays(date, 1);
    }
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, intervals]) => ({ date, intervals: sortIntervals(intervals) }));
}

function sortIntervals(intervals: TimeInterval[]): TimeInterval[] {
  return [...intervals].sort((a, b) => a.start.localeCompare(b.start));
}

function emptyWeek(): WeeklyHours {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}
