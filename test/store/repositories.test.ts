import type { Installation } from '@slack/bolt';
import { createStore, SCHEDULER_REFUSED_REASON } from '../../src/store';
import { describeEachProvider, TEST_KEY } from './databases';

const workspaceInstall = (teamId: string, botToken: string) =>
  ({
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: 'U0INSTALLER' },
    bot: { token: botToken, scopes: ['commands', 'chat:write'], id: 'B1', userId: 'UBOT' },
    isEnterpriseInstall: false,
    appId: 'A1',
    tokenType: 'bot',
  }) as Installation<'v2', false>;

const orgInstall = {
  team: undefined,
  enterprise: { id: 'E1', name: 'Grid' },
  user: { token: undefined, scopes: undefined, id: 'U0ADMIN' },
  bot: { token: 'xoxb-org', scopes: ['commands'], id: 'B2', userId: 'UBOT2' },
  isEnterpriseInstall: true,
  tokenType: 'bot',
} as Installation<'v2', true>;

const connection = (teamId: string, slackUserId: string, zoomUserId: string) => ({
  kind: 'user' as const,
  teamId,
  slackUserId,
  zoomUserId,
  zoomAccountId: 'acct-1',
  displayName: 'Ada Lovelace',
  email: 'ada@example.com',
  accessToken: 'access',
  refreshToken: 'refresh',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  scopes: ['scheduler:read', 'scheduler:write'],
});

