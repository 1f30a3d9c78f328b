import type { IANAZone } from 'luxon';

/**
 * All calendar and clock math of the app, and the one module of src/ that imports luxon (eslint.config.mjs refuses
 * it elsewhere; the Zoom mock keeps its own, src/zoom/mock/time.ts). Every function takes an explicit IANA zone and, where "now" matters, an explicit epoch
 * milliseconds value from an injected clock: nothing here reads the server's zone or the system clock, so "today"
 * is always the subscriber's today.
 *
 * Local dates are `YYYY-MM-DD` strings; times of day are 24-hour `HH:MM` strings; instants are epoch milliseconds.
 * Ranges are half-open, `[startMs, endMs)`, which is how Zoom reads `from`/`to` (`to` is an exclusive bound).
 */

export type TimeInputErrorCode =
  'invalid_time_zone' | 'invalid_local_date' | 'invalid_time_of_day' | 'invalid_day_count' | 'invalid_date_format';

/** A caller passed a zone, date, time or count that cannot be computed with; `message` is safe to show. */
export class TimeInputError extends Error {
  constructor(
    readonly code: TimeInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TimeInputError';
  }
}

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export type ParsedTimeOfDay = { ok: true; time: TimeOfDay } | { ok: false; message: string };

/** A half-open interval `[startMs, endMs)`, with `from`/`to` as RFC 3339 strings carrying the zone's offset. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
  from: string;
  to: string;
}

/** Whole local days `firstDate..lastDate` (inclusive) in `zone`; `days` counts calendar days, not 24-hour spans. */
export interface LocalDayRange extends TimeWindow {
  zone: string;
  firstDate: string;
  lastDate: string;
  days: number;
}

export interface DigestTiming {
  nowMs: number;
  /** The subscriber's CURRENT IANA zone (Slack `tz`). */
  zone: string;
  /** The subscriber's chosen local time, `HH:MM`. */
  time: string;
}

export interface DigestDueInput extends DigestTiming {
  /** When this subscription's last digest was delivered, if ever; a slot at or before it is not due again. */
  lastDeliveredAtMs?: number;
}

export interface DigestDueResult {
  due: boolean;
  /** The subscriber's local date at `nowMs`: the key a delivery is claimed under. */
  localDate: string;
  /** When today's digest is (or was) scheduled. */
  scheduledAtMs: number;
}

export type EventsSpan = 'today' | 'week';

export type LocalFormatStyle = 'date' | 'time' | 'dateTime' | 'weekday';

export const DEFAULT_SLACK_DATE_FORMAT = '{date_short_pretty} {time}';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Fixed so that fallbacks and plain text read the same on every server whatever its locale.
const LOCALE = 'en-US';

let luxonModule: typeof import('luxon') | undefined;
/**
 * luxon (269 kB) is required at its first use rather than at import: a start constructs the digest scheduler and the
 * delivery modules that import this file, yet reaches its first /healthz without computing a date.
 */
function luxon(): typeof import('luxon') {
  return (luxonModule ??= require('luxon') as typeof import('luxon'));
}
const LOCAL_FORMATS: Record<LocalFormatStyle, string> = {
  date: 'ccc, LLL d',
  time: 'h:mm a',
  dateTime: 'ccc, LLL d, h:mm a ZZZZ',
  weekday: 'ccc',
};

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

interface WallClock {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone !== '' && luxon().IANAZone.isValidZone(zone);
}

/** Accepts `H:MM` or `HH:MM` on a 24-hour clock. */
export function parseHHMM(text: string): ParsedTimeOfDay {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    return { ok: false, message: `"${text}" is not a time of day: use 24-hour HH:MM, for example 09:00 or 17:30.` };
  }
  return { ok: true, time: { hour, minute } };
}

/** `9:05` → `09:05`: the canonical HH:MM, or undefined when it is not a time of day. */
export function normalizeHHMM(text: string): string | undefined {
  const parsed = parseHHMM(text);
  if (!parsed.ok) return undefined;
  return `${String(parsed.time.hour).padStart(2, '0')}:${String(parsed.time.minute).padStart(2, '0')}`;
}

/** Whether `date` is a real calendar date written `YYYY-MM-DD`. */
export function isValidIsoDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && luxon().DateTime.fromISO(date).isValid;
}

/** The local calendar date at `nowMs` in `zone`. */
export function localDate(nowMs: number, zone: string): string {
  // Kept per instant and zone: a scheduler run asks it of every subscription with the run's one instant, and each
  // offset luxon computes is an Intl formatToParts (in a run over 10 000 subscriptions, 11.5 MB of its allocations).
  return remembered(localDates, `${nowMs}\u0000${zone}`, () => {
    // The wall clock is the instant shifted by the zone's offset then, as luxon computes it, without building a DateTime.
    const wallMs = nowMs + requireZone(zone).offset(nowMs) * MINUTE_MS;
    return isoDateOf(wallMs);
  });
}

