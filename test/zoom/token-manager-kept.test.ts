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

  it('a one-off use (keep: false) is served from the tokens read with its row, and leaves nothing kept', async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    const stored = () => ({ ...store.row(CONNECTION) });
    const once = tokens.authFor(CONNECTION, undefined, 1, stored, { keep: false });
    expect(await once.getAccessToken()).toBe('first');
    expect(loads()).toBe(0);
    // Nothing was kept: the next caller of that version reads the store; one that keeps is then served from memory.
    expect(await tokens.authFor(CONNECTION, undefined, 1).getAccessToken()).toBe('first');
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

  it("the tokens read with the caller's row serve its first call without a store read, and are then kept", async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    const row = { ...store.row(CONNECTION), accessToken: 'read-with-the-row', connectionId: CONNECTION };
    let decrypted = 0;
    const stored = () => (decrypted++, row);
    const auth = tokens.authFor(CONNECTION, undefined, 1, stored);
    expect(await Promise.all([auth.getAccessToken(), auth.getAccessToken()])).toEqual(['read-with-the-row', 'read-with-the-row']);
    expect(await tokens.authFor(CONNECTION, undefined, 1, stored).getAccessToken()).toBe('read-with-the-row');
    expect(loads()).toBe(0);
    expect(decrypted).toBe(1);
  });

  it("a newer kept version wins over an older row's tokens, and a row marked for reconnect is refused", async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    const oldRow = { ...store.row(CONNECTION), connectionId: CONNECTION };
    Object.assign(store.row(CONNECTION), { accessToken: 'second', version: 2 });
    expect(await tokens.authFor(CONNECTION, undefined, 2).getAccessToken()).toBe('second');
    expect(await tokens.authFor(CONNECTION, undefined, 1, () => oldRow).getAccessToken()).toBe('second');
    const dead = new ZoomTokenManager({ oauth, store, now: () => clock });
    const marked = { ...oldRow, version: 3, needsReconnect: true };
    await expect(dead.authFor(CONNECTION, undefined, 3, () => marked).getAccessToken()).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
  });

  it('disconnect and a dead grant drop the kept tokens', async () => {
    const tokens = new ZoomTokenManager({ oauth, store, now: () => clock });
    await tokens.authFor(CONNECTION, undefined, 1).getAccessToken();
    await tokens.revoke(CONNECTION);
    await expect(tokens.authFor(CONNECTION, undefined, 1).getAccessToken()).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
  });
});
