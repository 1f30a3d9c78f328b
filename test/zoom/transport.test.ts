import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ZoomApiError,
  ZoomNetworkError,
  ZoomResponseError,
  ZoomSchedulerClient,
  ZoomTimeoutError,
  staticAccessToken,
  type ZoomAuth,
  type ZoomLogger,
} from '../../src/zoom';
import { startScriptedServer, type ScriptedServer } from './support/scripted-server';

const TOKEN = 'secret-access-token-abcdef123456';

describe('transport and client plumbing against a scripted HTTP server', () => {
  let server: ScriptedServer;
  let sleeps: number[];
  let logLines: string[];

  const logger: ZoomLogger = {
    debug: (details, message) => logLines.push(`${message} ${JSON.stringify(details)}`),
    warn: (details, message) => logLines.push(`${message} ${JSON.stringify(details)}`),
  };

  function api(auth: ZoomAuth = staticAccessToken(TOKEN), timeoutMs = 2000) {
    const client = new ZoomSchedulerClient({
      apiBaseUrl: `${server.baseUrl}/v2`,
      timeoutMs,
      logger,
      random: () => 0.5,
      now: () => Date.parse('2026-03-01T12:00:00Z'),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    return client.as(auth);
  }

  beforeEach(async () => {
    server = await startScriptedServer();
    sleeps = [];
    logLines = [];
  });
  afterEach(() => server.close());

  it('sends the bearer token, JSON headers and the acting user_id', async () => {
    server.script({ status: 200, body: { display_name: 'Ada', time_zone: 'UTC' } });
    const user = await api(staticAccessToken(TOKEN, 'zoom-user-1')).getUser();
    expect(user).toEqual({ display_name: 'Ada', time_zone: 'UTC' });
    expect(server.requests[0]?.url).toBe('/v2/scheduler/users/zoom-user-1');
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.headers['accept']).toBe('application/json');

    server.script({ status: 200, body: { items: [] } });
    await api(staticAccessToken(TOKEN, 'zoom-user-1')).listSchedules({ page_size: 5 });
    expect(server.requests[1]?.url).toBe('/v2/scheduler/schedules?page_size=5&user_id=zoom-user-1');
  });

  it('waits out a 429 with Retry-After in seconds, then succeeds', async () => {
    server.script(
      {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
      },
      { status: 200, body: { items: [{ schedule_id: 's1', summary: 'Intro' }], next_page_token: '' } },
    );
    const page = await api().listSchedules();
    expect(page).toEqual({ items: [{ schedule_id: 's1', summary: 'Intro' }], nextPageToken: undefined });
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it('waits out a 429 with Retry-After as an HTTP date and as an ISO date, also for POST', async () => {
    server.script(
      { status: 429, headers: { 'retry-after': 'Sun, 01 Mar 2026 12:00:03 GMT' } },
      { status: 429, headers: { 'retry-after': '2026-03-01T12:00:01Z' } },
      { status: 201, body: { scheduling_url: 'https://scheduler.zoom.us/d/abc' } },
    );
    const link = await api().createSingleUseLink('s1');
    expect(link.scheduling_url).toBe('https://scheduler.zoom.us/d/abc');
    expect(sleeps).toEqual([3000, 1000]);
    expect(JSON.parse(server.requests[2]?.body ?? '')).toEqual({ schedule_id: 's1' });
  });

  it('backs off with jitter on a 429 without Retry-After', async () => {
    server.script({ status: 429 }, { status: 200, body: { teams: [] } });
    await expect(api().listTeams()).resolves.toEqual([]);
    expect(sleeps).toEqual([250]); // random 0.5 × base 500 ms
  });

  it('gives up on a Retry-After beyond the bounded wait and reports it', async () => {
    server.script({ status: 429, headers: { 'retry-after': '3600' }, body: { code: 429, message: 'daily limit' } });
    const error = await api()
      .getAnalytics()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({
      status: 429,
      zoomCode: 429,
      zoomMessage: 'daily limit',
      operation: 'report_analytics',
      retryAfterMs: 3_600_000,
    });
    expect(sleeps).toEqual([]);
  });

  it('retries a GET on 500 until the attempts run out, then raises ZoomApiError', async () => {
    server.script({ status: 500, body: { code: 500, message: 'Internal error' } });
    const error = await api()
      .getSchedule('s1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({ status: 500, zoomCode: 500, zoomMessage: 'Internal error', operation: 'get_schedule' });
    expect((error as Error).message).toBe('Zoom get_schedule failed with HTTP 500 (code 500: Internal error)');
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('never repeats a POST after a 500', async () => {
    server.script({ status: 500, body: { code: 500, message: 'boom' } });
    await expect(api().createSchedule({ availability_override: false, availability_rules: [], capacity: 1 })).rejects.toMatchObject({
      status: 500,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a slow response, retrying a GET but not a POST', async () => {
    server.script({ status: 200, delayMs: 1000, body: {} });
    const error = await api(staticAccessToken(TOKEN), 100)
      .createShare({ schedule_id: 's1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect(error).toMatchObject({ operation: 'create_shares', timeoutMs: 100, message: 'Zoom create_shares timed out after 100 ms' });
    expect(server.requests).toHaveLength(1);

    server.script({ status: 200, delayMs: 1000, body: {} }, { status: 200, body: { display_name: 'Ada' } });
    await expect(api(staticAccessToken(TOKEN), 100).getUser('u1')).resolves.toEqual({ display_name: 'Ada' });
    expect(sleeps).toEqual([250]);
  });

  it('leaves no timeout timer behind once an answer is in: none lives on for the rest of its 15 s', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    for (let i = 0; i < 5; i += 1) {
      server.script({ status: 200, body: { display_name: 'Ada', time_zone: 'UTC' } });
      await api(staticAccessToken(TOKEN, 'zoom-user-1'), 15_000).getUser();
    }
    server.script({ status: 500 }, { status: 500 }, { status: 500 });
    await expect(api(staticAccessToken(TOKEN, 'zoom-user-1'), 15_000).getUser()).rejects.toBeInstanceOf(ZoomApiError);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('raises ZoomNetworkError when nothing listens', async () => {
    const url = server.baseUrl;
    await server.close();
    const client = new ZoomSchedulerClient({ apiBaseUrl: `${url}/v2`, retry: { maxAttempts: 2 }, sleep: async () => undefined });
    const error = await client
      .as(staticAccessToken(TOKEN))
      .getUser('u1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomNetworkError);
    expect((error as Error).message).toBe('Zoom get_user failed: network error (ECONNREFUSED)');
    server = await startScriptedServer();
  });

  it('takes a connection lost mid-body for a network error, retried for a GET, and reads a POST body whole', async () => {
    let requests = 0;
    const bodies: string[] = [];
    const lengths: number[] = [];
    const dropping = createServer((req, res) => {
      requests += 1;
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        lengths.push(Number(req.headers['content-length']));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"display_name":');
        setImmediate(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    try {
      const client = new ZoomSchedulerClient({
        apiBaseUrl: `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/v2`,
        retry: { maxAttempts: 2 },
        sleep: async () => undefined,
      }).as(staticAccessToken(TOKEN));
      await expect(client.getUser('u1')).rejects.toBeInstanceOf(ZoomNetworkError);
      expect(requests).toBe(2);
      const schedule = {
        summary: 'Café ☕',
        duration: 30,
        capacity: 1,
        availability_override: false,
        availability_rules: [{ email: 'ada@example.com', time_zone: 'UTC' }],
      };
      await expect(client.createSchedule(schedule)).rejects.toBeInstanceOf(ZoomNetworkError);
      expect(requests).toBe(3);
      expect(JSON.parse(bodies[2]!)).toMatchObject({ summary: 'Café ☕', duration: 30 });
      expect(lengths[2]).toBe(Buffer.byteLength(bodies[2]!));
    } finally {
      dropping.closeAllConnections();
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it('sends every attempt through an injected fetch when one is given (the default is node:http)', async () => {
    const sent: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      sent.push(`${init?.method} ${String(input)}`);
      return fetch(input, init);
    };
    server.script({ status: 500 }, { status: 200, body: { display_name: 'Ada', time_zone: 'UTC' } });
    const client = new ZoomSchedulerClient({ apiBaseUrl: `${server.baseUrl}/v2`, fetch: recordingFetch, sleep: async () => undefined });
    expect(await client.as(staticAccessToken(TOKEN)).getUser('u1')).toEqual({ display_name: 'Ada', time_zone: 'UTC' });
    expect(sent).toEqual([`GET ${server.baseUrl}/v2/scheduler/users/u1`, `GET ${server.baseUrl}/v2/scheduler/users/u1`]);
    expect(server.requests).toHaveLength(2);
  });

  it('refreshes once on 401 code 124 and retries with the new token', async () => {
    const rejected: string[] = [];
    const auth: ZoomAuth = {
      getAccessToken: async () => 'old-token-0000000000',
      refreshAfterUnauthorized: async (token) => {
        rejected.push(token);
        return 'new-token-1111111111';
      },
    };
    server.script({ status: 401, body: { code: 124, message: 'Invalid access token.' } }, { status: 204 });
    await expect(api(auth).deleteSchedule('s1')).resolves.toBeUndefined();
    expect(rejected).toEqual(['old-token-0000000000']);
    expect(server.requests.map((r) => [r.method, r.headers['authorization']])).toEqual([
      ['DELETE', 'Bearer old-token-0000000000'],
      ['DELETE', 'Bearer new-token-1111111111'],
    ]);

    server.script({ status: 401, body: { code: 124, message: 'Invalid access token.' } });
    await expect(api(auth).deleteSchedule('s1')).rejects.toMatchObject({ status: 401, zoomCode: 124, isInvalidAccessToken: true });
    expect(server.requests).toHaveLength(4);
  });

  it('keeps tokens out of error messages and log lines', async () => {
    server.script({ status: 400, body: { code: 300, message: `Bad token ${TOKEN} given`, errors: [{ field: 'x', message: TOKEN }] } });
    const error = (await api()
      .getEvent('e1')
      .catch((e: unknown) => e)) as ZoomApiError;
    expect(error.zoomMessage).toBe('Bad token [redacted] given');
    expect(error.fieldErrors).toEqual([{ field: 'x', message: '[redacted]' }]);
    server.script({ status: 503 }, { status: 200, body: { event_id: 'e1' } });
    await api().getEvent('e1');
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of [...logLines, error.message, JSON.stringify(error), String(error.stack)]) expect(text).not.toContain(TOKEN);
  });

  it('parses leniently: unknown fields kept, nulls dropped, numeric strings converted', async () => {
    server.script({
      status: 200,
      body: {
        schedule_id: 's1',
        duration: '30',
        capacity: 2,
        active: 'true',
        secret: null,
        brand_new_field: { a: 1 },
        buffer: { before: '5' },
      },
    });
    const schedule = await api().getSchedule('s1');
    expect(schedule).toEqual({
      schedule_id: 's1',
      duration: 30,
      capacity: 2,
      active: true,
      brand_new_field: { a: 1 },
      buffer: { before: 5 },
    });
  });

  it('names the field of an unusable response', async () => {
    server.script({ status: 200, body: { schedule_id: 's1', duration: 'half an hour' } });
    await expect(api().getSchedule('s1')).rejects.toEqual(
      new ZoomResponseError('get_schedule', 'duration', 'Invalid input: expected number, received string'),
    );

    server.script({ status: 200, body: { items: [{ schedule_id: 'a' }, { summary: 'no id' }] } });
    const error = await api()
      .listSchedules()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect(error).toMatchObject({ operation: 'list_schedules', field: 'items.1.schedule_id', problem: 'is missing' });

    server.script({ status: 201, body: 'not an object' });
    await expect(api().createSingleUseLink('s1')).rejects.toMatchObject({ field: '' });
  });

  it('iterates pages until next_page_token is empty and rejects a repeated token', async () => {
    server.script(
      { status: 200, body: { items: [{ event_id: 'e1' }, { event_id: 'e2' }], next_page_token: 't2' } },
      { status: 200, body: { items: [{ event_id: 'e3' }], next_page_token: 't3' } },
      { status: 200, body: { items: [{ event_id: 'e4' }] } },
    );
    const ids: string[] = [];
    for await (const event of api().iterateEvents({ page_size: 2 })) ids.push(event.event_id);
    expect(ids).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v2/scheduler/events?page_size=2',
      '/v2/scheduler/events?page_size=2&next_page_token=t2',
      '/v2/scheduler/events?page_size=2&next_page_token=t3',
    ]);

    server.script({ status: 200, body: { items: [], next_page_token: 'same' } });
    const loop = async () => {
      for await (const _ of api().iterateAvailability()) void _;
    };
    await expect(loop()).rejects.toMatchObject({ field: 'next_page_token' });
  });
});