/** Calendar arithmetic on a local date; independent of any zone because dates have no length. */
export function addLocalDays(date: string, days: number): string {
  const { year, month, day } = parseLocalDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return shifted.toISOString().slice(0, 10);
}

/**
 * The instant the wall clock in `zone` reads `time` on `date`. A time skipped by a spring-forward change maps to the
 * first instant after the gap (02:30 on a New York spring-forward day → 03:00 EDT); a time that occurs twice on a
 * fall-back day maps to its first occurrence. luxon alone would give 03:30 and, for New York, the second occurrence.
 */
export function digestInstant(date: string, time: string, zone: string): number {
  return remembered(digestInstants, `${date}\u0000${time}\u0000${zone}`, () => {
    const { hour, minute } = requireTimeOfDay(time);
    return wallClockToInstant(parseLocalDate(date), { hour, minute, second: 0, millisecond: 0 }, requireZone(zone));
  });
}

/**
 * Due when `nowMs` has reached today's scheduled instant in the subscriber's CURRENT zone. A digest missed earlier
 * today (downtime) stays due until local midnight, so it is sent late once; earlier days are never due. The caller
 * claims `(subscription, localDate)` uniquely, which is what turns "due" into exactly one send per local date.
 *
 * When the zone changes, the key follows the wall date of the new zone. Moving west can make a local date that was
 * already past in the old zone "today" again; `lastDeliveredAtMs` stops that slot, which lies before the last
 * delivery, from producing a second digest within hours.
 */
export function digestDue({ nowMs, zone, time, lastDeliveredAtMs }: DigestDueInput): DigestDueResult {
  const today = localDate(nowMs, zone);
  const scheduledAtMs = digestInstant(today, time, zone);
  const alreadyCovered = lastDeliveredAtMs !== undefined && lastDeliveredAtMs >= scheduledAtMs;
  return { due: nowMs >= scheduledAtMs && !alreadyCovered, localDate: today, scheduledAtMs };
}

/**
 * `date` at `time` on `zone`'s wall clock as RFC 3339 with that moment's offset (`2026-12-24T10:00:00-05:00`): how
 * local hours go to Zoom. Skipped and repeated times resolve as in `digestInstant`.
 */
export function localDateTimeIso(date: string, time: string, zone: string): string {
  return toRfc3339(digestInstant(date, time, zone), requireZone(zone));
}

/** The wall-clock date (`YYYY-MM-DD`) and time (`HH:MM`) at `epochMs` in `zone`. */
export function localDateAndTime(epochMs: number, zone: string): { date: string; time: string } {
  const local = luxon().DateTime.fromMillis(epochMs, { zone: requireZone(zone) });
  return { date: local.toISODate() as string, time: local.toFormat('HH:mm') };
}

/** The first scheduled digest instant strictly after `nowMs`: what the scheduler sleeps until and App Home shows. */
export function nextDigestInstant({ nowMs, zone, time }: DigestTiming): number {
  const today = localDate(nowMs, zone);
  const todays = digestInstant(today, time, zone);
  return todays > nowMs ? todays : digestInstant(addLocalDays(today, 1), time, zone);
}

export function dayRange(date: string, zone: string): LocalDayRange {
  return localDaysRange(date, 1, zone);
}

export function yesterdayRange(nowMs: number, zone: string): LocalDayRange {
  return dayRange(addLocalDays(localDate(nowMs, zone), -1), zone);
}

/** The `n` complete local days before today (yesterday included, today excluded), so periods compare fairly. */
export function lastNDays(nowMs: number, zone: string, n: number): LocalDayRange {
  requireDayCount(n);
  return localDaysRange(addLocalDays(localDate(nowMs, zone), -n), n, zone);
}

/** The same number of local days immediately before `range`. */
export function previousPeriod(range: LocalDayRange): LocalDayRange {
  return localDaysRange(addLocalDays(range.firstDate, -range.days), range.days, range.zone);
}

/** One range per local day of `lastNDays(nowMs, zone, n)`, oldest first; a DST day is 23 or 25 hours long. */
export function perDayBuckets(nowMs: number, zone: string, n: number): LocalDayRange[] {
  const period = lastNDays(nowMs, zone, n);
  const buckets = remembered(dayBuckets, `${period.firstDate}\u0000${n}\u0000${zone}`, () =>
    Array.from({ length: n }, (_, i) => dayRange(addLocalDays(period.firstDate, i), zone)),
  );
  // Copies, as localDaysRange gives.
  return buckets.map((bucket) => ({ ...bucket }));
}

