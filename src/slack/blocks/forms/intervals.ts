import { isValidIsoDate, normalizeHHMM } from '../../../time';
import { WEEKDAYS, type Weekday } from '../../command/ids';
import type { DateOverride, TimeInterval, WeeklyHours } from '../../../core/model';

/** Parsing results carry one user-facing sentence on failure, which the modal shows on the field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const OFF_WORDS = new Set(['', 'off', 'closed', 'none', '-']);
const INTERVAL = /^(\S+?)\s*[-–—]\s*(\S+)$/;

function minutes(time: string): number {
  const [hours = 0, mins = 0] = time.split(':').map(Number);
  return hours * 60 + mins;
}

export function formatInterval(interval: TimeInterval): string {
  return `${interval.start}-${interval.end}`;
}

export function formatIntervals(intervals: readonly TimeInterval[]): string {
  return intervals.length === 0 ? 'off' : intervals.map(formatInterval).join(', ');
}

/**
 * `09:00-12:00, 13:00-17:00` → intervals sorted by start; empty or `off` → a day off. `dayLabel` names the day
 * (or date) in error sentences, e.g. "Monday: 09:00-12:00 and 11:00-13:00 overlap."
 */
export function parseIntervals(text: string, dayLabel: string): Parsed<TimeInterval[]> {
  const trimmed = text.trim();
  if (OFF_WORDS.has(trimmed.toLowerCase())) return { ok: true, value: [] };
  const intervals: TimeInterval[] = [];
  for (const part of trimmed
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = INTERVAL.exec(part);
    if (!match?.[1] || !match[2]) {
      return { ok: false, error: `${dayLabel}: “${part}” is not an interval; write it like 09:00-17:00.` };
    }
    const start = normalizeHHMM(match[1]);
    const end = normalizeHHMM(match[2]);
    const badTime = start === undefined ? match[1] : end === undefined ? match[2] : undefined;
    if (badTime !== undefined || start === undefined || end === undefined) {
      return { ok: false, error: `${dayLabel}: ${badTime ?? part} is not a time of day; use HH:MM from 00:00 to 23:59.` };
    }
    if (minutes(end) < minutes(start)) {
      return { ok: false, error: `${dayLabel}: ${start}-${end} ends before it starts.` };
    }
    if (minutes(end) === minutes(start)) {
      return { ok: false, error: `${dayLabel}: ${start}-${end} is empty; it must end after it starts.` };
    }
    intervals.push({ start, end });
  }
  return checkOverlaps(intervals, dayLabel);
}

function checkOverlaps(intervals: TimeInterval[], dayLabel: string): Parsed<TimeInterval[]> {
  const sorted = [...intervals].sort((a, b) => minutes(a.start) - minutes(b.start));
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && minutes(current.start) < minutes(previous.end)) {
      return {
        ok: false,
        error: `${dayLabel}: ${formatInterval(previous)} and ${formatInterval(current)} overlap.`,
      };
    }
  }
  return { ok: true, value: sorted };
}

export function emptyWeek(): WeeklyHours {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

const DAY_ALIASES: Record<string, Weekday> = Object.fromEntries(
  WEEKDAYS.flatMap((day) => [
    [day, day],
    [WEEKDAY_NAMES[day].toLowerCase(), day],
  ]),
);

function parseDays(token: string): Weekday[] | undefined {
  const [from, to, ...extra] = token.toLowerCase().split(/[-–]/);
  const first = from === undefined ? undefined : DAY_ALIASES[from];
  if (first === undefined || extra.length > 0) return undefined;
  if (to === undefined) return [first];
  const last = DAY_ALIASES[to];
  if (last === undefined) return undefined;
  const start = WEEKDAYS.indexOf(first);
  const end = WEEKDAYS.indexOf(last);
  return start <= end ? WEEKDAYS.slice(start, end + 1) : undefined;
}

/**
 * Custom weekly hours in the new-schedule modal, one line per day or day range:
 * `Mon-Fri 09:00-17:00` and `Sat 10:00-12:00, 13:00-15:00`. Days not named are off.
 */
export function parseWeeklyLines(text: string): Parsed<WeeklyHours> {
  const week = emptyWeek();
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) return { ok: false, error: 'Add at least one line, like Mon-Fri 09:00-17:00.' };
  for (const [index, line] of lines.entries()) {
    const [dayToken = '', ...rest] = line.split(/\s+/);
    const days = parseDays(dayToken);
    if (days === undefined) {
      return { ok: false, error: `Line ${index + 1}: “${dayToken}” is not a weekday or range like Mon-Fri.` };
    }
    for (const day of days) {
      const parsed = parseIntervals(rest.join(' '), WEEKDAY_NAMES[day]);
      if (!parsed.ok) return parsed;
      const merged = checkOverlaps([...week[day], ...parsed.value], WEEKDAY_NAMES[day]);
      if (!merged.ok) return merged;
      week[day] = merged.value;
    }
  }
  return { ok: true, value: week };
}

/** Serializes weekly hours back to the lines {@link parseWeeklyLines} reads (one line per open day). */
export function formatWeeklyLines(week: WeeklyHours): string {
  return WEEKDAYS.filter((day) => week[day].length > 0)
    .map((day) => `${WEEKDAY_NAMES[day].slice(0, 3)} ${formatIntervals(week[day])}`)
    .join('\n');
}

/** Date overrides, one per line: `2026-12-24 10:00-14:00` or `2026-12-25 off`. */
export function parseOverrideLines(text: string): Parsed<DateOverride[]> {
  const overrides: DateOverride[] = [];
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const [date = '', ...rest] = line.split(/\s+/);
    const label = `Line ${index + 1}`;
    if (!isValidIsoDate(date)) {
      return { ok: false, error: `${label}: “${date}” is not a date; write YYYY-MM-DD, e.g. 2026-12-24 10:00-14:00.` };
    }
    if (rest.length === 0) {
      return { ok: false, error: `${label}: give hours or “off” after ${date}, e.g. ${date} 10:00-14:00.` };
    }
    if (overrides.some((o) => o.date === date)) {
      return { ok: false, error: `${label}: ${date} is listed twice; put all its hours on one line.` };
    }
    const intervals = parseIntervals(rest.join(' '), date);
    if (!intervals.ok) return intervals;
    overrides.push({ date, intervals: intervals.value });
  }
  return { ok: true, value: overrides.sort((a, b) => a.date.localeCompare(b.date)) };
}

export function formatOverrideLines(overrides: readonly DateOverride[]): string {
  return overrides.map((o) => `${o.date} ${formatIntervals(o.intervals)}`).join('\n');
}
