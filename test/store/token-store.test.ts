import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Store } from '../../src/store';
import { describeWithPostgres, createTestDatabase, type TestDatabase } from '../support/postgres';
import { applyMigrations, createStore } from '../../src/store';
import { describeEachProvider, TEST_KEY } from './databases';

const initial = {
  kind: 'user' as const,
  teamId: 'T0TOK',
  slackUserId: 'U0TOK',
  zoomUserId: 'zoom-tok',
  accessToken: 'access-0',
  refreshToken: 'refresh-0',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  scopes: ['scheduler:read', 'scheduler:write'],
};

const next = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresAt: new Date(Date.UTC(2030, 0, 1 + n)),
  scopes: ['scheduler:read'],
});

describeEachProvider('zoom token store', (db) => {
  let now: Date;
  let store: Store;
  beforeEach(() => {
    now = new Date('2026-03-01T12:00:00Z');
    store = db().openStore({ now: () => now });
  });

  test("a user's connection read with its tokens gives the same tokens as loadTokens, and the same public record", async () => {
    const { id, version } = await store.saveZoomConnection({ ...initial, slackUserId: 'U0WITH' });
    expect(await store.tryAcquireRefreshLease(id, version, 'me', 30_000)).toBe(true);
    const found = await store.getZoomConnectionWithTokens(initial.teamId, 'U0WITH');
    expect(found?.connection).toEqual(await store.getZoomConnection(initial.teamId, 'U0WITH'));
    expect(found?.tokens()).toEqual(await store.loadTokens(id));
    expect(await store.getZoomConnectionWithTokens(initial.teamId, 'U0NOBODY')).toBeNull();
  });

  test("several users' connections read at once: each as read on its own, tokens included; another workspace's are not among them", async () => {
    for (const user of ['U0MANY1', 'U0MANY2'])
      await store.saveZoomConnection({ ...initial, slackUserId: user, zoomUserId: `zoom-${user}` });
    await store.saveZoomConnection({ ...initial, teamId: 'T0OTHER', slackUserId: 'U0MANY3' });
    const found = await store.getZoomConnectionsWithTokens(initial.teamId, ['U0MANY1', 'U0MANY2', 'U0MANY3', 'U0NOBODY']);
    expect([...found.keys()].sort()).toEqual(['U0MANY1', 'U0MANY2']);
    for (const user of ['U0MANY1', 'U0MANY2']) {
      const alone = await store.getZoomConnectionWithTokens(initial.teamId, user);
      expect(found.get(user)?.connection).toEqual(alone?.connection);
      expect(found.get(user)?.tokens()).toEqual(alone?.tokens());
    }
    expect(await store.getZoomConnectionsWithTokens(initial.teamId, [])).toEqual(new Map());
  });

  test('compare-and-swap succeeds at the expected version only, bumping the version and clearing the lease', async () => {
    const { id, version } = await store.saveZoomConnection({ ...initial, slackUserId: 'U0CAS' });
    expect(await store.tryAcquireRefreshLease(id, version, 'me', 30_000)).toBe(true);

    expect(await store.compareAndSwapTokens(id, version + 1, next(1))).toBe(false);
    expect(await store.compareAndSwapTokens(id, version, next(1))).toBe(true);
    expect(await store.compareAndSwapTokens(id, version, next(2))).toBe(false);

    expect(await store.loadTokens(id)).toEqual({
      connectionId: id,
      ...next(1),
      version: version + 1,
      needsReconnect: false,
      refreshLeaseUntil: null,
    });
  });

  test('many concurrent swaps from one version: exactly one wins and its tokens are stored', async () => {
    const { id, version } = await store.saveZoomConnection({ ...initial, slackUserId: 'U0MANY' });
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => store.compareAndSwapTokens(id, version, next(i))));

    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = outcomes.indexOf(true);
    const stored = await store.loadTokens(id);
    expect(stored?.refreshToken).toBe(`refresh-${winner}`);
    expect(stored?.version).toBe(version + 1);
  });

  test('the refresh lease: one holder at a time, stale after its time, released only by its owner', async () => {
    const { id, version } = await store.saveZoomConnection({ ...initial, slackUserId: 'U0LEASE' });

    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => store.tryAcquireRefreshLease(id, version, owner, 30_000)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect((await store.loadTokens(id))?.refreshLeaseUntil).toEqual(new Date(now.getTime() + 30_000));

    now = new Date(now.getTime() + 29_000);
    expect(await store.tryAcquireRefreshLease(id, version, 'late', 30_000)).toBe(false);
    now = new Date(now.getTime() + 1_000);
    expect(await store.tryAcquireRefreshLease(id, version, 'late', 30_000)).toBe(true);

    await store.releaseRefreshLease(id, 'someone-else');
    expect(await store.tryAcquireRefreshLease(id, version, 'other', 30_000)).toBe(false);
    await store.releaseRefreshLease(id, 'late');
    expect((await store.loadTokens(id))?.refreshLeaseUntil).toBeNull();
    expect(await store.tryAcquireRefreshLease(id, version + 1, 'stale-version', 30_000)).toBe(false);
    expect(await store.tryAcquireRefreshLease(id, version, 'other', 30_000)).toBe(true);
  });

  test('needs reconnect, and a reconnect clears it and bumps the version', async () => {
    const { id, version } = await store.saveZoomConnection({ ...initial, slackUserId: 'U0RECON' });
    await store.markNeedsReconnect(id, 'invalid_grant');
    expect(await store.getConnectionById(id)).toMatchObject({ needsReconnect: true, reconnectReason: 'invalid_grant', version });

    const reconnected = await store.saveZoomConnection({ ...initial, slackUserId: 'U0RECON', refreshToken: 'refresh-new' });
    expect(reconnected).toMatchObject({ id, needsReconnect: false, reconnectReason: null, version: version + 1 });
    expect(await store.compareAndSwapTokens(id, version, next(9))).toBe(false);
    expect((await store.loadTokens(id))?.refreshToken).toBe('refresh-new');
  });

  test('unknown connections', async () => {
    expect(await store.loadTokens('missing')).toBeNull();
    expect(await store.compareAndSwapTokens('missing', 0, next(1))).toBe(false);
    expect(await store.tryAcquireRefreshLease('missing', 0, 'x', 1000)).toBe(false);
  });
});