/** `today`: from now to the end of the local day. `week`: from now to the same wall time 7 local days later. */
export function eventsWindow(nowMs: number, zone: string, span: EventsSpan): TimeWindow {
  const ianaZone = requireZone(zone);
  const now = luxon().DateTime.fromMillis(nowMs, { zone: ianaZone });
  const today = now.toISODate() as string;
  const endMs =
    span === 'today'
      ? startOfLocalDay(addLocalDays(today, 1), ianaZone)
      : wallClockToInstant(parseLocalDate(addLocalDays(today, 7)), now, ianaZone);
  return toWindow(nowMs, endMs, ianaZone);
}

/**
 * Slack's `<!date^…>` token, which every reader sees in their own zone. The fallback, for clients that cannot render
 * the token, is written in `fallbackZone` with its abbreviation (`Tue, Dec 1, 9:00 AM EST`).
 */
export function slackDateToken(
  epochMs: number,
  fallbackZone: string,
  format = DEFAULT_SLACK_DATE_FORMAT,
  fallbackPattern?: string,
): string {
  if (/[\^|<>]/.test(format)) {
    throw new TimeInputError('invalid_date_format', `A Slack date format cannot contain ^, |, < or >: "${format}".`);
  }
  const fallbackStyle: LocalFormatStyle = format.includes('{time') ? 'dateTime' : 'date';
  const fallback =
    fallbackPattern === undefined
      ? formatLocal(epochMs, fallbackZone, fallbackStyle)
      : formatInZone(epochMs, requireZone(fallbackZone), fallbackPattern);
  const seconds = Math.floor(epochMs / 1000);
  return `<!date^${seconds}^${format}|${fallback}>`;
}

/** Plain-text rendering with an explicit pattern (luxon's tokens, a fixed locale) in `zone`. */
export function formatInZone(epochMs: number, zone: string | IANAZone, pattern: string): string {
  const key = `${epochMs}\u0000${typeof zone === 'string' ? zone : zone.name}\u0000${pattern}`;
  return remembered(
    recentlyFormatted,
    key,
    () => luxon().DateTime.fromMillis(epochMs, { zone }).setLocale(LOCALE).toFormat(pattern),
    RECENTLY_FORMATTED_MAX,
  );
}

/**
 * luxon builds a new Intl formatter for every zone abbreviation (`ZZZZ`), about a millisecond each; posts of one
 * schedule show the same few open times over and over, so their renderings are kept (a pure function of the key).
 */
const recentlyFormatted = new Map<string, string>();
const RECENTLY_FORMATTED_MAX = 2000;

/** A local calendar date (`YYYY-MM-DD`) rendered with an explicit pattern, e.g. `ccc d LLL` → Tue 1 Dec. */
export function formatIsoDate(date: string, pattern: string): string {
  return remembered(isoDateFormats, `${date}\u0000${pattern}`, () =>
    luxon().DateTime.fromISO(date, { zone: 'UTC' }).setLocale(LOCALE).toFormat(pattern),
  );
}

/** Plain-text local rendering: `date` Tue, Dec 1 · `time` 9:00 AM · `dateTime` Tue, Dec 1, 9:00 AM EST · `weekday` Tue. */
export function formatLocal(epochMs: number, zone: string, style: LocalFormatStyle): string {
  return luxon()
    .DateTime.fromMillis(epochMs, { zone: requireZone(zone) })
    .setLocale(LOCALE)
    .toFormat(LOCAL_FORMATS[style]);
}

/**
 * Zoom date-times (`2023-12-21T16:00:00+08:00`, `…Z`, with or without fractions) to epoch ms. Anything without an
 * explicit offset is refused (null) rather than guessed in some zone.
 */
export function parseZoomDateTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const parts = ZOOM_DATE_TIME.exec(value);
  if (!parts) return null;
  const field = (index: number) => Number(parts[index] ?? 0);
  const [year, month, day, hour, minute, second] = [field(1), field(2), field(3), field(4), field(5), field(6)];
  // Read here, not by luxon: a digest reads every booking of its week this way, and luxon's ISO parser took most of
  // its date work. Years before 1000 (never Zoom's) are left to luxon, as Date.UTC reads 0–99 as 1900–1999.
  if (year < 1000) {
    const parsed = luxon().DateTime.fromISO(value, { setZone: true });
    return parsed.isValid ? parsed.toMillis() : null;
  }
  // Fractions past milliseconds are cut; 24:00 is the end of the day; offsets are taken as written (all as luxon does).
  const millis = Math.floor(Number(`0.${parts[7] ?? '0'}`) * 1000);
  const endOfDay = hour === 24 && minute === 0 && second === 0 && millis === 0;
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate() &&
    (hour <= 23 || endOfDay) &&
    minute <= 59 &&
    second <= 59;
  if (!valid) return null;
  const offsetMs = (parts[8] === '-' ? -1 : 1) * (field(9) * 60 + field(10)) * MINUTE_MS;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMs;
}

const ZOOM_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

