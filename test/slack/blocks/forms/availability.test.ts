import { AVAILABILITY_BLOCKS as B, WEEKDAYS, weekdayHoursBlockId } from '../../../../src/slack/command/ids';
import { parseAvailabilityForm } from '../../../../src/slack/blocks/forms/availability';
import type { ViewStateValues } from '../../../../src/slack/blocks/forms/state';

/** Action ids carry a revision suffix, as the modal sends them after a views.update. */
function values(texts: Record<string, string | null>): ViewStateValues {
  return Object.fromEntries(
    Object.entries(texts).map(([block, value]) => [block, { [`${block}_input_rev7`]: { type: 'plain_text_input', value } }]),
  ) as unknown as ViewStateValues;
}

const valid: Record<string, string | null> = {
  [B.name]: 'Working hours',
  [B.timeZone]: 'Europe/Paris',
  [weekdayHoursBlockId('mon')]: '13:00-17:00, 09:00-12:00',
  [weekdayHoursBlockId('tue')]: '9:00 – 17:00',
  [weekdayHoursBlockId('wed')]: 'off',
  [weekdayHoursBlockId('thu')]: null,
  [weekdayHoursBlockId('fri')]: 'OFF',
  [weekdayHoursBlockId('sat')]: '',
  [weekdayHoursBlockId('sun')]: '10:00-11:00',
  [B.overrides]: '2026-12-25 off\n2026-12-24 10:00-14:00\n',
};

describe('parseAvailabilityForm', () => {
  it('reads a valid form: sorted intervals, days off, sorted overrides', () => {
    expect(parseAvailabilityForm(values(valid))).toEqual({
      ok: true,
      value: {
        name: 'Working hours',
        timeZone: 'Europe/Paris',
        weekly: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ],
          tue: [{ start: '09:00', end: '17:00' }],
          wed: [],
          thu: [],
          fri: [],
          sat: [],
          sun: [{ start: '10:00', end: '11:00' }],
        },
        overrides: [
          { date: '2026-12-24', intervals: [{ start: '10:00', end: '14:00' }] },
          { date: '2026-12-25', intervals: [] },
        ],
      },
    });
  });

  it('respells a time zone typed in another case', () => {
    const result = parseAvailabilityForm(values({ ...valid, [B.timeZone]: 'europe/paris' }));
    expect(result.ok && result.value.timeZone).toBe('Europe/Paris');
  });

  it.each([
    ['empty name', B.name, '  ', 'Give this availability a name, e.g. Working hours.'],
    [
      'unknown time zone',
      B.timeZone,
      'Mars/Olympus_Mons',
      '“Mars/Olympus_Mons” is not a known time zone; use an IANA name like Europe/Paris.',
    ],
    ['empty time zone', B.timeZone, '', 'Enter a time zone, e.g. Europe/Paris.'],
    ['reversed interval', weekdayHoursBlockId('mon'), '17:00-09:00', 'Monday: 17:00-09:00 ends before it starts.'],
    ['empty interval', weekdayHoursBlockId('tue'), '09:00-09:00', 'Tuesday: 09:00-09:00 is empty; it must end after it starts.'],
    ['overlapping intervals', weekdayHoursBlockId('wed'), '09:00-12:00, 11:00-13:00', 'Wednesday: 09:00-12:00 and 11:00-13:00 overlap.'],
    ['bad HH:MM', weekdayHoursBlockId('thu'), '09:00-25:00', 'Thursday: 25:00 is not a time of day; use HH:MM from 00:00 to 23:59.'],
    [
      'not an interval',
      weekdayHoursBlockId('fri'),
      'nine to five',
      'Friday: “nine to five” is not an interval; write it like 09:00-17:00.',
    ],
    [
      'bad override date',
      B.overrides,
      '2026-02-30 off',
      'Line 1: “2026-02-30” is not a date; write YYYY-MM-DD, e.g. 2026-12-24 10:00-14:00.',
    ],
    [
      'override without hours',
      B.overrides,
      '2026-12-24 10:00-12:00\n2026-12-31',
      'Line 2: give hours or “off” after 2026-12-31, e.g. 2026-12-31 10:00-14:00.',
    ],
    [
      'override listed twice',
      B.overrides,
      '2026-12-24 off\n2026-12-24 10:00-12:00',
      'Line 2: 2026-12-24 is listed twice; put all its hours on one line.',
    ],
    ['override reversed', B.overrides, '2026-12-24 14:00-10:00', '2026-12-24: 14:00-10:00 ends before it starts.'],
  ])('%s → an inline error on that field', (_name, blockId, text, sentence) => {
    expect(parseAvailabilityForm(values({ ...valid, [blockId]: text }))).toEqual({ ok: false, errors: { [blockId]: sentence } });
  });

  it('keys one error per faulty weekday', () => {
    const broken = Object.fromEntries(WEEKDAYS.map((d) => [weekdayHoursBlockId(d), '12:00-11:00']));
    const result = parseAvailabilityForm(values({ ...valid, ...broken }));
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toEqual(WEEKDAYS.map(weekdayHoursBlockId));
  });
});
