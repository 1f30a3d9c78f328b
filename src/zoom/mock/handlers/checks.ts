/** Semantic checks Zoom makes beyond the OpenAPI types (zones, HH:mm hours, date-times, date ranges). */
import { DateTime } from 'luxon';
import { invalidArgument } from '../errors';
import type { TimeInterval, WeeklyHours } from '../state';
import { isValidTimeZone, minutesOfDay, parseBound, WEEKDAYS } from '../time';

export function checkTimeZone(zone: unknown, field: string): void {
  if (zone !== undefined && (typeof zone !== 'string' || !isValidTimeZone(zone))) {
    throw invalidArgument(`Invalid time zone: ${String(zone)}.`, field);
  }
}

export function checkWeeklyHours(hours: unknown, field: string): void {
  if (hours === undefined) return;
  const weekly = hours as WeeklyHours;
  for (const day of WEEKDAYS) {
    (weekly[day] ?? []).forEach((interval, index) => {
      const start = minutesOfDay(interval.start ?? '');
      const end = minutesOfDay(interval.end ?? '');
      if (start === undefined || end === undefined || start >= end) {
        throw invalidArgument(`Invalid time interval: start and end must be HH:mm with start before end.`, `${field}.${day}[${index}]`);
      }
    });
  }
}

export function checkSegments(segments: unknown, field: string): void {
  if (segments === undefined) return;
  (segments as Array<Partial<TimeInterval>>).forEach((segment, index) => {
    const start = DateTime.fromISO(segment.start ?? '');
    const end = DateTime.fromISO(segment.end ?? '');
    if (!start.isValid || !end.isValid || start >= end) {
      throw invalidArgument('Invalid segment: start and end must be date-times with start before end.', `${field}[${index}]`);
    }
  });
}

export function checkDate(value: unknown, field: string): void {
  if (value !== undefined && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid)) {
    throw invalidArgument(`Invalid date: ${String(value)}; expected YYYY-MM-DD.`, field);
  }
}

/** `from`/`to` query bounds in ms; a date-only `to` covers that whole day. */
export function queryWindow(from: string | undefined, to: string | undefined, zone: string): { fromMs?: number; toMs?: number } {
  const parse = (text: string | undefined, field: 'from' | 'to'): number | undefined => {
    if (text === undefined) return undefined;
    const bound = parseBound(text, zone);
    if (!bound) throw invalidArgument(`Invalid ${field}: expected an RFC 3339 date-time.`, field);
    return (field === 'to' && bound.dateOnly ? bound.at.plus({ days: 1 }) : bound.at).toMillis();
  };
  const window = { fromMs: parse(from, 'from'), toMs: parse(to, 'to') };
  if (window.fromMs !== undefined && window.toMs !== undefined && window.fromMs >= window.toMs) {
    throw invalidArgument('from must be earlier than to.', 'from');
  }
  return window;
}
