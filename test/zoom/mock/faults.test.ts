import type { ZoomMock } from '../../../src/zoom/mock';
import { api, startMock, tokenRequest } from './helpers';

describe('Zoom mock fault injection', () => {
  let mock: ZoomMock;
  let token: string;
  beforeEach(async () => {
    mock = await startMock({ seed: false });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterEach(async () => {
    await mock.close();
  });

  it('answers 429 with Retry-After in seconds, once, then normally', async () => {
    mock.faults.enqueue({ path: /\/scheduler\/schedules$/, status: 429, retryAfter: '2' });
    const limited = await api(mock, token, 'GET', '/scheduler/schedules');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body).toEqual({
      code: 429,
      message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    });
    expect((await api(mock, token, 'GET', '/scheduler/schedules')).status).toBe(200);
    expect(mock.stats.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('sends Retry-After as a date verbatim and honours method and times', async () => {
    mock.faults.enqueue({ method: 'POST', status: 429, retryAfter: '2026-05-31T00:00:00Z', times: 2 });
    expect((await api(mock, token, 'GET', '/scheduler/teams')).status).toBe(200);
    const first = await api(mock, token, 'POST', '/scheduler/availability', { name: 'A', time_zone: 'UTC' });
    const second = await api(mock, token, 'POST', '/scheduler/availability', { name: 'A', time_zone: 'UTC' });
    const third = await api(mock, token, 'POST', '/scheduler/availability', { name: 'A', time_zone: 'UTC' });
    expect([first.status, second.status, third.status]).toEqual([429, 429, 201]);
    expect(first.headers.get('retry-after')).toBe('2026-05-31T00:00:00Z');
    // Faulted requests did nothing.
    expect((await api(mock, token, 'GET', '/scheduler/availability')).body.items).toHaveLength(1);
  });

  it('answers 500 with a custom body, also on the token endpoint, until cleared', async () => {
    mock.faults.enqueue({ path: /^\/oauth\/token$/, status: 500, body: { reason: 'boom' }, times: 5 });
    const tokens = mock.issueTokensFor(mock.defaultUser.id);
    const failed = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ reason: 'boom' });
    mock.faults.clear();
    // The failed request never reached OAuth: the refresh token is still good.
    expect((await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(200);
    expect(mock.stats.tokenRequests).toEqual({ refresh_token: 1 });
  });

  it('delays the normal answer', async () => {
    mock.faults.enqueue({ path: /\/scheduler\/teams$/, delayMs: 300 });
    const started = Date.now();
    const delayed = await api(mock, token, 'GET', '/scheduler/teams');
    expect(delayed.status).toBe(200);
    expect(delayed.body).toEqual({ teams: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('lets a client time out on a long delay and still closes promptly', async () => {
    mock.faults.enqueue({ delayMs: 60_000 });
    await expect(
      fetch(`${mock.apiBaseUrl}/scheduler/teams`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
  });
});
