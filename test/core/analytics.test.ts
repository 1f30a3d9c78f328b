import { analyticsReport } from '../../src/core/analytics';
import type { ZoomAnalytics, ZoomAnalyticsQuery, ZoomSchedulerApi } from '../../src/zoom';

/** Only getAnalytics is reached; the stub records the query it got. */
function apiAnswering(answer: unknown): { api: ZoomSchedulerApi; queries: ZoomAnalyticsQuery[] } {
  const queries: ZoomAnalyticsQuery[] = [];
  const api = {
    getAnalytics: async (query: ZoomAnalyticsQuery) => {
      queries.push(query);
      return answer as ZoomAnalytics;
    },
  } as unknown as ZoomSchedulerApi;
  return { api, queries };
}

// 2026-03-10 15:00 UTC = 11:00 in New York (EDT since 8 March).
const NOW = Date.parse('2026-03-10T15:00:00Z');

describe('analyticsReport', () => {
  it("asks once for the last N complete local days; Zoom's previous_period is the N days before", async () => {
    const { api, queries } = apiAnswering({
      last_n_days: {
        scheduled_events_created: 5,
        scheduled_events_completed: 3,
        scheduled_events_canceled: 1,
        scheduled_events_rescheduled: 2,
      },
      previous_period: {
        scheduled_events_created: 4,
        scheduled_events_completed: 4,
        scheduled_events_canceled: 0,
        scheduled_events_rescheduled: 0,
      },
      popular_schedules: [{ 'Office Hours': 2 }, { '30 Minute Meeting': 7 }, 'junk', { Broken: 'x' }],
    });
    const report = await analyticsReport(api, { nowMs: NOW, zone: 'America/New_York', days: 7 });
    // The period crosses the spring-forward day, so its two ends carry different offsets.
    expect(queries).toEqual([{ from: '2026-03-03T00:00:00-05:00', to: '2026-03-10T00:00:00-04:00', time_zone: 'America/New_York' }]);
    expect(report.period.firstDate).toBe('2026-03-03');
    expect(report.previous.firstDate).toBe('2026-02-24');
    expect(report.comparison).toEqual({
      current: { created: 5, completed: 3, canceled: 1, rescheduled: 2 },
      previous: { created: 4, completed: 4, canceled: 0, rescheduled: 0 },
    });
    expect(report.popular).toEqual([
      { title: '30 Minute Meeting', bookings: 7 },
      { title: 'Office Hours', bookings: 2 },
    ]);
  });

  it("reads the counter names of the spec's example too, and counts anything missing as 0", async () => {
    const { api } = apiAnswering({ last_n_days: { created_scheduled_events: 9, canceled_scheduled_events: 2 } });
    const report = await analyticsReport(api, { nowMs: NOW, zone: 'UTC', days: 14 });
    expect(report.comparison).toEqual({
      current: { created: 9, completed: 0, canceled: 2, rescheduled: 0 },
      previous: { created: 0, completed: 0, canceled: 0, rescheduled: 0 },
    });
    expect(report.popular).toEqual([]);
  });
});
