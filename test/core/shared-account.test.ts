/**
 * The shared Zoom account (ZOOM_REFRESH_TOKEN + ZOOM_USER_ID): seeded once from the environment, after which
 * the database's rotated token wins, across restarts and concurrent start-ups.
 */
import { randomBytes } from 'node:crypto';
import { buttonUrl, startLocalStack } from '../../dev/local-stack';
import { createLogger } from '../../src/logger';
import { seedSharedAccount, sharedAccountSeed, sharedAccountSeeding } from '../../src/core/shared-account';
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { describeEachProvider } from '../store/databases';
import { createTempDir } from '../support/temp-dir';

const logger = createLogger({ level: 'silent' });

describe('the seeding policy', () => {
  it('creates a missing row, keeps a live or same-token row, and reseeds a refused row from a different token', () => {
    const envRefreshToken = 'env-token-1';
    expect(sharedAccountSeeding(null, envRefreshToken)).toBe('create');
    // After a restart the database wins: the environment's token is spent.
    expect(sharedAccountSeeding({ needsReconnect: false, refreshToken: envRefreshToken }, envRefreshToken)).toBe('keep');
    expect(sharedAccountSeeding({ needsReconnect: true, refreshToken: envRefreshToken }, envRefreshToken)).toBe('keep');
    expect(sharedAccountSeeding({ needsReconnect: true, refreshToken: envRefreshToken }, 'operator-supplied-new-token')).toBe('reseed');
  });

  it('seeds with an expired, empty access token so the first use refreshes and rotates', () => {
    expect(sharedAccountSeed('env-token-1')).toEqual({ accessToken: '', refreshToken: 'env-token-1', expiresAt: new Date(0), scopes: [] });
  });
});

describeEachProvider('seedSharedAccount', (db) => {
  it('creates the row once, keeps a live row, and replaces a refused row only with a different token', async () => {
    const store = db().openStore();
    expect(await seedSharedAccount({ store, logger }, undefined)).toBeUndefined();
    expect(await store.getSharedZoomConnection()).toBeNull();

    const shared = { refreshToken: 'env-token-1', userId: 'zoomUserShared' };
    expect(await seedSharedAccount({ store, logger }, shared)).toBe('created');
    const row = (await store.getSharedZoomConnection())!;
    expect(row).toMatchObject({ kind: 'shared', teamId: null, slackUserId: null, zoomUserId: 'zoomUserShared', needsReconnect: false });
    expect(row.expiresAt.getTime()).toBe(0);
    expect((await store.loadTokens(row.id))?.refreshToken).toBe('env-token-1');

    // Zoom rotated the token on first use: the row now holds the only live one.
    expect(
      await store.compareAndSwapTokens(row.id, row.version, {
        accessToken: 'a2',
        refreshToken: 'rotated-2',
        expiresAt: new Date(Date.now() + 3600_000),
        scopes: [],
      }),
    ).toBe(true);
    expect(await seedSharedAccount({ store, logger }, shared)).toBe('kept');
    expect(await seedSharedAccount({ store, logger }, { ...shared, refreshToken: 'operator-new-token' })).toBe('kept');
    expect((await store.loadTokens(row.id))?.refreshToken).toBe('rotated-2');

    // Once Zoom refused the row's token, a different environment token starts it again; the same one does not.
    await store.markNeedsReconnect(row.id, 'refresh token rejected (invalid_grant)');
    expect(await seedSharedAccount({ store, logger }, { ...shared, refreshToken: 'operator-new-token' })).toBe('reseeded');
    const reseeded = (await store.getSharedZoomConnection())!;
    expect(reseeded).toMatchObject({ id: row.id, needsReconnect: false, reconnectReason: null });
    expect((await store.loadTokens(row.id))?.refreshToken).toBe('operator-new-token');
    await store.markNeedsReconnect(row.id, 'refresh token rejected (invalid_grant)');
    expect(await seedSharedAccount({ store, logger }, { ...shared, refreshToken: 'operator-new-token' })).toBe('kept');
    expect(await store.getSharedZoomConnection()).toMatchObject({ needsReconnect: true });
  });

  it('lets exactly one of several instances starting together create the row', async () => {
    const stores = [db().openStore(), db().openStore(), db().openStore()];
    await stores[0]!.deleteZoomConnection({ kind: 'shared' });
    const outcomes = await Promise.all(stores.map((store) => seedSharedAccount({ store, logger }, { refreshToken: 'env-x', userId: 'u' })));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'kept')).toHaveLength(2);
  });
});

describe('the shared account end to end', () => {
  let zoom: ZoomMock;
  const dir = createTempDir();
  afterAll(async () => {
    await zoom.close();
    dir.remove();
  });

  it('serves unconnected users, and a restart with the spent environment token still works', async () => {
    zoom = await startZoomMock({ host: '127.0.0.1' });
    const team = zoom.addUser({ displayName: 'Team Zoom', email: 'team@example.com', slug: 'team-zoom' });
    const seed = zoom.issueTokensFor(team.id);
    const options = {
      databaseUrl: `file:${dir.path}/app.db`,
      zoomMock: zoom,
      env: { ZOOM_REFRESH_TOKEN: seed.refresh_token, ZOOM_USER_ID: team.id, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    };

    const first = await startLocalStack(options);
    try {
      const { reply } = await first.command('U0ALICE', 'status');
      const text = JSON.stringify(reply.body.blocks);
      expect(text).toContain("You're using your team's shared Zoom account, *Team Zoom*.");
      expect(text).toContain('Its scheduling page: https://scheduler.zoom.us/team-zoom');
      expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toMatch(/\/oauth\/authorize\?/);
      expect(first.slack.violations).toEqual([]);
    } finally {
      await first.stop();
    }

    // The environment's token was rotated away on first use.
    const spent = await fetch(`${zoom.oauthBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${zoom.clientId}:${zoom.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: seed.refresh_token }).toString(),
    });
    expect(spent.status).toBe(400);

    const second = await startLocalStack(options);
    try {
      zoom.expireAccessTokens(); // the next call must refresh with the database's token
      const { reply } = await second.command('U0BOB', 'status');
      expect(JSON.stringify(reply.body.blocks)).toContain("You're using your team's shared Zoom account, *Team Zoom*.");
      expect(await second.app.store.getSharedZoomConnection()).toMatchObject({ zoomUserId: team.id, needsReconnect: false });
      expect(second.slack.violations).toEqual([]);
    } finally {
      await second.stop();
    }
    expect(zoom.violations).toEqual([]);
  });
});
