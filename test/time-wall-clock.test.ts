import { localDateAndTime, localDateTimeIso, TimeInputError } from '../src/time';

describe('localDateTimeIso', () => {
  it("writes the wall-clock time with that date's offset", () => {
    expect(localDateTimeIso('2026-07-03', '09:00', 'America/New_York')).toBe('2026-07-03T09:00:00-04:00');
    expect(localDateTimeIso('2026-12-24', '09:00', 'America/New_York')).toBe('2026-12-24T09:00:00-05:00');
    expect(localDateTimeIso('2026-12-24', '09:00', 'Asia/Kolkata')).toBe('2026-12-24T09:00:00+05:30');
  });

  it('moves a time skipped by spring-forward to the end of the gap', () => {
    expect(localDateTimeIso('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T03:00:00-04:00');
  });

  it('refuses an unknown zone', () => {
    expect(() => localDateTimeIso('2026-03-08', '02:30', 'Mars/Base')).toThrow(TimeInputError);
  });
});

describe('localDateAndTime', () => {
  it('reads an instant on the wall clock of a zone', () => {
    const instant = Date.parse('2026-01-01T03:30:00Z');
    expect(localDateAndTime(instant, 'America/Los_Angeles')).toEqual({ date: '2025-12-31', time: '19:30' });
    expect(localDateAndTime(instant, 'Asia/Tokyo')).toEqual({ date: '2026-01-01', time: '12:30' });
  });
});
