import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { staticAccessToken, ZoomSchedulerClient, type ZoomSchedulerApi } from '../../src/zoom';
import { analyticsWithTrend, bookingTrend } from '../../src/core/booking-trend';
import { buildDigestData } from '../../src/core/digest-content';
import { lastNDays } from '../../src/time';

// 11:00 in New York on Wed 10 Jun 2026: the last 7 complete days are Wed 3 … Tue 9 Jun.
const NOW = Date.parse('2026-06-10T15:00:00Z');
const ZONE = 'America/New_York';

let mock: ZoomMock;
let api: ZoomSchedulerApi;

beforeAll(async () => {
  mock = await startZoomMock({ host: '127.0.0.1', now: () => NOW });
  api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(
    staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token),
  );
});
afterAll(() => mock.close());

describe('bookingTrend', () => {
  it('counts bookings by the local day they were made, cancelled ones too, as Zoom’s “created” counter does', async () => {
    // The seed books 5, 3 (later cancelled) and 1 day(s) before now, and once 2 hours ago (today, outside the period).
    const trend = await bookingTrend(api, { period: lastNDays(NOW, ZONE, 7), nowMs: NOW });
    expect(trend.daily).toEqual([0, 0, 1, 0, 1, 0, 1]);
    const report = await analyticsWithTrend(api, { nowMs: NOW, zone: ZONE, days: 7 });
    expect(trend.daily.reduce((a, b) => a + b, 0)).toBe(report.comparison.current.created);
  });

  it('gives the no-show rate of meetings that have ended, from the attendees’ no_show', async () => {
    const before = await bookingTrend(api, { period: lastNDays(NOW, ZONE, 7), nowMs: NOW });
    // The one meeting that has ended (two days ago), with its one attendee present.
    expect(before.noShows).toEqual({ noShows: 0, attendees: 1 });

    const ended = (await api.listEvents({ from: '2026-06-08T00:00:00-04:00', to: '2026-06-09T00:00:00-04:00' })).items[0]!;
    await api.markNoShow(ended.event_id, 'jordan.lee@example.com', true);
    const after = await bookingTrend(api, { period: lastNDays(NOW, ZONE, 7), nowMs: NOW });
    expect(after.noShows).toEqual({ noShows: 1, attendees: 1 });

    const digest = await buildDigestData(api, { nowMs: NOW, zone: ZONE });
    expect(digest.noShows).toEqual({ noShows: 1, attendees: 1 });
    await api.markNoShow(ended.event_id, 'jordan.lee@example.com', false);
  });

  it('has no no-show rate for a period without an ended meeting', async () => {
    const longAgo = lastNDays(NOW - 200 * 24 * 3600 * 1000, ZONE, 7);
    const trend = await bookingTrend(api, { period: longAgo, nowMs: NOW });
    expect(trend.noShows).toBeUndefined();
    expect(trend.daily).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
