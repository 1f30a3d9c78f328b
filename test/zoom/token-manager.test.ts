import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { sharedAccountSeed } from '../../src/core/shared-account';
import {
  ZoomOAuth,
  ZoomReconnectRequiredError,
  ZoomSchedulerClient,
  ZoomServerToServerAuth,
  ZoomTokenManager,
  ZoomTokenRefreshContendedError,
  type ZoomTokenEndpoint,
} from '../../src/zoom';
import { MemoryTokenStore } from './support/memory-token-store';

const CONNECTION = 'slack-T1-U1';

describe('ZoomTokenManager with the mock OAuth server', () => {
  let mock: ZoomMock;
  let clock: number;
  let store: MemoryTokenStore;
  let sentRefreshTokens: string[];
  let events: string[];

  /** Records every refresh token sent to /oauth/token, in order. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
    if (body?.get('grant_type') === 'refresh_token') sentRefreshTokens.push(body.get('refresh_token') ?? '');
    return fetch(input, init);
  };

  function oauth(): ZoomOAuth {
    return new ZoomOAuth({
      oauthBaseUrl: mock.oauthBaseUrl,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      fetch: recordingFetch,
      now: () => clock,
    });
  }

  function manager(overrides: Partial<ConstructorParameters<typeof ZoomTokenManager>[0]> = {}): ZoomTokenManager {
    return new ZoomTokenManager({ oauth: oauth(), store, now: () => clock, pollIntervalMs: 5, ...overrides });
  }

  function apiFor(tokens: ZoomTokenManager, actingUserId?: string) {
    const apiFetch: typeof fetch = async (input, init) => {
      events.push(`api ${new Headers(init?.headers).get('authorization') ?? ''}`);
      return fetch(input, init);
    };
    return new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, fetch: apiFetch }).as(tokens.authFor(CONNECTION, actingUserId));
  }

  /** A connection whose access token expired in the store (and at the mock): the next use must refresh. */
  function seedExpiredConnection(): string {
    const issued = mock.issueTokensFor(mock.defaultUser.id);
    store.seed(CONNECTION, { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: new Date(clock - 1000) });
    mock.expireAccessTokens();
    return issued.refresh_token;
  }

  beforeEach(async () => {
    clock = Date.parse('2026-03-02T15:00:00Z');
    mock = await startZoomMock({ now: () => clock, seed: false });
    store = new MemoryTokenStore(() => clock);
    sentRefreshTokens = [];
    events = [];
  });
  afterEach(async () => {
    expect(mock.violations).toEqual([]);
    await mock.close();
  });

  it('50 concurrent calls with an expired token make exactly one refresh request', async () => {
    const original = seedExpiredConnection();
    const api = apiFor(manager());
    const users = await Promise.all(Array.from({ length: 50 }, () => api.getUser()));

    expect(users.map((u) => u.display_name)).toEqual(Array(50).fill(mock.defaultUser.displayName));
    expect(mock.stats.tokenRequests['refresh_token']).toBe(1);
    expect(sentRefreshTokens).toEqual([original]);
    const row = store.row(CONNECTION);
    expect(row.version).toBe(2);
    expect(row.refreshToken).not.toBe(original);
    expect(row.expiresAt).toEqual(new Date(clock + 3600_000));
    expect(row.scopes).toEqual(['scheduler:read', 'scheduler:write', 'user:read']);
    expect(row.refreshLeaseUntil).toBeNull();
  });

  it('two processes (managers sharing one store) still make exactly one refresh request', async () => {
    seedExpiredConnection();
    const processA = apiFor(manager({ owner: 'process-a' }));
    const processB = apiFor(manager({ owner: 'process-b' }));
    const calls = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? processA : processB).listSchedules());
    const pages = await Promise.all(calls);

    expect(pages.every((page) => Array.isArray(page.items))).toBe(true);
    expect(mock.stats.tokenRequests['refresh_token']).toBe(1);
    // Both processes competed for the lease; the loser waited for the winner's tokens.
    expect(store.calls.filter((call) => call === 'tryAcquireRefreshLease')).toHaveLength(2);
    expect(store.row(CONNECTION).version).toBe(2);
  });

  it('persists the new refresh token before the new access token is used', async () => {
    seedExpiredConnection();
    const tokens = manager();
    const originalCas = store.compareAndSwapTokens.bind(store);
    store.compareAndSwapTokens = async (...args) => {
      const swapped = await originalCas(...args);
      events.push(`persisted ${args[2].accessToken}`);
      return swapped;
    };
    await apiFor(tokens).getUser();
    const newAccessToken = store.row(CONNECTION).accessToken;
    expect(events).toEqual([`persisted ${newAccessToken}`, `api Bearer ${newAccessToken}`]);
  });

  it('refreshes once on 401 code 124 (token dead at Zoom but not yet expired locally) and retries', async () => {
    const issued = mock.issueTokensFor(mock.defaultUser.id);
    store.seed(CONNECTION, {
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      expiresAt: new Date(clock + 30 * 60_000),
    });
    mock.expireAccessTokens();

    const api = apiFor(manager());
    const teams = await Promise.all(Array.from({ length: 10 }, () => api.listTeams()));
    expect(teams).toEqual(Array(10).fill([]));
    expect(mock.stats.tokenRequests['refresh_token']).toBe(1);
    const fresh = store.row(CONNECTION).accessToken;
    expect(events.filter((e) => e === `api Bearer ${issued.access_token}`)).toHaveLength(10);
    expect(events.filter((e) => e === `api Bearer ${fresh}`)).toHaveLength(10);
  });

  it('uses the token without refreshing while more than 60 s remain, and refreshes inside the margin', async () => {
    const issued = mock.issueTokensFor(mock.defaultUser.id);
    store.seed(CONNECTION, { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: new Date(clock + 61_000) });
    const tokens = manager();
    expect(await tokens.getAccessToken(CONNECTION)).toBe(issued.access_token);
    clock += 2000;
    expect(await tokens.getAccessToken(CONNECTION)).not.toBe(issued.access_token);
    expect(mock.stats.tokenRequests['refresh_token']).toBe(1);
  });

  it('rotation: each refresh spends the latest refresh token exactly once; the old ones are never sent again', async () => {
    const original = seedExpiredConnection();
    const tokens = manager();
    const api = apiFor(tokens);
    const stored: string[] = [original];
    for (let round = 0; round < 3; round += 1) {
      await api.getUser();
      stored.push(store.row(CONNECTION).refreshToken);
      clock += 3600_000; // the access token expires again
    }
    expect(sentRefreshTokens).toEqual(stored.slice(0, 3));
    expect(new Set(stored).size).toBe(4);
    expect(store.row(CONNECTION).version).toBe(4);
  });

  it('tells onRefresh how each refresh ended: ok for the winner, contended for the process that waited, invalid_grant', async () => {
    seedExpiredConnection();
    const outcomes: string[] = [];
    const onRefresh = (outcome: string) => outcomes.push(outcome);
    const processA = apiFor(manager({ owner: 'process-a', onRefresh }));
    const processB = apiFor(manager({ owner: 'process-b', onRefresh }));
    await Promise.all([processA.listSchedules(), processB.listSchedules()]);
    expect(outcomes.sort()).toEqual(['contended', 'ok']);

    outcomes.length = 0;
    const dead = seedExpiredConnection();
    await oauth().refresh(dead);
    await expect(apiFor(manager({ onRefresh })).getUser()).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
    expect(outcomes).toEqual(['invalid_grant']);
  });

  it('invalid_grant marks the connection as needing a reconnect and raises a typed error', async () => {
    const dead = seedExpiredConnection();
    await oauth().refresh(dead); // someone outside the store spent it: now it is dead

    const tokens = manager();
    const error = await apiFor(tokens)
      .getUser()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomReconnectRequiredError);
    expect(error).toMatchObject({ connectionId: CONNECTION, reason: 'refresh token rejected (invalid_grant)' });
    expect(store.row(CONNECTION)).toMatchObject({
      needsReconnect: true,
      reconnectReason: 'refresh token rejected (invalid_grant)',
      refreshLeaseUntil: null,
    });

    const requestsBefore = mock.stats.tokenRequests['refresh_token'];
    await expect(tokens.getAccessToken(CONNECTION)).rejects.toMatchObject({
      connectionId: CONNECTION,
      reason: 'marked as needing a reconnect',
    });
    expect(mock.stats.tokenRequests['refresh_token']).toBe(requestsBefore);
  });

  it('invalid_grant after another writer rotated the row: uses their token, does not mark the connection', async () => {
    store.seed(CONNECTION, { accessToken: 'old-access', refreshToken: 'old-refresh', expiresAt: new Date(clock - 1) });
    const endpoint: ZoomTokenEndpoint = {
      refresh: async () => {
        // Meanwhile the user reconnected, writing brand new tokens; our refresh token is already dead.
        Object.assign(store.row(CONNECTION), {
          accessToken: 'reconnected-access',
          refreshToken: 'reconnected-refresh',
          expiresAt: new Date(clock + 3600_000),
          version: 7,
        });
        throw new ZoomReconnectRequiredError(undefined, 'invalid_grant');
      },
      revoke: async () => undefined,
    };
    const tokens = new ZoomTokenManager({ oauth: endpoint, store, now: () => clock });
    expect(await tokens.getAccessToken(CONNECTION)).toBe('reconnected-access');
    expect(store.row(CONNECTION).needsReconnect).toBe(false);
  });

  it('waits for a lease held by a crashed process to expire, then refreshes once', async () => {
    const original = seedExpiredConnection();
    Object.assign(store.row(CONNECTION), { refreshLeaseUntil: new Date(clock + 30_000), leaseOwner: 'crashed-process' });
    const tokens = manager({
      sleep: async (ms) => {
        clock += ms;
      },
      pollIntervalMs: 1000,
    });
    const token = await tokens.getAccessToken(CONNECTION);
    expect(token).toBe(store.row(CONNECTION).accessToken);
    expect(sentRefreshTokens).toEqual([original]);
    expect(clock).toBeGreaterThanOrEqual(Date.parse('2026-03-02T15:00:30Z'));
  });

  it('gives up with a typed error when another process never finishes', async () => {
    seedExpiredConnection();
    Object.assign(store.row(CONNECTION), { refreshLeaseUntil: new Date(clock + 3600_000), leaseOwner: 'stuck-process' });
    const tokens = manager({ sleep: async (ms) => void (clock += ms), pollIntervalMs: 1000, maxWaitMs: 5000 });
    await expect(tokens.getAccessToken(CONNECTION)).rejects.toBeInstanceOf(ZoomTokenRefreshContendedError);
    expect(sentRefreshTokens).toEqual([]);
  });

  it('revokes on disconnect: the token dies at Zoom and the row is marked', async () => {
    const issued = mock.issueTokensFor(mock.defaultUser.id);
    store.seed(CONNECTION, { accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: new Date(clock + 3600_000) });
    const tokens = manager();
    await tokens.revoke(CONNECTION);
    expect(store.row(CONNECTION)).toMatchObject({ needsReconnect: true, reconnectReason: 'revoked on disconnect' });
    await expect(oauth().refresh(issued.refresh_token)).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
    await expect(tokens.revoke(CONNECTION)).resolves.toBeUndefined(); // nothing left to revoke
  });

  it('shared account: seeded from ZOOM_REFRESH_TOKEN, rotated on first use, acting for ZOOM_USER_ID', async () => {
    const envRefreshToken = mock.issueTokensFor(mock.defaultUser.id).refresh_token;
    store.seed('shared', sharedAccountSeed(envRefreshToken));

    const api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(manager().authFor('shared', mock.defaultUser.id));
    expect((await api.listSchedules()).items).toEqual([]);
    const row = store.row('shared');
    expect(row.refreshToken).not.toBe(envRefreshToken);
    expect(mock.stats.requests.at(-1)?.path).toBe('/v2/scheduler/schedules');
  });
});

