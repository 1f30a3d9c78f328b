import { blankAvailabilityDraft, toAvailabilityDraft, toZoomAvailability, unsupportedOverrideSentence } from '../../src/core/availability';
import type { AvailabilityInput } from '../../src/slack/blocks';
import type { ZoomAvailability } from '../../src/zoom';

const week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

describe('toZoomAvailability', () => {
  it('sends every weekday and the overrides as date-times with the offset of that date in the zone', () => {
    const input: AvailabilityInput = {
      name: 'Berlin hours',
      timeZone: 'Europe/Berlin',
      weekly: {
        ...week,
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
      overrides: [
        { date: '2026-03-29', intervals: [{ start: '01:00', end: '04:00' }] },
        { date: '2026-12-24', intervals: [{ start: '10:00', end: '14:00' }] },
      ],
    };
    expect(toZoomAvailability(input)).toEqual({
      name: 'Berlin hours',
      time_zone: 'Europe/Berlin',
      segments_recurrence: {
        ...week,
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
      // 29 March 2026: Berlin moves from +01:00 to +02:00 at 02:00, inside the interval.
      segments: [
        { start: '2026-03-29T01:00:00+01:00', end: '2026-03-29T04:00:00+02:00' },
        { start: '2026-12-24T10:00:00+01:00', end: '2026-12-24T14:00:00+01:00' },
      ],
    });
  });
});

describe('toAvailabilityDraft', () => {
  const zoom = (fields: Partial<ZoomAvailability>): ZoomAvailability => ({ availability_id: 'av1', ...fields });

  it("reads weekly hours sorted, and segments in any offset as local overrides of the availability's zone", () => {
    const draft = toAvailabilityDraft(
      zoom({
        name: 'NY',
        time_zone: 'America/New_York',
        segments_recurrence: {
          tue: [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '12:00' },
          ],
        },
        segments: [
          { start: '2026-07-03T19:00:00Z', end: '2026-07-03T20:30:00Z' },
          { start: '2026-07-03T09:00:00-04:00', end: '2026-07-03T11:00:00-04:00' },
        ],
      }),
      'Asia/Tokyo',
    );
    expect(draft).toEqual({
      id: 'av1',
      name: 'NY',
      timeZone: 'America/New_York',
      weekly: {
        ...week,
        tue: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
      overrides: [
        {
          date: '2026-07-03',
          intervals: [
            { start: '09:00', end: '11:00' },
            { start: '15:00', end: '16:30' },
          ],
        },
      ],
    });
  });

  it('splits a segment crossing midnight into one interval per local date, and skips unreadable ones', () => {
    const draft = toAvailabilityDraft(
      zoom({
        name: 'Night',
        time_zone: 'UTC',
        segments: [
          { start: '2024-01-07T22:00:00Z', end: '2024-01-08T02:00:00Z' },
          { start: '2024-01-09T09:00:00', end: '2024-01-09T10:00:00' },
        ],
      }),
      'UTC',
    );
    expect(draft.overrides).toEqual([
      { date: '2024-01-07', intervals: [{ start: '22:00', end: '23:59' }] },
      { date: '2024-01-08', intervals: [{ start: '00:00', end: '02:00' }] },
    ]);
  });

  it("falls back to the user's zone when Zoom sends none", () => {
    expect(toAvailabilityDraft(zoom({ name: 'x' }), 'Asia/Tokyo').timeZone).toBe('Asia/Tokyo');
    expect(blankAvailabilityDraft('Asia/Tokyo')).toEqual({ name: '', timeZone: 'Asia/Tokyo', weekly: week, overrides: [] });
  });
});

describe('unsupportedOverrideSentence', () => {
  it('names the dates marked off, which Zoom cannot store', () => {
    const input: AvailabilityInput = {
      name: 'a',
      timeZone: 'UTC',
      weekly: week,
      overrides: [
        { date: '2026-12-24', intervals: [{ start: '10:00', end: '12:00' }] },
        { date: '2026-12-25', intervals: [] },
        { date: '2026-12-26', intervals: [] },
      ],
    };
    expect(unsupportedOverrideSentence(input)).toBe(
      "Zoom can't store a whole date as off (2026-12-25, 2026-12-26); give hours for that date or remove the line.",
    );
    expect(unsupportedOverrideSentence({ ...input, overrides: input.overrides.slice(0, 1) })).toBeUndefined();
  });
});
