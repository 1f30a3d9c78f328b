/** A command's Zoom access reads the user's connection row once: the row brings its tokens, none is read again. */
import { ZoomAccounts } from '../../src/core/zoom-accounts';
import type { Store } from '../../src/store';
import { ZoomTokenManager, type ZoomAuth, type ZoomOAuth, type ZoomSchedulerClient } from '../../src/zoom';
import { describeEachProvider } from '../store/databases';

const READS = new Set([
  'getZoomConnection',
  'getZoomConnectionWithTokens',
  'getZoomConnectionsWithTokens',
  'getSharedZoomConnection',
  'loadTokens',
]);

/** The store with its connection reads recorded, and a token manager on it that never refreshes. */
function observed(real: Store): { reads: string[]; store: Store; tokens: ZoomTokenManager } {
  const reads: string[] = [];
  const store = new Proxy(real, {
    get: (target, property, receiver) => {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (READS.has(String(property))) reads.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Store;
  const tokens = new ZoomTokenManager({
    oauth: { refresh: () => Promise.reject(new Error('no refresh')), revoke: async () => undefined },
    store,
  });
  return { reads, store, tokens };
}

describeEachProvider('ZoomAccounts.access reads', (db) => {
  it("reads the connection once per command, its tokens included, and serves a kept version's token", async () => {
    const real = db().openStore();
    const { reads, store, tokens } = observed(real);
    // The API handed out only shows which token its calls would carry.
    const client = { as: (auth: ZoomAuth) => ({ token: () => auth.getAccessToken() }) } as unknown as ZoomSchedulerClient;
    const accounts = new ZoomAccounts({ store, client, oauth: {} as ZoomOAuth, tokens });
    await real.saveZoomConnection({
      kind: 'user',
      teamId: 'T0READS',
      slackUserId: 'U0READS',
      zoomUserId: 'zoom-reads',
      accessToken: 'access-reads',
      refreshToken: 'refresh-reads',
      expiresAt: new Date(Date.now() + 3_600_000),
      scopes: [],
    });

    for (const command of [1, 2]) {
      const api = (await accounts.access('T0READS', 'U0READS')).api as unknown as { token(): Promise<string> };
      expect(await Promise.all([api.token(), api.token(), api.token()])).toEqual(['access-reads', 'access-reads', 'access-reads']);
      expect(reads).toHaveLength(command);
    }
    expect(new Set(reads)).toEqual(new Set(['getZoomConnectionWithTokens']));
  });

  it('several users of one workspace in one read: each access as access() gives it; one needing a reconnect is left to access()', async () => {
    const real = db().openStore();
    const { reads, store, tokens } = observed(real);
    const client = { as: (auth: ZoomAuth) => ({ token: () => auth.getAccessToken() }) } as unknown as ZoomSchedulerClient;
    const accounts = new ZoomAccounts({ store, client, oauth: {} as ZoomOAuth, tokens });
    const users = ['U0MANY1', 'U0MANY2', 'U0DEAD'];
    const ids = new Map<string, string>();
    for (const user of users) {
      const saved = await real.saveZoomConnection({
        kind: 'user',
        teamId: 'T0MANY',
        slackUserId: user,
        zoomUserId: `zoom-${user}`,
        accessToken: `access-${user}`,
        refreshToken: `refresh-${user}`,
        expiresAt: new Date(Date.now() + 3_600_000),
        scopes: [],
      });
      ids.set(user, saved.id);
    }
    await real.markNeedsReconnect(ids.get('U0DEAD')!, 'invalid_grant');

    const many = await accounts.accessMany('T0MANY', [...users, 'U0NOBODY'], { background: true });
    expect(reads).toEqual(['getZoomConnectionsWithTokens']);
    expect([...many.keys()]).toEqual(expect.arrayContaining(['U0MANY1', 'U0MANY2']));
    expect(many.size).toBe(2);
    for (const user of ['U0MANY1', 'U0MANY2']) {
      const access = many.get(user)!;
      const alone = await accounts.access('T0MANY', user, { background: true });
      expect({ ...access, api: undefined }).toEqual({ ...alone, api: undefined });
      expect(await (access.api as unknown as { token(): Promise<string> }).token()).toBe(`access-${user}`);
    }
    await expect(accounts.access('T0MANY', 'U0DEAD')).rejects.toMatchObject({ name: 'ZoomReconnectRequiredError' });
  });
});