describe('ZoomServerToServerAuth with the mock', () => {
  let mock: ZoomMock;
  let clock: number;

  beforeEach(async () => {
    clock = Date.parse('2026-03-02T15:00:00Z');
    mock = await startZoomMock({ now: () => clock, seed: false });
  });
  afterEach(async () => {
    expect(mock.violations).toEqual([]);
    await mock.close();
  });

  it('caches one account token (one request in flight) and acts for a user via user_id', async () => {
    const oauth = new ZoomOAuth({
      oauthBaseUrl: mock.oauthBaseUrl,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      now: () => clock,
    });
    const s2s = new ZoomServerToServerAuth({ oauth, accountId: mock.accountId, now: () => clock });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => s2s.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(mock.stats.tokenRequests['account_credentials']).toBe(1);

    const seen: string[] = [];
    const client = new ZoomSchedulerClient({
      apiBaseUrl: mock.apiBaseUrl,
      fetch: async (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    const user = await client.as(s2s.forUser(mock.defaultUser.id)).listAvailability();
    expect(user.items).toEqual([]);
    expect(seen).toEqual([`${mock.apiBaseUrl}/scheduler/availability?user_id=${encodeURIComponent(mock.defaultUser.id)}`]);

    clock += 3600_000 - 59_000; // inside the 60 s margin
    const renewed = await s2s.getAccessToken();
    expect(renewed).not.toBe(tokens[0]);
    expect(mock.stats.tokenRequests['account_credentials']).toBe(2);
  });

  it('fetches a new account token after a 401 code 124', async () => {
    const oauth = new ZoomOAuth({
      oauthBaseUrl: mock.oauthBaseUrl,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      now: () => clock,
    });
    const s2s = new ZoomServerToServerAuth({ oauth, accountId: mock.accountId, now: () => clock });
    const api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(s2s.forUser(mock.defaultUser.id));
    await api.getUser();
    mock.expireAccessTokens();
    expect((await api.getUser()).display_name).toBe(mock.defaultUser.displayName);
    expect(mock.stats.tokenRequests['account_credentials']).toBe(2);
  });
});
