import { DateTime, IANAZone } from 'luxon';

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Parses a query bound: an RFC 3339 timestamp, or (leniently, as the Ballerina examples send) a plain date,
 * which means the start of that day in `zone`. Returns undefined when the text is not a date.
 */
export function parseBound(text: string, zone: string): { at: DateTime; dateOnly: boolean } | undefined {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const at = DateTime.fromISO(text, { zone });
  return at.isValid ? { at, dateOnly } : undefined;
}

/** Event time as Zoom shows it: seconds precision with the zone's offset, e.g. `2023-12-21T16:00:00+08:00`. */
export function formatInZone(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(ms).toISOString();
}

/** `created` / `updated` stamps: UTC with milliseconds, e.g. `2023-12-21T06:19:28.309Z`. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString();
}

const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOfDay(hhmm: string): number | undefined {
  if (!HH_MM.test(hhmm)) return undefined;
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** luxon weekday (1 = Monday … 7 = Sunday) to Zoom's `segments_recurrence` key. */
export function weekdayKey(date: DateTime): Weekday {
  return WEEKDAYS[date.weekday - 1] ?? 'mon';
}
