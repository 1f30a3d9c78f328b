import { createHash } from 'node:crypto';
import { describeEachProvider } from './databases';

describeEachProvider('oauth states', (db) => {
  let now: Date;
  const openStore = () => db().openStore({ now: () => now });
  beforeEach(() => {
    now = new Date('2026-05-01T08:00:00Z');
  });

  test('a state is random, stored only as its hash, and consumed once', async () => {
    const store = openStore();
    const state = await store.createOAuthState({ teamId: 'T1', slackUserId: 'U1', codeVerifier: 'verifier-1', ttlMs: 600_000 });
    const other = await store.createOAuthState({ teamId: 'T1', slackUserId: 'U1', codeVerifier: 'verifier-1', ttlMs: 600_000 });
    expect(state).toMatch(/^[\w-]{43}$/);
    expect(other).not.toBe(state);

    const stored = await db().openStore().consumeOAuthState(createHash('sha256').update(state).digest('base64url'));
    expect(stored).toEqual({ ok: false, reason: 'unknown' });

    expect(await store.consumeOAuthState(state)).toEqual({ ok: true, teamId: 'T1', slackUserId: 'U1', codeVerifier: 'verifier-1' });
    expect(await store.consumeOAuthState(state)).toEqual({ ok: false, reason: 'used' });
  });

  test('unknown and expired states are refused', async () => {
    const store = openStore();
    expect(await store.consumeOAuthState('never-issued')).toEqual({ ok: false, reason: 'unknown' });

    const state = await store.createOAuthState({ teamId: 'T1', slackUserId: 'U2', codeVerifier: 'v', ttlMs: 60_000 });
    now = new Date(now.getTime() + 60_000);
    expect(await store.consumeOAuthState(state)).toEqual({ ok: false, reason: 'expired' });
  });

  test('two concurrent callbacks with one state: exactly one gets the grant', async () => {
    const store = openStore();
    const state = await store.createOAuthState({ teamId: 'T1', slackUserId: 'U3', codeVerifier: 'v3', ttlMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 8 }, () => store.consumeOAuthState(state)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === 'used')).toHaveLength(7);
  });

  test('pruning removes states that expired before the cutoff', async () => {
    const store = openStore();
    const old = await store.createOAuthState({ teamId: 'T9', slackUserId: 'U9', codeVerifier: 'v', ttlMs: 1_000 });
    const fresh = await store.createOAuthState({ teamId: 'T9', slackUserId: 'U9', codeVerifier: 'v', ttlMs: 3_600_000 });
    expect(await store.pruneOAuthStates(new Date(now.getTime() + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await store.consumeOAuthState(old)).toEqual({ ok: false, reason: 'unknown' });
    expect(await store.consumeOAuthState(fresh)).toMatchObject({ ok: true, slackUserId: 'U9' });
  });
});
