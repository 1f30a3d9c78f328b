/** Per-account pacing (zoom-live.md §C): the limiter on a virtual clock, then clients against the mock's 429s. */
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { staticAccessToken, ZoomAccountRateLimiter, ZoomApiError, ZoomRateLimitedError, ZoomSchedulerClient } from '../../src/zoom';

function virtualClock(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let time = 0;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
  };
}

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

describe('ZoomAccountRateLimiter', () => {
  it('lets a burst through, then paces each account at its rate, independently', async () => {
    const clock = virtualClock();
    const limiter = new ZoomAccountRateLimiter({ perSecond: 2, burst: 2, now: clock.now, sleep: clock.sleep });
    const times: Array<[string, number]> = [];
    await Promise.all(['a', 'a', 'a', 'a', 'a', 'b'].map((key) => limiter.acquire(key).then(() => times.push([key, clock.now()]))));
    const aTimes = times.filter(([key]) => key === 'a').map(([, at]) => at);
    expect(aTimes.slice(0, 2)).toEqual([0, 0]);
    expect(aTimes[4]).toBeGreaterThanOrEqual(1500);
    expect(aTimes).toEqual([...aTimes].sort((x, y) => x - y));
    expect(times.find(([key]) => key === 'b')?.[1]).toBeLessThan(1500);
  });

  it('never lets more than the rate through within any one second, whatever the burst (Zoom counts per second)', async () => {
    const clock = virtualClock();
    const limiter = new ZoomAccountRateLimiter({ perSecond: 3, burst: 3, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 9 }, () => limiter.acquire('a').then(() => times.push(clock.now()))));
    // A bucket alone would let a fourth and fifth through at 334 and 667 ms: five within the first second.
    expect(times).toEqual([0, 0, 0, 1000, 1000, 1000, 2000, 2000, 2000]);
  });

  it('with releaseEveryMs, calls leave in groups, one per period, still at the rate and never more within a second', async () => {
    const clock = virtualClock();
    const limiter = new ZoomAccountRateLimiter({ perSecond: 4, releaseEveryMs: 500, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 8 }, () => limiter.acquire('a').then(() => times.push(clock.now()))));
    expect(times).toEqual([0, 0, 500, 500, 1000, 1000, 1500, 1500]);
    for (const start of times) expect(times.filter((at) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(4);
  });

  it('pauses an account for Retry-After after a 429 and adopts the rate Zoom reports', async () => {
    const clock = virtualClock();
    const limiter = new ZoomAccountRateLimiter({ now: clock.now, sleep: clock.sleep });
    expect(limiter.rateOf('acct')).toBe(30);
    limiter.observe('acct', {
      status: 200,
      headers: headers({ 'x-ratelimit-type': 'QPS', 'x-ratelimit-limit': '4', 'x-ratelimit-remaining': '3' }),
    });
    expect(limiter.rateOf('acct')).toBe(4);
    limiter.observe('acct', { status: 429, headers: headers({ 'retry-after': '3' }) });
    await limiter.acquire('acct');
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
    expect(limiter.rateOf('other')).toBe(30);
  });

  it('refuses to hold a call through a daily limit', async () => {
    const clock = virtualClock();
    const limiter = new ZoomAccountRateLimiter({ now: clock.now, sleep: clock.sleep });
    limiter.observe('acct', {
      status: 429,
      headers: headers({
        'x-ratelimit-type': 'Daily-limit',
        'x-ratelimit-remaining': '0',
        'retry-after': new Date(3_600_000).toISOString(),
      }),
    });
    await expect(limiter.acquire('acct')).rejects.toBeInstanceOf(ZoomRateLimitedError);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('paced clients against the mock’s per-account rate limit', () => {
  let mock: ZoomMock;
  let token: string;
  beforeAll(async () => {
    mock = await startZoomMock({ rateLimit: { perSecond: 5 } });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterAll(() => mock.close());
  beforeEach(async () => {
    // Start in a fresh one-second window of the mock.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    mock.stats.requests.splice(0);
  });

  it('the mock answers a burst beyond the rate with 429, Retry-After and X-RateLimit headers', async () => {
    const unpaced = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, retry: { maxAttempts: 1 } }).as(staticAccessToken(token));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => unpaced.listSchedules()));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ZoomApiError);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(rejected).toHaveLength(3);
    for (const error of rejected) {
      expect(error).toMatchObject({ status: 429, zoomCode: 429 });
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(1000);
    }
    const response = await fetch(`${mock.apiBaseUrl}/scheduler/schedules`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('the mock refuses a burst on an invalid token with 401s that leave the account’s budget untouched', async () => {
    const refused = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${mock.apiBaseUrl}/scheduler/schedules`, { headers: { authorization: 'Bearer expired-or-unknown' } }),
      ),
    );
    expect(refused.map((r) => r.status)).toEqual(Array(8).fill(401));
    const valid = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${mock.apiBaseUrl}/scheduler/schedules`, { headers: { authorization: `Bearer ${token}` } })),
    );
    expect(valid.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(valid[4]!.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('two clients sharing one limiter and one account key never trip a 429', async () => {
    // A little under the account's 5/s, as an operator would configure it, so loopback jitter cannot tip a window.
    const limiter = new ZoomAccountRateLimiter({ perSecond: 4 });
    const options = { apiBaseUrl: mock.apiBaseUrl, rateLimiter: limiter, retry: { maxAttempts: 1 } };
    const digest = new ZoomSchedulerClient(options).as(staticAccessToken(token), { pace: mock.accountId });
    const refresh = new ZoomSchedulerClient(options).as(staticAccessToken(token), { pace: mock.accountId });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? digest : refresh).listSchedules()));
    expect(results).toHaveLength(12);
    expect(mock.stats.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('a limiter that assumes 30/s learns the account’s 5/s from the headers and still completes every call', async () => {
    const limiter = new ZoomAccountRateLimiter();
    const paced = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, rateLimiter: limiter, retry: { baseDelayMs: 1 } }).as(
      staticAccessToken(token),
      { pace: 'acct-1' },
    );
    await paced.listSchedules();
    expect(limiter.rateOf('acct-1')).toBe(5);
    const results = await Promise.all(Array.from({ length: 10 }, () => paced.listSchedules()));
    expect(results).toHaveLength(10);
    // Paced at exactly the account's rate, jitter may still land one call in a full window; the 429 is waited out.
    expect(mock.stats.requests.filter((r) => r.status === 429).length).toBeLessThanOrEqual(2);
    expect(mock.stats.requests.filter((r) => r.status === 200).length).toBe(11);
  });
});

describe('a paced call during a daily limit', () => {
  it('fails at once with ZoomRateLimitedError instead of retrying', async () => {
    const mock = await startZoomMock();
    try {
      const limiter = new ZoomAccountRateLimiter();
      limiter.observe('acct', {
        status: 429,
        headers: new Headers({ 'x-ratelimit-type': 'Daily-limit', 'retry-after': String(6 * 3600) }),
      });
      const api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, rateLimiter: limiter }).as(
        staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token),
        { pace: 'acct' },
      );
      const started = Date.now();
      await expect(api.listSchedules()).rejects.toBeInstanceOf(ZoomRateLimitedError);
      expect(Date.now() - started).toBeLessThan(500);
      expect(mock.stats.requests).toEqual([]);
      // Calls not paced (a person's command) are not held back by the batch's limiter.
      const unpaced = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, rateLimiter: limiter }).as(
        staticAccessToken(mock.issueTokensFor(mock.defaultUser.id).access_token),
      );
      await expect(unpaced.listSchedules()).resolves.toHaveProperty('items');
    } finally {
      await mock.close();
    }
  });
});