function localDaysRange(firstDate: string, days: number, zone: string): LocalDayRange {
  const range = remembered(dayRanges, `${firstDate}\u0000${days}\u0000${zone}`, () => {
    const ianaZone = requireZone(zone);
    const startMs = startOfLocalDay(firstDate, ianaZone);
    const endMs = startOfLocalDay(addLocalDays(firstDate, days), ianaZone);
    return { zone, firstDate, lastDate: addLocalDays(firstDate, days - 1), days, ...toWindow(startMs, endMs, ianaZone) };
  });
  // A copy: the caller may change its range without changing the next caller's.
  return { ...range };
}

/**
 * Every digest of a day asks the same few (date, time, zone) questions, each worth several luxon offset lookups and
 * RFC 3339 renderings; their answers are pure functions of the key, so they are kept. Bounded: emptied when full.
 */
const TIME_MEMO_MAX = 10_000;
const digestInstants = new Map<string, number>();
const dayRanges = new Map<string, LocalDayRange>();
const dayBuckets = new Map<string, LocalDayRange[]>();
const isoDateFormats = new Map<string, string>();
const localDates = new Map<string, string>();

function remembered<T>(memo: Map<string, T>, key: string, compute: () => T, max = TIME_MEMO_MAX): T {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (memo.size >= max) memo.clear();
  memo.set(key, value);
  return value;
}

function isoDateOf(wallMs: number): string {
  const date = new Date(wallMs);
  const year = date.getUTCFullYear();
  // Years beyond 4 digits or before year 0 are written as luxon writes them.
  if (year < 0 || year > 9999) return luxon().DateTime.fromMillis(wallMs, { zone: 'UTC' }).toISODate() as string;
  return `${String(year).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

function toWindow(startMs: number, endMs: number, zone: IANAZone): TimeWindow {
  return { startMs, endMs, from: toRfc3339(startMs, zone), to: toRfc3339(endMs, zone) };
}

function toRfc3339(epochMs: number, zone: IANAZone): string {
  return luxon().DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: true }) as string;
}

/** Midnight can itself be skipped (America/Santiago springs forward at 24:00); the day then starts after the gap. */
function startOfLocalDay(date: string, zone: IANAZone): number {
  return wallClockToInstant(parseLocalDate(date), { hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);
}

/**
 * Resolves a wall-clock reading to an instant, choosing the earliest valid instant. Every offset the zone uses within
 * a day of the reading is tried; a candidate is valid when the zone really has that offset at that instant. With no
 * valid candidate the reading lies in a gap, and the answer is the transition itself: the first instant after it.
 */
function wallClockToInstant(date: CalendarDate, clock: WallClock, zone: IANAZone): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, clock.hour, clock.minute, clock.second, clock.millisecond);
  const offsetMs = (instant: number) => zone.offset(instant) * MINUTE_MS;
  const candidates = [...new Set([-DAY_MS, 0, DAY_MS].map((shift) => offsetMs(wallAsUtc + shift)))]
    .map((offset) => wallAsUtc - offset)
    .sort((a, b) => a - b);
  const valid = candidates.find((instant) => wallAsUtc - instant === offsetMs(instant));
  if (valid !== undefined) return valid;

  // The earliest candidate still has the pre-gap offset, the latest already the post-gap one: bisect to the change.
  let before = candidates[0] as number;
  let after = candidates[candidates.length - 1] as number;
  const offsetBefore = offsetMs(before);
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (offsetMs(middle) === offsetBefore) before = middle;
    else after = middle;
  }
  return after;
}

/**
 * luxon caches zones by name and checks validity once per name, where `isValidZone` builds an Intl formatter on every
 * call (about 60 µs). Zones reaching here are stored subscriber zones, a small set, so the cache stays small; raw user
 * input goes through `isValidTimeZone`, which caches nothing.
 */
function requireZone(zone: string): IANAZone {
  const ianaZone = typeof zone === 'string' && zone !== '' ? luxon().IANAZone.create(zone) : undefined;
  if (!ianaZone?.isValid) {
    throw new TimeInputError('invalid_time_zone', `"${zone}" is not an IANA time zone (for example Europe/Paris).`);
  }
  return ianaZone;
}

function parseLocalDate(date: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const roundTrip = match ? new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) : undefined;
  if (roundTrip !== date) {
    throw new TimeInputError('invalid_local_date', `"${date}" is not a calendar date in YYYY-MM-DD form.`);
  }
  return { year, month, day };
}

function requireTimeOfDay(time: string): TimeOfDay {
  const parsed = parseHHMM(time);
  if (parsed.ok) return parsed.time;
  throw new TimeInputError('invalid_time_of_day', parsed.message);
}

function requireDayCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new TimeInputError('invalid_day_count', `A number of days must be a whole number of at least 1, not ${n}.`);
  }
}
