import { ScheduleService } from '../../src/core/schedules';
import type { ZoomAccess, ZoomAccounts } from '../../src/core/zoom-accounts';
import type { NewScheduleInput } from '../../src/core/model';
import { staticAccessToken, ZoomApiError, ZoomSchedulerClient, ZoomTimeoutError, type ZoomSchedulerApi } from '../../src/zoom';
import { startZoomMock, type MockProfile, type ZoomMock } from '../../src/zoom/mock';
import { emptyWeek } from '../../src/slack/blocks/forms/intervals';

/** ScheduleService only asks its accounts for the user's API; this one hands out the mock user's. */
function accountsFor(api: ZoomSchedulerApi): ZoomAccounts {
  const access: ZoomAccess = { api, zoomUserId: 'mock-user', displayName: null, kind: 'user', connectionId: 'c1', zoomAccountId: null };
  return { access: async () => access } as unknown as ZoomAccounts;
}

const base = { title: 'Intro call', durationMinutes: 30, meetingType: 'zoomMeeting' } as const;

describe.each<MockProfile>(['spec', 'live'])('creating a schedule against the %s profile', (profile) => {
  let mock: ZoomMock;
  let api: ZoomSchedulerApi;
  let service: ScheduleService;

  beforeAll(async () => {
    mock = await startZoomMock({ host: '127.0.0.1', profile });
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(staticAccessToken(token));
    service = new ScheduleService(accountsFor(api));
  });
  afterAll(() => mock.close());

  const inserts = () => mock.stats.requests.filter((r) => r.method === 'POST' && /\/scheduler\/schedules$/.test(r.path));

  it('uses a saved availability: linked where Zoom takes the reference, its hours copied in where Zoom refuses it', async () => {
    const saved = await api.createAvailability({
      name: 'Mornings',
      time_zone: 'Europe/Berlin',
      segments_recurrence: { tue: [{ start: '08:00', end: '11:30' }] },
    });
    const before = inserts().length;
    const input: NewScheduleInput = { ...base, availability: { kind: 'existing', availabilityId: saved.availability_id } };
    const created = await service.create('T1', 'U1', input, 'America/New_York');

    const page = await api.getSchedule(created.id);
    expect(created.url).toBe(page.scheduling_url);
    if (profile === 'spec') {
      expect(created.hoursCopied).toBeUndefined();
      expect(inserts().length - before).toBe(1);
    } else {
      expect(created.hoursCopied).toBe(true);
      expect(
        inserts()
          .slice(before)
          .map((r) => r.status),
      ).toEqual([400, 201]);
      expect(page.availability_override).toBe(true);
      expect(page.time_zone).toBe('Europe/Berlin');
      expect(page.segments_recurrence?.tue).toEqual([{ start: '08:00', end: '11:30' }]);
    }
  });

  it('creates a schedule with custom hours in one request', async () => {
    const weekly = { ...emptyWeek(), wed: [{ start: '13:00', end: '15:00' }] };
    const before = inserts().length;
    const created = await service.create('T1', 'U1', { ...base, availability: { kind: 'custom', weekly } }, 'UTC');
    expect(created.hoursCopied).toBeUndefined();
    expect(inserts().length - before).toBe(1);
  });

  it('never retries a create that timed out: Zoom may have made it', async () => {
    const saved = await api.createAvailability({
      name: 'Slow',
      time_zone: 'UTC',
      segments_recurrence: { mon: [{ start: '09:00', end: '10:00' }] },
    });
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    const impatient = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, timeoutMs: 300 }).as(staticAccessToken(token));
    mock.faults.enqueue({ method: 'POST', path: /\/scheduler\/schedules$/, delayMs: 1500 });
    const before = inserts().length;
    const input: NewScheduleInput = { ...base, availability: { kind: 'existing', availabilityId: saved.availability_id } };
    await expect(new ScheduleService(accountsFor(impatient)).create('T1', 'U1', input, 'UTC')).rejects.toBeInstanceOf(ZoomTimeoutError);
    // The mock records a request when it answers: wait for the delayed one, then make sure no second one follows.
    const deadline = Date.now() + 5000;
    while (inserts().length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inserts().length - before).toBe(1);
  });

  it('passes on a refusal that is not about the availability reference', async () => {
    mock.faults.enqueue({
      method: 'POST',
      path: /\/scheduler\/schedules$/,
      status: 400,
      body: { code: 300, message: 'Duration is invalid.' },
    });
    const weekly = { ...emptyWeek(), wed: [{ start: '13:00', end: '15:00' }] };
    const before = inserts().length;
    await expect(service.create('T1', 'U1', { ...base, availability: { kind: 'custom', weekly } }, 'UTC')).rejects.toBeInstanceOf(
      ZoomApiError,
    );
    expect(inserts().length - before).toBe(1);
  });
});