describeEachProvider('store repositories', (db) => {
  test('installations: upsert per workspace, org-wide installs by enterprise, delete', async () => {
    const store = db().openStore();
    await store.saveInstallation(workspaceInstall('TI1', 'xoxb-1'));
    await store.saveInstallation(workspaceInstall('TI1', 'xoxb-2'));
    await store.saveInstallation(orgInstall);

    expect((await store.findInstallation({ teamId: 'TI1', isEnterpriseInstall: false }))?.bot?.token).toBe('xoxb-2');
    expect(await store.findInstallation({ teamId: 'TI2', isEnterpriseInstall: false })).toBeNull();
    expect(await store.findInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true })).toEqual(orgInstall);
    await expect(store.findInstallation({ isEnterpriseInstall: true })).rejects.toThrow('enterprise id');

    await store.deleteInstallation({ enterpriseId: 'E1', isEnterpriseInstall: true });
    expect(await store.findInstallation({ enterpriseId: 'E1', isEnterpriseInstall: true })).toBeNull();
  });

  test('slack users: time zone with the time it was read, notification channel', async () => {
    const now = new Date('2026-02-02T10:00:00Z');
    const store = db().openStore({ now: () => now });
    expect(await store.upsertSlackUser({ teamId: 'TU', slackUserId: 'U1' })).toEqual({
      teamId: 'TU',
      slackUserId: 'U1',
      tz: null,
      tzReadAt: null,
      notifyChannelId: null,
      noShowPrompts: true,
    });
    await store.upsertSlackUser({ teamId: 'TU', slackUserId: 'U1', tz: 'Asia/Tokyo' });
    await store.setNotifyChannel('TU', 'U1', 'C42');
    expect(await store.getSlackUser('TU', 'U1')).toEqual({
      teamId: 'TU',
      slackUserId: 'U1',
      tz: 'Asia/Tokyo',
      tzReadAt: now,
      notifyChannelId: 'C42',
      noShowPrompts: true,
    });
    await store.upsertSlackUser({ teamId: 'TU', slackUserId: 'U1' });
    await store.setNotifyChannel('TU', 'U1', null);
    expect(await store.getSlackUser('TU', 'U1')).toMatchObject({ tz: 'Asia/Tokyo', notifyChannelId: null });
    expect(await store.getSlackUser('TU', 'nobody')).toBeNull();
  });

  test('notify routes and the no-show setting', async () => {
    const store = db().openStore();
    await store.setNotifyRoute('TR', 'U1', { scheduleId: 's1', scheduleTitle: 'Intro', channelId: 'C1' });
    await store.setNotifyRoute('TR', 'U1', { scheduleId: 's1', scheduleTitle: 'Intro call', channelId: 'C2' });
    expect(await store.listNotifyRoutes('TR', 'U1')).toEqual([{ scheduleId: 's1', scheduleTitle: 'Intro call', channelId: 'C2' }]);
    expect(await store.removeNotifyRoute('TR', 'U1', 's1')).toBe(true);
    expect(await store.removeNotifyRoute('TR', 'U1', 's1')).toBe(false);
    expect(await store.noShowPromptsEnabled('TR', 'U1')).toBe(true);
    await store.setNoShowPrompts('TR', 'U1', false);
    expect(await store.noShowPromptsEnabled('TR', 'U1')).toBe(false);
  });

  test('zoom connections: one per Slack user plus one shared, public fields only, found by Zoom user', async () => {
    const store = db().openStore();
    const saved = await store.saveZoomConnection(connection('TC', 'U1', 'zoom-1'));
    expect(saved).toEqual({
      id: expect.any(String),
      kind: 'user',
      teamId: 'TC',
      slackUserId: 'U1',
      zoomUserId: 'zoom-1',
      zoomAccountId: 'acct-1',
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
      scopes: ['scheduler:read', 'scheduler:write'],
      version: 0,
      needsReconnect: false,
      reconnectReason: null,
      schedulerRefusedAt: null,
      // Zoom just granted the tokens: that verifies the connection.
      lastVerifiedAt: expect.any(Date),
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(await store.getZoomConnection('TC', 'U1')).toEqual(saved);
    expect(await store.getConnectionById(saved.id)).toEqual(saved);

    // A Scheduler refusal makes the connection one to tell its owner about, from the first refusal, until a success.
    const refusedAt = new Date('2030-01-02T00:00:00Z');
    await store.markSchedulerRefused(saved.id, refusedAt);
    await store.markSchedulerRefused(saved.id, new Date('2030-01-03T00:00:00Z'));
    expect((await store.getConnectionById(saved.id))?.schedulerRefusedAt).toEqual(refusedAt);
    expect(await store.listDeadConnectionsWithoutAlert()).toEqual([
      { connectionId: saved.id, teamId: 'TC', slackUserId: 'U1', reason: SCHEDULER_REFUSED_REASON },
    ]);
    await store.clearSchedulerRefusal(saved.id, new Date('2030-01-04T00:00:00Z'));
    expect((await store.getConnectionById(saved.id))?.schedulerRefusedAt).toBeNull();
    expect(await store.listDeadConnectionsWithoutAlert()).toEqual([]);

    const { teamId: _t, slackUserId: _s, ...sharedFields } = connection('', '', 'zoom-1');
    const shared = await store.saveZoomConnection({ ...sharedFields, kind: 'shared' });
    expect(shared).toMatchObject({ kind: 'shared', teamId: null, slackUserId: null });
    expect((await store.getSharedZoomConnection())?.id).toBe(shared.id);
    expect((await store.findConnectionsByZoomUserId('zoom-1')).map((c) => c.id).sort()).toEqual([saved.id, shared.id].sort());

    expect(await store.deleteZoomConnection({ kind: 'user', teamId: 'TC', slackUserId: 'U1' })).toBe(true);
    expect(await store.deleteZoomConnection({ kind: 'user', teamId: 'TC', slackUserId: 'U1' })).toBe(false);
    expect(await store.getZoomConnection('TC', 'U1')).toBeNull();
  });

  test('zoom connections verified together: one write for many ids, each row held to the interval', async () => {
    const connectedAt = new Date('2030-01-01T00:00:00Z');
    const hour = 60 * 60 * 1000;
    const statements: string[] = [];
    const store = db().openStore({ now: () => connectedAt, onQuery: (query) => statements.push(`${query.model}.${query.operation}`) });
    const [stale, fresh, last] = await Promise.all(
      ['UV1', 'UV2', 'UV3'].map((user) => store.saveZoomConnection(connection('TV', user, `zoom-${user}`))),
    );
    const at = new Date(connectedAt.getTime() + 2 * hour);
    // Another process verified `fresh` within the hour.
    await store.markSchedulerRefused(fresh!.id, at);
    await store.clearSchedulerRefusal(fresh!.id, new Date(at.getTime() - 60_000));
    // More ids than one statement binds: the real ones first, in the middle and last.
    const ids = Array.from({ length: 1100 }, (_, i) => `missing-${i}`);
    ids[0] = stale!.id;
    ids[600] = fresh!.id;
    ids[1099] = last!.id;

    statements.length = 0;
    expect(await store.markZoomConnectionsVerified(ids, at, hour)).toBe(2);
    expect(statements.filter((statement) => statement === 'ZoomConnection.updateMany').length).toBe(3);
    expect((await store.getConnectionById(stale!.id))?.lastVerifiedAt).toEqual(at);
    expect((await store.getConnectionById(fresh!.id))?.lastVerifiedAt).toEqual(new Date(at.getTime() - 60_000));
    expect((await store.getConnectionById(last!.id))?.lastVerifiedAt).toEqual(at);
    expect(await store.markZoomConnectionsVerified([], at, hour)).toBe(0);
  });

  test('booking notifications: saved per event, found, cancelled once', async () => {
    const store = db().openStore();
    await store.saveBookingNotification({ zoomEventId: 'ev1', zoomUserId: 'zoom-n', teamId: 'TN', channelId: 'C1', messageTs: '1.1' });
    expect(await store.findBookingNotification('ev1')).toEqual({
      zoomEventId: 'ev1',
      zoomUserId: 'zoom-n',
      teamId: 'TN',
      channelId: 'C1',
      messageTs: '1.1',
      status: 'scheduled',
      updatedAt: expect.any(Date),
    });
    expect(await store.findBookingNotification('ev1', 'someone-else')).toBeNull();
    expect(await store.markBookingCancelled('ev1')).toBe(true);
    expect(await store.markBookingCancelled('ev1')).toBe(false);
    expect((await store.findBookingNotification('ev1', 'zoom-n'))?.status).toBe('cancelled');
    expect(await store.findBookingNotification('missing')).toBeNull();
  });

  test('app_uninstalled deletes everything of the workspace and nothing of others', async () => {
    const store = db().openStore();
    for (const team of ['TW', 'TKEEP']) {
      await store.saveInstallation(workspaceInstall(team, `xoxb-${team}`));
      await store.upsertSlackUser({ teamId: team, slackUserId: 'U1' });
      await store.saveZoomConnection(connection(team, 'U1', `zoom-${team}`));
      await store.upsertDigestSubscription({ teamId: team, slackUserId: 'U1', localTime: '09:00', timeZone: 'UTC', channelId: null });
      await store.saveBookingNotification({
        zoomEventId: `ev-${team}`,
        zoomUserId: `zoom-${team}`,
        teamId: team,
        channelId: 'C',
        messageTs: '1',
      });
    }
    await store.deleteWorkspaceData('TW');

    expect(await store.findInstallation({ teamId: 'TW', isEnterpriseInstall: false })).toBeNull();
    expect(await store.getSlackUser('TW', 'U1')).toBeNull();
    expect(await store.getZoomConnection('TW', 'U1')).toBeNull();
    expect(await store.getDigestSubscription('TW', 'U1')).toBeNull();
    expect(await store.findBookingNotification('ev-TW')).toBeNull();

    expect(await store.findInstallation({ teamId: 'TKEEP', isEnterpriseInstall: false })).not.toBeNull();
    expect(await store.getSlackUser('TKEEP', 'U1')).not.toBeNull();
    expect(await store.getZoomConnection('TKEEP', 'U1')).not.toBeNull();
    expect(await store.getDigestSubscription('TKEEP', 'U1')).not.toBeNull();
    expect(await store.findBookingNotification('ev-TKEEP')).not.toBeNull();
  });

  test('app_deauthorized deletes the Zoom user’s tokens, digests and notifications only', async () => {
    const store = db().openStore();
    await store.saveZoomConnection(connection('TD', 'U1', 'zoom-gone'));
    await store.saveZoomConnection(connection('TD', 'U2', 'zoom-stays'));
    for (const user of ['U1', 'U2']) {
      await store.upsertDigestSubscription({ teamId: 'TD', slackUserId: user, localTime: '08:00', timeZone: 'UTC', channelId: null });
    }
    const { id: subscriptionId } = (await store.getDigestSubscription('TD', 'U1'))!;
    await store.claimDigestDelivery(subscriptionId, '2026-01-01');
    await store.saveBookingNotification({ zoomEventId: 'ev-gone', zoomUserId: 'zoom-gone', teamId: 'TD', channelId: 'C', messageTs: '1' });
    await store.saveBookingNotification({
      zoomEventId: 'ev-stays',
      zoomUserId: 'zoom-stays',
      teamId: 'TD',
      channelId: 'C',
      messageTs: '2',
    });

    await store.deleteZoomUserData('zoom-gone');

    expect(await store.findConnectionsByZoomUserId('zoom-gone')).toEqual([]);
    expect(await store.getDigestSubscription('TD', 'U1')).toBeNull();
    expect(await store.getDigestDelivery(subscriptionId, '2026-01-01')).toBeNull();
    expect(await store.findBookingNotification('ev-gone')).toBeNull();
    expect(await store.getZoomConnection('TD', 'U2')).not.toBeNull();
    expect(await store.getDigestSubscription('TD', 'U2')).not.toBeNull();
    expect(await store.findBookingNotification('ev-stays')).not.toBeNull();
  });

  test('ping answers true while the database answers', async () => {
    const store = db().openStore();
    expect(store.provider).toBe(db().provider);
    expect(await store.ping()).toBe(true);
  });
});

describe('store health', () => {
  test('ping is false, fast and without throwing, when PostgreSQL is unreachable', async () => {
    const store = createStore({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none', encryptionKey: TEST_KEY });
    const startedAt = Date.now();
    expect(await store.ping()).toBe(false);
    expect(Date.now() - startedAt).toBeLessThan(2500);
    await store.close();
  });

  test('an unsupported DATABASE_URL is refused with the expected form', () => {
    expect(() => createStore({ databaseUrl: 'mysql://x', encryptionKey: TEST_KEY })).toThrow('file:<path> (SQLite) or postgresql://');
  });
});
