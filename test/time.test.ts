import { DateTime } from 'luxon';
import {
  addLocalDays,
  dayRange,
  digestDue,
  digestInstant,
  eventsWindow,
  formatLocal,
  isValidTimeZone,
  lastNDays,
  localDate,
  nextDigestInstant,
  parseHHMM,
  parseZoomDateTime,
  perDayBuckets,
  previousPeriod,
  slackDateToken,
  TimeInputError,
  yesterdayRange,
} from '../src/time';

const NEW_YORK = 'America/New_York';
const LORD_HOWE = 'Australia/Lord_Howe';
const KATHMANDU = 'Asia/Kathmandu';
const KIRITIMATI = 'Pacific/Kiritimati';
const PAGO_PAGO = 'Pacific/Pago_Pago';
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};
const iso = (ms: number): string => new Date(ms).toISOString();

function expectTimeInputError(run: () => unknown, code: TimeInputError['code']): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TimeInputError);
  expect((caught as TimeInputError).code).toBe(code);
}

interface Delivery {
  localDate: string;
  at: string;
}

/**
 * A scheduler tick every `stepMinutes` that claims `(subscription, localDate)` uniquely, as the digest job does with
 * its database row: returns every delivery that would have been made.
 */
function simulateDeliveries(options: {
  zoneAt: (nowMs: number) => string;
  time: string;
  from: string;
  to: string;
  stepMinutes?: number;
  claimed?: string[];
}): Delivery[] {
  const claimed = new Set(options.claimed ?? []);
  const deliveries: Delivery[] = [];
  let lastDeliveredAtMs: number | undefined;
  for (let nowMs = at(options.from); nowMs <= at(options.to); nowMs += (options.stepMinutes ?? 1) * MINUTE_MS) {
    const result = digestDue({ nowMs, zone: options.zoneAt(nowMs), time: options.time, lastDeliveredAtMs });
    if (result.due && !claimed.has(result.localDate)) {
      claimed.add(result.localDate);
      lastDeliveredAtMs = nowMs;
      deliveries.push({ localDate: result.localDate, at: iso(nowMs) });
    }
  }
  return deliveries;
}

describe('parseHHMM', () => {
  it.each([
    ['09:00', 9, 0],
    ['9:05', 9, 5],
    [' 17:30 ', 17, 30],
    ['00:00', 0, 0],
    ['23:59', 23, 59],
  ])('%j → %i:%i', (text, hour, minute) => {
    expect(parseHHMM(text)).toEqual({ ok: true, time: { hour, minute } });
  });

  it.each(['24:00', '12:60', '9', '9am', '', '09:5', '-1:00', '09:00:00'])('refuses %j with a sentence', (text) => {
    expect(parseHHMM(text)).toEqual({
      ok: false,
      message: `"${text}" is not a time of day: use 24-hour HH:MM, for example 09:00 or 17:30.`,
    });
  });
});

