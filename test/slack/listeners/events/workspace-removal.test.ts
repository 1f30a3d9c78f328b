import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';

let stack: LocalStack;
beforeEach(async () => {
  stack = await startLocalStack();
});
afterEach(async () => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
  await stack.stop();
});

/** Gives U0ALICE a row in every table a workspace owns: Zoom connection, settings, digest, notification. */
async function seedWorkspaceRows(): Promise<void> {
  const { store } = stack.app;
  expect((await stack.connectZoom('U0ALICE')).status).toBe(200);
  await store.setNotifyChannel(stack.teamId, 'U0ALICE', 'C0SALES');
  await store.upsertDigestSubscription({
    teamId: stack.teamId,
    slackUserId: 'U0ALICE',
    localTime: '08:30',
    timeZone: 'America/New_York',
    channelId: null,
  });
  await store.saveBookingNotification({
    zoomEventId: 'ev1',
    zoomUserId: stack.zoom.defaultUser.id,
    teamId: stack.teamId,
    channelId: 'C0SALES',
    messageTs: '1.000001',
  });
}

async function workspaceRows() {
  const { store } = stack.app;
  return {
    connection: await store.getZoomConnection(stack.teamId, 'U0ALICE'),
    user: await store.getSlackUser(stack.teamId, 'U0ALICE'),
    digest: await store.getDigestSubscription(stack.teamId, 'U0ALICE'),
    notification: await store.findBookingNotification('ev1'),
  };
}

const EMPTY = { connection: null, user: null, digest: null, notification: null };

describe('Slack app_uninstalled and tokens_revoked', () => {
  it('app_uninstalled deletes the workspace rows; a second one is harmless', async () => {
    await seedWorkspaceRows();
    const before = await workspaceRows();
    expect(before.connection?.zoomUserId).toBe(stack.zoom.defaultUser.id);
    expect(before.user?.notifyChannelId).toBe('C0SALES');
    expect(before.digest?.localTime).toBe('08:30');
    expect(before.notification?.messageTs).toBe('1.000001');

    expect((await stack.event({ type: 'app_uninstalled' })).status).toBe(200);
    await stack.waitFor(async () => (await workspaceRows()).connection === null, 'the workspace data to be deleted');
    expect(await workspaceRows()).toEqual(EMPTY);

    expect((await stack.event({ type: 'app_uninstalled' })).status).toBe(200);
    expect(await workspaceRows()).toEqual(EMPTY);
  });

  it('tokens_revoked for user tokens only keeps everything; for the bot token deletes it', async () => {
    await seedWorkspaceRows();
    expect((await stack.event({ type: 'tokens_revoked', tokens: { oauth: ['U0ALICE'] } })).status).toBe(200);
    // Give the listener time to (not) act: the request is acked before listeners run.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const kept = await workspaceRows();
    expect(kept.connection?.zoomUserId).toBe(stack.zoom.defaultUser.id);
    expect(kept.digest?.localTime).toBe('08:30');

    expect((await stack.event({ type: 'tokens_revoked', tokens: { bot: ['U0FAKEBOT'] } })).status).toBe(200);
    await stack.waitFor(async () => (await workspaceRows()).connection === null, 'the workspace data to be deleted');
    expect(await workspaceRows()).toEqual(EMPTY);
  });
});

describe('uninstall revokes and respects re-installs', () => {
  it('revokes the workspace users\u2019 Zoom grants at Zoom', async () => {
    await seedWorkspaceRows();
    const connection = await stack.app.store.getZoomConnection(stack.teamId, 'U0ALICE');
    const tokens = await stack.app.store.loadTokens(connection!.id);
    const asUser = () =>
      fetch(`${stack.zoom.apiBaseUrl}/scheduler/users/me`, { headers: { authorization: `Bearer ${tokens!.accessToken}` } });
    expect((await asUser()).status).toBe(200);
    expect((await stack.event({ type: 'app_uninstalled' })).status).toBe(200);
    await stack.waitFor(async () => (await workspaceRows()).connection === null, 'the workspace data to be deleted');
    // The grant is dead at Zoom: its access token no longer works.
    await stack.waitFor(async () => (await asUser()).status === 401, 'the revoked access token to be refused');
  });

  it('keeps the data when the uninstall event predates the stored installation', async () => {
    await seedWorkspaceRows();
    await stack.app.store.saveInstallation({
      team: { id: stack.teamId, name: 'Fakeworks' },
      enterprise: undefined,
      user: { id: 'U0ALICE', token: undefined, scopes: undefined },
      bot: { token: 'xoxb-reinstalled', scopes: ['commands'], id: 'B0FAKEBOT', userId: 'U0FAKEBOT' },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      appId: 'A0FAKEAPP',
      authVersion: 'v2',
    });
    const { eventCallbackBody } = await import('../../../../dev/slack-signing');
    const late = JSON.parse(eventCallbackBody({ teamId: stack.teamId, event: { type: 'app_uninstalled' } }).body) as Record<
      string,
      unknown
    >;
    late.event_time = Math.floor(Date.now() / 1000) - 3600;
    const body = JSON.stringify(late);
    expect((await stack.send({ body, contentType: 'application/json' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const kept = await workspaceRows();
    expect(kept.connection?.zoomUserId).toBe(stack.zoom.defaultUser.id);
    expect(await stack.app.store.findInstallation({ teamId: stack.teamId, isEnterpriseInstall: false })).not.toBeNull();
  });
});
