import { DigestWaits } from '../../src/jobs/digest-waits';
import type { DigestSubscriptionRecord } from '../../src/store';
import { dayRange } from '../../src/time';

const MINUTE = 60_000;
const NOW = Date.parse('2026-12-04T08:00:00Z');

function subscription(overrides: Partial<DigestSubscriptionRecord> = {}): DigestSubscriptionRecord {
  return {
    id: 'sub-1',
    teamId: 'T1',
    slackUserId: 'U1',
    localTime: '09:00',
    timeZone: 'Europe/Berlin',
    channelId: null,
    enabled: true,
    ...overrides,
  };
}

describe('DigestWaits', () => {
  const waits = () => new DigestWaits({ firstRetryDelayMs: MINUTE, maxRetryDelayMs: 30 * MINUTE });

  it('keeps a subscription quiet until the spell ends', () => {
    const book = waits();
    book.keepQuiet(subscription(), 'Europe/Berlin', NOW + 10 * MINUTE);
    expect(book.isQuiet(subscription(), NOW + 10 * MINUTE - 1)).toBe(true);
    expect(book.isQuiet(subscription(), NOW + 10 * MINUTE)).toBe(false);
    // The ended spell is gone: a later look does not find it again.
    expect(book.isQuiet(subscription(), NOW)).toBe(false);
  });

  it('ends the spell when the subscription changes its zone or its time', () => {
    const book = waits();
    book.keepQuiet(subscription(), 'Europe/Berlin', NOW + 60 * MINUTE);
    expect(book.isQuiet(subscription({ localTime: '08:00' }), NOW)).toBe(false);
    book.keepQuiet(subscription(), 'Europe/Berlin', NOW + 60 * MINUTE);
    expect(book.isQuiet(subscription({ timeZone: 'Asia/Tokyo' }), NOW)).toBe(false);
  });

  it('holds the zone a subscription moved to, not the one it was read with', () => {
    const book = waits();
    book.keepQuiet(subscription({ timeZone: 'Europe/Berlin' }), 'Asia/Tokyo', NOW + 60 * MINUTE);
    expect(book.isQuiet(subscription({ timeZone: 'Asia/Tokyo' }), NOW)).toBe(true);
    expect(book.isQuiet(subscription({ timeZone: 'Europe/Berlin' }), NOW)).toBe(false);
  });

  it('a settled day stays quiet until midnight in its zone', () => {
    const book = waits();
    const { endMs } = dayRange('2026-12-04', 'Asia/Tokyo');
    book.settle(subscription({ timeZone: 'Asia/Tokyo' }), 'Asia/Tokyo', '2026-12-04');
    expect(book.isQuiet(subscription({ timeZone: 'Asia/Tokyo' }), endMs - 1)).toBe(true);
    expect(book.isQuiet(subscription({ timeZone: 'Asia/Tokyo' }), endMs)).toBe(false);
  });

  it('doubles the back-off per failure on one day, up to the maximum, and starts again on the next day', () => {
    const book = waits();
    const delays = Array.from({ length: 7 }, () => book.backOff('sub-1', '2026-12-04', NOW, undefined));
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30].map((minutes) => minutes * MINUTE));
    expect(book.backOff('sub-1', '2026-12-05', NOW, undefined)).toBe(MINUTE);
  });

  it('waits at least as long as Slack or Zoom asked', () => {
    const book = waits();
    expect(book.backOff('sub-1', '2026-12-04', NOW, 5 * MINUTE)).toBe(5 * MINUTE);
    expect(book.waitingToRetry('sub-1', '2026-12-04', NOW + 5 * MINUTE - 1)).toBe(true);
    expect(book.waitingToRetry('sub-1', '2026-12-04', NOW + 5 * MINUTE)).toBe(false);
  });

  it('a back-off holds only its own day and subscription, and a success clears it', () => {
    const book = waits();
    book.backOff('sub-1', '2026-12-04', NOW, undefined);
    book.backOff('sub-1', '2026-12-04', NOW, undefined);
    expect(book.waitingToRetry('sub-1', '2026-12-04', NOW)).toBe(true);
    expect(book.waitingToRetry('sub-1', '2026-12-05', NOW)).toBe(false);
    expect(book.waitingToRetry('sub-2', '2026-12-04', NOW)).toBe(false);
    book.succeeded('sub-1');
    expect(book.waitingToRetry('sub-1', '2026-12-04', NOW)).toBe(false);
    expect(book.backOff('sub-1', '2026-12-04', NOW, undefined)).toBe(MINUTE);
  });
});