describe('isValidTimeZone', () => {
  it.each([
    [NEW_YORK, true],
    ['UTC', true],
    [LORD_HOWE, true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['+05:00 nonsense', false],
  ])('%j → %s', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
});

describe('localDate and addLocalDays', () => {
  it.each([
    // The same instant is three different dates around the date line.
    ['2026-06-15T10:30:00Z', KIRITIMATI, '2026-06-16'],
    ['2026-06-15T10:30:00Z', 'UTC', '2026-06-15'],
    ['2026-06-15T10:30:00Z', PAGO_PAGO, '2026-06-14'],
    ['2026-06-15T09:59:59.999Z', KIRITIMATI, '2026-06-15'],
    ['2026-06-15T18:14:59Z', KATHMANDU, '2026-06-15'],
    ['2026-06-15T18:15:00Z', KATHMANDU, '2026-06-16'],
    ['2026-03-08T04:59:00Z', NEW_YORK, '2026-03-07'],
    ['2026-03-08T05:00:00Z', NEW_YORK, '2026-03-08'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(localDate(at(instant), zone)).toBe(expected);
  });

  it.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-10', -7, '2026-03-03'],
  ])('%s %+i days → %s', (date, days, expected) => {
    expect(addLocalDays(date, days)).toBe(expected);
  });

  it('refuses impossible dates and unknown zones with typed errors', () => {
    expectTimeInputError(() => addLocalDays('2026-02-30', 1), 'invalid_local_date');
    expectTimeInputError(() => addLocalDays('2026-3-1', 1), 'invalid_local_date');
    expectTimeInputError(() => localDate(0, 'Nowhere/Special'), 'invalid_time_zone');
  });
});

describe('digestInstant', () => {
  it.each([
    // New York, spring forward 2026-03-08 02:00 EST → 03:00 EDT: the gap maps to its end, 03:00 EDT.
    [NEW_YORK, '2026-03-07', '09:00', '2026-03-07T14:00:00.000Z'],
    [NEW_YORK, '2026-03-08', '01:59', '2026-03-08T06:59:00.000Z'],
    [NEW_YORK, '2026-03-08', '02:00', '2026-03-08T07:00:00.000Z'],
    [NEW_YORK, '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z'],
    [NEW_YORK, '2026-03-08', '03:00', '2026-03-08T07:00:00.000Z'],
    [NEW_YORK, '2026-03-08', '09:00', '2026-03-08T13:00:00.000Z'],
    // New York, fall back 2026-11-01 02:00 EDT → 01:00 EST: 01:00–01:59 happen twice; the first (EDT) wins.
    [NEW_YORK, '2026-11-01', '00:59', '2026-11-01T04:59:00.000Z'],
    [NEW_YORK, '2026-11-01', '01:00', '2026-11-01T05:00:00.000Z'],
    [NEW_YORK, '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'],
    [NEW_YORK, '2026-11-01', '02:00', '2026-11-01T07:00:00.000Z'],
    [NEW_YORK, '2026-11-01', '09:00', '2026-11-01T14:00:00.000Z'],
    // Kathmandu, +05:45 all year.
    [KATHMANDU, '2026-06-15', '09:00', '2026-06-15T03:15:00.000Z'],
    [KATHMANDU, '2026-06-15', '00:00', '2026-06-14T18:15:00.000Z'],
    // Lord Howe, fall back 2026-04-05 02:00 (+11:00) → 01:30 (+10:30): 01:30–01:59 twice, first one wins.
    [LORD_HOWE, '2026-04-05', '01:29', '2026-04-04T14:29:00.000Z'],
    [LORD_HOWE, '2026-04-05', '01:30', '2026-04-04T14:30:00.000Z'],
    [LORD_HOWE, '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z'],
    [LORD_HOWE, '2026-04-05', '02:00', '2026-04-04T15:30:00.000Z'],
    // Lord Howe, spring forward 2026-10-04 02:00 (+10:30) → 02:30 (+11:00): a 30-minute gap.
    [LORD_HOWE, '2026-10-04', '01:59', '2026-10-03T15:29:00.000Z'],
    [LORD_HOWE, '2026-10-04', '02:00', '2026-10-03T15:30:00.000Z'],
    [LORD_HOWE, '2026-10-04', '02:10', '2026-10-03T15:30:00.000Z'],
    [LORD_HOWE, '2026-10-04', '02:30', '2026-10-03T15:30:00.000Z'],
    // The date line: +14 and −11.
    [KIRITIMATI, '2026-06-16', '00:00', '2026-06-15T10:00:00.000Z'],
    [PAGO_PAGO, '2026-06-15', '23:30', '2026-06-16T10:30:00.000Z'],
    // Santiago springs forward at midnight: the day starts at 01:00.
    ['America/Santiago', '2026-09-06', '00:30', '2026-09-06T04:00:00.000Z'],
    // Samoa skipped 2011-12-30 entirely: any time that day maps to the start of 2011-12-31.
    ['Pacific/Apia', '2011-12-30', '09:00', '2011-12-30T10:00:00.000Z'],
    ['UTC', '2026-06-15', '09:00', '2026-06-15T09:00:00.000Z'],
  ])('%s %s %s → %s', (zone, date, time, expected) => {
    expect(iso(digestInstant(date, time, zone))).toBe(expected);
  });

  it('differs from luxon on purpose: luxon moves a gap time forward by the gap and picks the later 01:30 in New York', () => {
    const luxonGap = DateTime.fromObject({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, { zone: NEW_YORK });
    const luxonOverlap = DateTime.fromObject({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, { zone: NEW_YORK });
    expect(luxonGap.toISO()).toBe('2026-03-08T03:30:00.000-04:00');
    expect(luxonOverlap.toISO()).toBe('2026-11-01T01:30:00.000-05:00');
    expect(iso(digestInstant('2026-03-08', '02:30', NEW_YORK))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(digestInstant('2026-11-01', '01:30', NEW_YORK))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('refuses a malformed time, date or zone', () => {
    expectTimeInputError(() => digestInstant('2026-03-08', '25:00', NEW_YORK), 'invalid_time_of_day');
    expectTimeInputError(() => digestInstant('2026-13-01', '09:00', NEW_YORK), 'invalid_local_date');
    expectTimeInputError(() => digestInstant('2026-03-08', '09:00', 'America/Gotham'), 'invalid_time_zone');
  });
});

describe('digestDue: one delivery per local date, minute by minute', () => {
  // `claimed` holds the day already delivered when the simulation starts, as the database would.
  it.each<{ name: string; zone: string; time: string; from: string; to: string; claimed: string[]; expected: Delivery[] }>([
    {
      name: 'New York 02:30 across spring forward: sent once, at 03:00 EDT',
      zone: NEW_YORK,
      time: '02:30',
      from: '2026-03-07T00:00:00Z',
      to: '2026-03-09T12:00:00Z',
      claimed: ['2026-03-06'],
      expected: [
        { localDate: '2026-03-07', at: '2026-03-07T07:30:00.000Z' },
        { localDate: '2026-03-08', at: '2026-03-08T07:00:00.000Z' },
        { localDate: '2026-03-09', at: '2026-03-09T06:30:00.000Z' },
      ],
    },
    {
      name: 'New York 01:30 across fall back: sent once, at the first (EDT) 01:30',
      zone: NEW_YORK,
      time: '01:30',
      from: '2026-10-31T00:00:00Z',
      to: '2026-11-02T12:00:00Z',
      claimed: ['2026-10-30'],
      expected: [
        { localDate: '2026-10-31', at: '2026-10-31T05:30:00.000Z' },
        { localDate: '2026-11-01', at: '2026-11-01T05:30:00.000Z' },
        { localDate: '2026-11-02', at: '2026-11-02T06:30:00.000Z' },
      ],
    },
    {
      name: 'Lord Howe 02:10 across its 30-minute spring forward',
      zone: LORD_HOWE,
      time: '02:10',
      from: '2026-10-02T12:00:00Z',
      to: '2026-10-04T12:00:00Z',
      claimed: ['2026-10-02'],
      expected: [
        { localDate: '2026-10-03', at: '2026-10-02T15:40:00.000Z' },
        { localDate: '2026-10-04', at: '2026-10-03T15:30:00.000Z' },
      ],
    },
    {
      name: 'Lord Howe 01:45 across its 30-minute fall back',
      zone: LORD_HOWE,
      time: '01:45',
      from: '2026-04-03T12:00:00Z',
      to: '2026-04-05T12:00:00Z',
      claimed: ['2026-04-03'],
      expected: [
        { localDate: '2026-04-04', at: '2026-04-03T14:45:00.000Z' },
        { localDate: '2026-04-05', at: '2026-04-04T14:45:00.000Z' },
      ],
    },
    {
      name: 'Kathmandu 09:00',
      zone: KATHMANDU,
      time: '09:00',
      from: '2026-06-14T18:15:00Z',
      to: '2026-06-16T18:14:00Z',
      claimed: [],
      expected: [
        { localDate: '2026-06-15', at: '2026-06-15T03:15:00.000Z' },
        { localDate: '2026-06-16', at: '2026-06-16T03:15:00.000Z' },
      ],
    },
    {
      name: 'Kiritimati 00:00, right at local midnight',
      zone: KIRITIMATI,
      time: '00:00',
      from: '2026-06-15T09:58:00Z',
      to: '2026-06-16T10:00:00Z',
      claimed: ['2026-06-15'],
      expected: [
        { localDate: '2026-06-16', at: '2026-06-15T10:00:00.000Z' },
        { localDate: '2026-06-17', at: '2026-06-16T10:00:00.000Z' },
      ],
    },
    {
      name: 'Pago Pago 23:59, the last minute of the local day',
      zone: PAGO_PAGO,
      time: '23:59',
      from: '2026-06-15T11:00:00Z',
      to: '2026-06-17T11:00:00Z',
      claimed: [],
      expected: [
        { localDate: '2026-06-15', at: '2026-06-16T10:59:00.000Z' },
        { localDate: '2026-06-16', at: '2026-06-17T10:59:00.000Z' },
      ],
    },
  ])('$name', ({ zone, time, from, to, claimed, expected }) => {
    expect(simulateDeliveries({ zoneAt: () => zone, time, from, to, claimed })).toEqual(expected);
  });

  it('on fall-back day the second 01:30 is still due under the same localDate, so the unique claim stops it', () => {
    const first = digestDue({ nowMs: at('2026-11-01T05:30:00Z'), zone: NEW_YORK, time: '01:30' });
    const second = digestDue({ nowMs: at('2026-11-01T06:30:00Z'), zone: NEW_YORK, time: '01:30' });
    expect(first).toEqual({ due: true, localDate: '2026-11-01', scheduledAtMs: at('2026-11-01T05:30:00Z') });
    expect(second).toEqual({ due: true, localDate: '2026-11-01', scheduledAtMs: at('2026-11-01T05:30:00Z') });
  });

  it('is not due one minute before, and due exactly at, the scheduled instant', () => {
    const before = digestDue({ nowMs: at('2026-03-08T06:59:00Z'), zone: NEW_YORK, time: '02:30' });
    const onTime = digestDue({ nowMs: at('2026-03-08T07:00:00Z'), zone: NEW_YORK, time: '02:30' });
    expect(before).toEqual({ due: false, localDate: '2026-03-08', scheduledAtMs: at('2026-03-08T07:00:00Z') });
    expect(onTime).toEqual({ due: true, localDate: '2026-03-08', scheduledAtMs: at('2026-03-08T07:00:00Z') });
  });

  it('after downtime sends today late once and never the days missed before today', () => {
    // Down from before the 09:00 EDT slot on 06-10 until 22:00 EDT on 06-11.
    const deliveries = simulateDeliveries({
      zoneAt: () => NEW_YORK,
      time: '09:00',
      from: '2026-06-12T02:00:00Z',
      to: '2026-06-12T14:00:00Z',
    });
    expect(deliveries).toEqual([
      { localDate: '2026-06-11', at: '2026-06-12T02:00:00.000Z' },
      { localDate: '2026-06-12', at: '2026-06-12T13:00:00.000Z' },
    ]);
  });

  it('a user moving east (New York → Tokyo) after today’s digest gets the next one at 09:00 Tokyo, not a repeat', () => {
    const moveAt = at('2026-06-10T14:00:00Z');
    const deliveries = simulateDeliveries({
      zoneAt: (nowMs) => (nowMs < moveAt ? NEW_YORK : 'Asia/Tokyo'),
      time: '09:00',
      from: '2026-06-10T04:00:00Z',
      to: '2026-06-11T12:00:00Z',
    });
    expect(deliveries).toEqual([
      { localDate: '2026-06-10', at: '2026-06-10T13:00:00.000Z' },
      { localDate: '2026-06-11', at: '2026-06-11T00:00:00.000Z' },
    ]);
  });

  it('a user moving east before today’s slot is sent today’s digest late, once, keyed by the new wall date', () => {
    const moveAt = at('2026-06-10T12:00:00Z'); // 08:00 in New York, 21:00 in Tokyo (09:00 Tokyo has passed)
    const deliveries = simulateDeliveries({
      zoneAt: (nowMs) => (nowMs < moveAt ? NEW_YORK : 'Asia/Tokyo'),
      time: '09:00',
      from: '2026-06-10T04:00:00Z',
      to: '2026-06-11T12:00:00Z',
    });
    expect(deliveries).toEqual([
      { localDate: '2026-06-10', at: '2026-06-10T12:00:00.000Z' },
      { localDate: '2026-06-11', at: '2026-06-11T00:00:00.000Z' },
    ]);
  });

  it('a user moving west (Tokyo → Los Angeles) never gets a second digest within hours of the first', () => {
    // Tokyo's 06-11 digest goes out at 00:00Z; an hour later Los Angeles reads 06-10 18:00, past its 09:00 slot.
    const moveAt = at('2026-06-11T01:00:00Z');
    const deliveries = simulateDeliveries({
      zoneAt: (nowMs) => (nowMs < moveAt ? 'Asia/Tokyo' : 'America/Los_Angeles'),
      time: '09:00',
      from: '2026-06-10T15:00:00Z',
      to: '2026-06-13T00:00:00Z',
    });
    // The repeated wall date 06-11 was already delivered in Tokyo, so Los Angeles resumes on 06-12.
    expect(deliveries).toEqual([
      { localDate: '2026-06-11', at: '2026-06-11T00:00:00.000Z' },
      { localDate: '2026-06-12', at: '2026-06-12T16:00:00.000Z' },
    ]);
    const withoutHistory = digestDue({ nowMs: moveAt, zone: 'America/Los_Angeles', time: '09:00' });
    const withHistory = digestDue({
      nowMs: moveAt,
      zone: 'America/Los_Angeles',
      time: '09:00',
      lastDeliveredAtMs: at('2026-06-11T00:00:00Z'),
    });
    expect(withoutHistory).toEqual({ due: true, localDate: '2026-06-10', scheduledAtMs: at('2026-06-10T16:00:00Z') });
    expect(withHistory).toEqual({ due: false, localDate: '2026-06-10', scheduledAtMs: at('2026-06-10T16:00:00Z') });
  });
});

describe('nextDigestInstant', () => {
  it.each([
    [NEW_YORK, '09:00', '2026-03-07T13:59:00Z', '2026-03-07T14:00:00.000Z'],
    [NEW_YORK, '09:00', '2026-03-07T14:00:00Z', '2026-03-08T13:00:00.000Z'],
    [NEW_YORK, '02:30', '2026-03-07T08:00:00Z', '2026-03-08T07:00:00.000Z'],
    [NEW_YORK, '01:30', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00.000Z'],
    [KIRITIMATI, '00:00', '2026-06-15T10:00:00Z', '2026-06-16T10:00:00.000Z'],
    [LORD_HOWE, '02:10', '2026-10-03T12:00:00Z', '2026-10-03T15:30:00.000Z'],
  ])('%s %s after %s → %s', (zone, time, now, expected) => {
    expect(iso(nextDigestInstant({ nowMs: at(now), zone, time }))).toBe(expected);
  });
});

describe('day ranges', () => {
  it.each([
    [NEW_YORK, '2026-03-08', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 23],
    [NEW_YORK, '2026-11-01', '2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 25],
    [NEW_YORK, '2026-06-15', '2026-06-15T00:00:00-04:00', '2026-06-16T00:00:00-04:00', 24],
    [LORD_HOWE, '2026-10-04', '2026-10-04T00:00:00+10:30', '2026-10-05T00:00:00+11:00', 23.5],
    [LORD_HOWE, '2026-04-05', '2026-04-05T00:00:00+11:00', '2026-04-06T00:00:00+10:30', 24.5],
    [KATHMANDU, '2026-06-15', '2026-06-15T00:00:00+05:45', '2026-06-16T00:00:00+05:45', 24],
    ['America/Santiago', '2026-09-06', '2026-09-06T01:00:00-03:00', '2026-09-07T00:00:00-03:00', 23],
    ['UTC', '2026-06-15', '2026-06-15T00:00:00+00:00', '2026-06-16T00:00:00+00:00', 24],
  ])('%s %s is [%s, %s), %f hours', (zone, date, from, to, hours) => {
    const range = dayRange(date, zone);
    expect(range.from).toBe(from);
    expect(range.to).toBe(to);
    expect(range.startMs).toBe(at(from));
    expect(range.endMs).toBe(at(to));
    expect(range.endMs - range.startMs).toBe(hours * HOUR_MS);
    expect(range.firstDate).toBe(date);
    expect(range.lastDate).toBe(date);
    expect(range.days).toBe(1);
    expect(range.zone).toBe(zone);
  });

  it.each([
    // Same instant, either side of the date line.
    [KIRITIMATI, '2026-06-15T10:30:00Z', '2026-06-15', '2026-06-15T00:00:00+14:00', '2026-06-16T00:00:00+14:00'],
    [PAGO_PAGO, '2026-06-15T10:30:00Z', '2026-06-13', '2026-06-13T00:00:00-11:00', '2026-06-14T00:00:00-11:00'],
    [NEW_YORK, '2026-03-09T12:00:00Z', '2026-03-08', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00'],
  ])('yesterday in %s at %s is %s', (zone, now, date, from, to) => {
    const range = yesterdayRange(at(now), zone);
    expect({ firstDate: range.firstDate, lastDate: range.lastDate, from: range.from, to: range.to }).toEqual({
      firstDate: date,
      lastDate: date,
      from,
      to,
    });
  });

  it('last 7 days across spring forward are 167 hours, and the previous period is the 7 days before', () => {
    const now = at('2026-03-10T15:00:00Z'); // 11:00 EDT
    const last = lastNDays(now, NEW_YORK, 7);
    expect(last).toEqual({
      zone: NEW_YORK,
      firstDate: '2026-03-03',
      lastDate: '2026-03-09',
      days: 7,
      startMs: at('2026-03-03T05:00:00Z'),
      endMs: at('2026-03-10T04:00:00Z'),
      from: '2026-03-03T00:00:00-05:00',
      to: '2026-03-10T00:00:00-04:00',
    });
    expect(last.endMs - last.startMs).toBe(167 * HOUR_MS);

    const previous = previousPeriod(last);
    expect(previous).toEqual({
      zone: NEW_YORK,
      firstDate: '2026-02-24',
      lastDate: '2026-03-02',
      days: 7,
      startMs: at('2026-02-24T05:00:00Z'),
      endMs: at('2026-03-03T05:00:00Z'),
      from: '2026-02-24T00:00:00-05:00',
      to: '2026-03-03T00:00:00-05:00',
    });
    expect(previous.endMs).toBe(last.startMs);
  });

  it('last 30 days across fall back are 721 hours', () => {
    const last = lastNDays(at('2026-11-20T17:00:00Z'), NEW_YORK, 30);
    expect(last.firstDate).toBe('2026-10-21');
    expect(last.lastDate).toBe('2026-11-19');
    expect(last.endMs - last.startMs).toBe((30 * 24 + 1) * HOUR_MS);
    expect(previousPeriod(last).lastDate).toBe('2026-10-20');
    expect(previousPeriod(last).firstDate).toBe('2026-09-21');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p days', (n) => {
    expectTimeInputError(() => lastNDays(at('2026-06-15T12:00:00Z'), NEW_YORK, n), 'invalid_day_count');
  });
});

describe('perDayBuckets', () => {
  it.each([
    [
      'spring forward',
      '2026-03-10T15:00:00Z',
      ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'],
      [24, 24, 24, 24, 24, 23, 24],
    ],
    [
      'fall back',
      '2026-11-03T15:00:00Z',
      ['2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'],
      [24, 24, 24, 24, 24, 25, 24],
    ],
  ])('New York, the week with %s: local dates, true day lengths, contiguous', (_name, now, dates, hours) => {
    const buckets = perDayBuckets(at(now), NEW_YORK, 7);
    const period = lastNDays(at(now), NEW_YORK, 7);
    expect(buckets.map((bucket) => bucket.firstDate)).toEqual(dates);
    expect(buckets.map((bucket) => (bucket.endMs - bucket.startMs) / HOUR_MS)).toEqual(hours);
    expect(buckets[0]?.startMs).toBe(period.startMs);
    expect(buckets[6]?.endMs).toBe(period.endMs);
    buckets.slice(1).forEach((bucket, i) => expect(bucket.startMs).toBe(buckets[i]?.endMs));
  });
});

describe('eventsWindow', () => {
  it.each([
    [
      'today on spring-forward day ends at local midnight (22.5 h after 01:30 EST)',
      NEW_YORK,
      'today' as const,
      '2026-03-08T06:30:00Z',
      '2026-03-08T01:30:00-05:00',
      '2026-03-09T00:00:00-04:00',
    ],
    [
      'week is the same wall time 7 local days later (one hour less across spring forward)',
      NEW_YORK,
      'week' as const,
      '2026-03-05T15:00:00Z',
      '2026-03-05T10:00:00-05:00',
      '2026-03-12T10:00:00-04:00',
    ],
    [
      'week ending in the gap ends at its first valid instant',
      NEW_YORK,
      'week' as const,
      '2026-03-01T07:30:00Z',
      '2026-03-01T02:30:00-05:00',
      '2026-03-08T03:00:00-04:00',
    ],
    [
      'today one minute before midnight in Kiritimati is one minute long',
      KIRITIMATI,
      'today' as const,
      '2026-06-15T09:59:00Z',
      '2026-06-15T23:59:00+14:00',
      '2026-06-16T00:00:00+14:00',
    ],
    [
      'today in Pago Pago at the same instant',
      PAGO_PAGO,
      'today' as const,
      '2026-06-15T09:59:00Z',
      '2026-06-14T22:59:00-11:00',
      '2026-06-15T00:00:00-11:00',
    ],
  ])('%s', (_name, zone, span, now, from, to) => {
    const window = eventsWindow(at(now), zone, span);
    expect(window).toEqual({ startMs: at(now), endMs: at(to), from, to });
  });

  it('keeps the milliseconds of now in from', () => {
    const window = eventsWindow(at('2026-06-15T13:00:00.123Z'), NEW_YORK, 'today');
    expect(window.from).toBe('2026-06-15T09:00:00.123-04:00');
    expect(window.startMs).toBe(at('2026-06-15T13:00:00.123Z'));
  });
});

describe('Slack date tokens and local text', () => {
  const decemberFirst = at('2026-12-01T14:00:00Z');

  it.each([
    [undefined, '<!date^1796133600^{date_short_pretty} {time}|Tue, Dec 1, 9:00 AM EST>'],
    ['{time}', '<!date^1796133600^{time}|Tue, Dec 1, 9:00 AM EST>'],
    ['{date_long}', '<!date^1796133600^{date_long}|Tue, Dec 1>'],
  ])('format %p → %s', (format, expected) => {
    expect(slackDateToken(decemberFirst, NEW_YORK, format)).toBe(expected);
  });

  it('uses whole seconds and the fallback zone’s own offset name', () => {
    expect(slackDateToken(decemberFirst + 999, KATHMANDU)).toBe(
      '<!date^1796133600^{date_short_pretty} {time}|Tue, Dec 1, 7:45 PM GMT+5:45>',
    );
    expect(slackDateToken(at('2026-07-01T13:00:00Z'), NEW_YORK)).toBe(
      '<!date^1782910800^{date_short_pretty} {time}|Wed, Jul 1, 9:00 AM EDT>',
    );
  });

  it('refuses formats that would break the token', () => {
    expectTimeInputError(() => slackDateToken(decemberFirst, NEW_YORK, '{date}|x'), 'invalid_date_format');
    expectTimeInputError(() => slackDateToken(decemberFirst, NEW_YORK, '{date}^https://x'), 'invalid_date_format');
    expectTimeInputError(() => slackDateToken(decemberFirst, 'Atlantis/Capital'), 'invalid_time_zone');
  });

  it.each([
    ['date' as const, NEW_YORK, 'Tue, Dec 1'],
    ['time' as const, NEW_YORK, '9:00 AM'],
    ['dateTime' as const, NEW_YORK, 'Tue, Dec 1, 9:00 AM EST'],
    ['weekday' as const, NEW_YORK, 'Tue'],
    ['dateTime' as const, KATHMANDU, 'Tue, Dec 1, 7:45 PM GMT+5:45'],
    ['dateTime' as const, KIRITIMATI, 'Wed, Dec 2, 4:00 AM GMT+14'],
    ['date' as const, PAGO_PAGO, 'Tue, Dec 1'],
  ])('formatLocal %s in %s → %s', (style, zone, expected) => {
    expect(formatLocal(decemberFirst, zone, style)).toBe(expected);
  });
});

describe('parseZoomDateTime', () => {
  it.each([
    ['2023-12-21T16:00:00+08:00', '2023-12-21T08:00:00.000Z'],
    ['2023-12-21T16:00:00Z', '2023-12-21T16:00:00.000Z'],
    ['2023-12-21T16:00:00.123Z', '2023-12-21T16:00:00.123Z'],
    ['2023-12-21T16:00:00.123456Z', '2023-12-21T16:00:00.123Z'],
    ['2023-12-21T16:00:00-05:45', '2023-12-21T21:45:00.000Z'],
    ['2023-12-21t16:00:00z', '2023-12-21T16:00:00.000Z'],
    ['2023-12-21T16:00+0800', '2023-12-21T08:00:00.000Z'],
    ['2024-02-29T24:00:00Z', '2024-03-01T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('%s → %s', (text, expected) => {
    const parsed = parseZoomDateTime(text);
    expect(parsed === null ? null : iso(parsed)).toBe(expected);
  });

  it.each([
    ['no offset', '2023-12-21T16:00:00'],
    ['date only', '2023-12-21'],
    ['impossible date', '2023-02-30T16:00:00Z'],
    ['impossible hour', '2023-12-21T25:00:00Z'],
    ['past the end of the day', '2023-12-21T24:00:01Z'],
    ['not a leap year', '2023-02-29T12:00:00Z'],
    ['text', 'tomorrow'],
    ['empty', ''],
    ['number', 1703174400000],
    ['null', null],
  ])('%s → null', (_name, value) => {
    expect(parseZoomDateTime(value)).toBeNull();
  });

  it('reads 20 000 generated date-times, valid and not, exactly as luxon reads them', () => {
    // The reading luxon gave before this parser was written: the same shape check, then luxon's ISO parser.
    const byLuxon = (text: string) => {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
      const parsed = DateTime.fromISO(text, { setZone: true });
      return parsed.isValid ? parsed.toMillis() : null;
    };
    // mulberry32: a small seeded generator, so a failure can be replayed.
    let seed = 7;
    const random = (below: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below);
    };
    const two = (n: number) => String(n).padStart(2, '0');
    const texts = Array.from({ length: 20_000 }, () => {
      const year = random(10) === 0 ? random(1000) : 1970 + random(100);
      const seconds =
        random(3) === 0 ? '' : `:${two(random(62))}${random(2) ? '' : `.${String(random(10 ** 7)).padStart(1 + random(7), '0')}`}`;
      const zone =
        random(4) === 0 ? (random(2) ? 'Z' : 'z') : `${random(2) ? '+' : '-'}${two(random(26))}${random(3) ? ':' : ''}${two(random(62))}`;
      const time = `${random(8) ? 'T' : 't'}${two(random(26))}:${two(random(62))}${seconds}`;
      return `${String(year).padStart(4, '0')}-${two(random(14))}-${two(random(33))}${time}${zone}`;
    });
    const differing = texts.filter((text) => parseZoomDateTime(text) !== byLuxon(text));
    expect(differing).toEqual([]);
    // The generator reaches both sides of every check.
    expect(texts.filter((text) => byLuxon(text) !== null).length).toBeGreaterThan(2_000);
    expect(texts.filter((text) => byLuxon(text) === null).length).toBeGreaterThan(2_000);
  });
});

describe('remembered answers (digestInstant, day ranges and localDate are kept per key)', () => {
  /**
   * Computed apart, straight from luxon's wall clock: the earliest quarter hour whose wall time is at or past `time`
   * (the first occurrence; in a gap, the first instant after it). Every zone below changes on a quarter hour.
   */
  const wallInstant = (date: string, time: string, zone: string): number => {
    const target = `${date} ${time}`;
    const guess = Date.parse(`${date}T${time}:00Z`);
    for (let t = guess - 16 * HOUR_MS; t <= guess + 16 * HOUR_MS; t += 15 * MINUTE_MS)
      if (DateTime.fromMillis(t, { zone }).toFormat('yyyy-MM-dd HH:mm') >= target) return t;
    throw new Error(`no instant for ${target} in ${zone}`);
  };
  const rfc3339 = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
  // Beirut falls back at midnight (00:00 → 23:00 of the day before); Santiago springs forward at midnight.
  const ZONES = [NEW_YORK, LORD_HOWE, 'Asia/Beirut', 'America/Santiago', 'Europe/London'];
  const DATES = Array.from({ length: 12 }, (_, i) => addLocalDays('2026-10-22', i)).concat(
    Array.from({ length: 12 }, (_, i) => addLocalDays('2026-03-05', i)),
    Array.from({ length: 5 }, (_, i) => addLocalDays('2026-09-04', i)),
  );

  it('equal the computed answers across DST changes, asked again and interleaved over zones and times', () => {
    const expected = ZONES.flatMap((zone) =>
      DATES.map((date) => {
        const startMs = wallInstant(date, '00:00', zone);
        const endMs = wallInstant(addLocalDays(date, 1), '00:00', zone);
        return {
          zone,
          date,
          day: { zone, firstDate: date, lastDate: date, days: 1, startMs, endMs, from: rfc3339(startMs, zone), to: rfc3339(endMs, zone) },
          instants: ['09:00', '00:30', '02:30', '23:30'].map((time) => wallInstant(date, time, zone)),
        };
      }),
    );
    for (let round = 0; round < 2; round += 1) {
      for (const { zone, date, day, instants } of expected) {
        expect([zone, date, dayRange(date, zone)]).toEqual([zone, date, day]);
        expect([zone, date, ['09:00', '00:30', '02:30', '23:30'].map((time) => digestInstant(date, time, zone))]).toEqual([
          zone,
          date,
          instants,
        ]);
      }
    }
    // The remembered New York days still have the lengths of their DST changes.
    expect(dayRange('2026-03-08', NEW_YORK).endMs - dayRange('2026-03-08', NEW_YORK).startMs).toBe(23 * HOUR_MS);
    expect(dayRange('2026-11-01', NEW_YORK).endMs - dayRange('2026-11-01', NEW_YORK).startMs).toBe(25 * HOUR_MS);
    expect(digestInstant('2026-03-08', '02:30', NEW_YORK)).toBe(at('2026-03-08T03:00:00-04:00'));
  });

  it('a remembered local date is the zone’s date at that instant, asked again around midnight and DST changes', () => {
    const instants = [
      '2026-03-08T04:59:59Z',
      '2026-03-08T05:00:00Z',
      '2026-03-08T07:30:00Z',
      '2026-11-01T03:59:59Z',
      '2026-11-01T04:00:00Z',
    ];
    const computed = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate();
    for (let round = 0; round < 2; round += 1)
      for (const zone of ZONES)
        for (const instant of instants)
          expect([zone, instant, localDate(at(instant), zone)]).toEqual([zone, instant, computed(at(instant), zone)]);
  });

  it('a remembered range is the caller’s own copy', () => {
    const first = dayRange('2026-11-01', NEW_YORK);
    first.endMs = 0;
    expect(dayRange('2026-11-01', NEW_YORK).endMs).toBe(at('2026-11-02T00:00:00-05:00'));
  });

  it('localDate equals luxon’s local date every quarter hour across DST changes, Beirut’s midnight fall-back included', () => {
    for (const zone of ZONES) {
      for (const [from, to] of [
        ['2026-10-23T00:00:00Z', '2026-11-03T00:00:00Z'],
        ['2026-03-06T00:00:00Z', '2026-03-31T00:00:00Z'],
        ['2026-09-04T00:00:00Z', '2026-09-08T00:00:00Z'],
      ] as const) {
        for (let nowMs = at(from); nowMs < at(to); nowMs += 15 * MINUTE_MS) {
          expect([zone, iso(nowMs), localDate(nowMs, zone)]).toEqual([zone, iso(nowMs), DateTime.fromMillis(nowMs, { zone }).toISODate()]);
        }
      }
    }
    expect(localDate(at('0001-01-01T12:00:00Z'), 'UTC')).toBe(DateTime.fromMillis(at('0001-01-01T12:00:00Z'), { zone: 'UTC' }).toISODate());
  });

  it('stay right once the memo has filled and been emptied', () => {
    const many = Array.from({ length: 10_050 }, (_, i) => addLocalDays('2000-01-01', i));
    for (const date of many) digestInstant(date, '09:00', NEW_YORK);
    for (const date of ['2000-01-01', '2026-03-08', '2026-11-01', many[many.length - 1]!])
      expect(digestInstant(date, '09:00', NEW_YORK)).toBe(wallInstant(date, '09:00', NEW_YORK));
  });
});
