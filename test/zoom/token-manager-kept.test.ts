/** Kept tokens: a caller that read the row's version is served from memory; any other version reads the store. */
import { ZoomReconnectRequiredError, ZoomTokenManager, type ZoomTokenEndpoint } from '../../src/zoom';
import { MemoryTokenStore } from './support/memory-token-store';

const CONNECTION = 'slack-T1-U1';

describe('ZoomTokenManager kept tokens', () => {
  let clock: number;
  let store: MemoryTokenStore;
  let refreshes: number;
  const oauth: ZoomTokenEndpoint = {
    refresh: async () => {
      refreshes += 1;
      return {
        accessToken: `refreshed-${refreshes}`,
        refreshToken: `r-${refreshes}`,
        expiresAt: new Date(clock + 3_600_000),
        scopes: [],
        apiUrl: undefined,
      };
    },
    revoke: async () => undefined,
  };
  const loads = () => store.calls.filter((call) => call === 'loadTokens').length;

  beforeEach(() => {
    clock = Date.parse('2026-03-02T15:00:00Z');
    refreshes = 0;
    store = new MemoryTokenStore(() => clock);
    store.seed(CONNECTION, { accessToken: 'first', refreshToken: 'r-0', expiresAt: new Date(clock + 3_600_000) });
  });

  it('reads and decrypts once for a known version, then serves that version from memory', async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    const auth = tokens.authFor(CONNECTION, undefined, 1);
    expect(await auth.getAccessToken()).toBe('first');
    expect(await auth.getAccessToken()).toBe('first');
    expect(await tokens.authFor(CONNECTION, undefined, 1).getAccessToken()).toBe('first');
    expect(loads()).toBe(1);
  });

  it('a caller without a version, or with another one, reads the store', async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    await tokens.authFor(CONNECTION, undefined, 1).getAccessToken();
    expect(await tokens.authFor(CONNECTION).getAccessToken()).toBe('first');
    expect(loads()).toBe(2);
    // Another process refreshed (or the user reconnected): the row moved on.
    Object.assign(store.row(CONNECTION), { accessToken: 'second', version: 2 });
    expect(await tokens.authFor(CONNECTION, undefined, 2).getAccessToken()).toBe('second');
    expect(await tokens.authFor(CONNECTION, undefined, 2).getAccessToken()).toBe('second');
    expect(loads()).toBe(3);
  });

  it('a kept token about to expire is refreshed, and the refreshed version is kept', async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    await tokens.authFor(CONNECTION, undefined, 1).getAccessToken();
    clock += 3_600_000 - 30_000;
    expect(await tokens.authFor(CONNECTION, undefined, 1).getAccessToken()).toBe('refreshed-1');
    const loadsAfterRefresh = loads();
    expect(await tokens.authFor(CONNECTION, undefined, 2).getAccessToken()).toBe('refreshed-1');
    expect(loads()).toBe(loadsAfterRefresh);
    expect(refreshes).toBe(1);
  });

  it('disconnect and a dead grant drop the kept tokens', async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    await tokens.authFor(CONNECTION, undefined, 1).getAccessToken();
    await tokens.revoke(CONNECTION);
    await expect(tokens.authFor(CONNECTION, undefined, 1).getAccessToken()).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
  });
});
