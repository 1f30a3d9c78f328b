import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { staticAccessToken, ZoomSchedulerClient, type ZoomSchedulerApi } from '../../src/zoom';
import { nextOpenSlots } from '../../src/core/open-slots';
import { parseZoomDateTime } from '../../src/time';

let mock: ZoomMock;
let api: ZoomSchedulerApi;
let scheduleId: string;

beforeAll(async () => {
  mock = await startZoomMock({ host: '127.0.0.1' });
  api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, retry: { maxAttempts: 1 } }).as(
    staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token),
  );
  const page = await api.listSchedules({ page_size: 30 });
  scheduleId = page.items!.find((s) => s.summary === 'Office Hours')!.schedule_id;
});
afterAll(() => mock.close());
afterEach(() => mock.faults.clear());

describe('nextOpenSlots', () => {
  it('gives the first three future times Zoom lists, in order, as Zoom computed them', async () => {
    const nowMs = Date.now();
    const slots = await nextOpenSlots(api, scheduleId, { nowMs });
    expect(slots).toHaveLength(3);
    const answer = await api.getAvailableTimes(scheduleId, { time_zone: 'UTC' });
    const listed = (answer.days ?? [])
      .flatMap((d) => d.spots ?? [])
      .map((s) => parseZoomDateTime(s.start_time))
      .filter((ms): ms is number => ms !== null && ms > nowMs)
      .sort((a, b) => a - b);
    expect(slots.map((d) => d.getTime())).toEqual(listed.slice(0, 3));
  });

  it('is empty when Zoom answers 404 (Server-to-Server, another owner) or fails', async () => {
    mock.faults.enqueue({ path: /available_times/, status: 404, body: { code: 3001, message: 'Schedule does not exist.' } });
    expect(await nextOpenSlots(api, scheduleId, { nowMs: Date.now() })).toEqual([]);
    mock.faults.enqueue({ path: /available_times/, status: 500 });
    expect(await nextOpenSlots(api, scheduleId, { nowMs: Date.now() })).toEqual([]);
    mock.faults.enqueue({ path: /available_times/, status: 401, body: { code: 401, message: 'Invalid license type' } });
    expect(await nextOpenSlots(api, scheduleId, { nowMs: Date.now() })).toEqual([]);
  });

  it('gives up after its timeout when Zoom is slow', async () => {
    mock.faults.enqueue({ path: /available_times/, delayMs: 600 });
    const started = Date.now();
    expect(await nextOpenSlots(api, scheduleId, { nowMs: Date.now(), timeoutMs: 200 })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('is empty for an unknown schedule', async () => {
    expect(await nextOpenSlots(api, 'no-such-schedule', { nowMs: Date.now() })).toEqual([]);
  });
});