/** Forks a worker process that opens its own store (see fixtures/token-worker.js). */
function startWorker(databaseUrl: string) {
  const child: ChildProcess = fork(path.join(__dirname, 'fixtures', 'token-worker.js'), [], { execArgv: [], stdio: 'inherit' });
  const nextMessage = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ${type}`)));
    });
  const ready = nextMessage('ready');
  child.send({ type: 'open', databaseUrl, encryptionKey: TEST_KEY });
  return {
    pid: child.pid,
    ready,
    race(race: { op: 'cas' | 'lease'; connectionId: string; expectedVersion: number; attempts: number; label: string }) {
      const result = nextMessage<{ outcomes: boolean[] }>('result');
      child.send({ type: 'race', ...race });
      return result.then((message) => message.outcomes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

describeWithPostgres('zoom token store across processes [postgresql]', () => {
  let database: TestDatabase;
  let store: Store;
  let workers: Array<ReturnType<typeof startWorker>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await applyMigrations(database.url);
    store = createStore({ databaseUrl: database.url, encryptionKey: TEST_KEY });
    workers = [startWorker(database.url), startWorker(database.url)];
    await Promise.all(workers.map((worker) => worker.ready));
  }, 60_000);

  afterAll(async () => {
    await Promise.all((workers ?? []).map((worker) => worker.close()));
    await store?.close();
    await database?.drop();
  });

  test('two OS processes swap the same version at once: exactly one swap wins, its tokens stick', async () => {
    expect(new Set(workers.map((worker) => worker.pid)).size).toBe(2);
    const { id, version } = await store.saveZoomConnection(initial);

    const [first, second] = await Promise.all(
      workers.map((worker, n) => worker.race({ op: 'cas', connectionId: id, expectedVersion: version, attempts: 10, label: `p${n}` })),
    );
    const wins = [
      ...(first ?? []).map((won, i) => (won ? `p0-${i}` : null)),
      ...(second ?? []).map((won, i) => (won ? `p1-${i}` : null)),
    ].filter((label): label is string => label !== null);
    expect(wins).toHaveLength(1);

    const stored = await store.loadTokens(id);
    expect(stored?.refreshToken).toBe(`refresh-${wins[0]}`);
    expect(stored?.accessToken).toBe(`access-${wins[0]}`);
    expect(stored?.version).toBe(version + 1);
  });

  test('two OS processes take the refresh lease at once: exactly one holds it', async () => {
    const { id, version } = await store.saveZoomConnection({ ...initial, slackUserId: 'U0LEASE2' });
    const outcomes = await Promise.all(
      workers.map((worker, n) => worker.race({ op: 'lease', connectionId: id, expectedVersion: version, attempts: 10, label: `p${n}` })),
    );
    expect(outcomes.flat().filter(Boolean)).toHaveLength(1);
    expect((await store.loadTokens(id))?.refreshLeaseUntil).toBeInstanceOf(Date);
  });
});
