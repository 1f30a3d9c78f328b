/**
 * Server-to-Server mode (`ZOOM_ACCOUNT_ID`) end to end: `connect` links a Slack user to the Zoom user with their
 * Slack e-mail, everything else acts through the account token with `user_id`, webhooks reach the linked user,
 * and `disconnect` removes the link. The real app on loopback, Zoom played by the mock, Slack by the fake.
 */
import { buttonUrl, DEFAULT_USERS, startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { startZoomMock, type MockUser, type ZoomMock } from '../../../../src/zoom/mock';

jest.setTimeout(30_000);

const ALICE = 'U0ALICE';
const ALICE_DM = 'DU0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';
const DAVE = 'U0DAVE';
const UNKNOWN_EMAIL = 'carol@elsewhere.test';

let zoom: ZoomMock;
let stack: LocalStack;
let alexZoom: MockUser;

const textOf = (body: Record<string, unknown>) => JSON.stringify([body.text, body.blocks]);
const schedulesCalls = () => stack.zoom.stats.requests.filter((r) => r.method === 'GET' && r.path === '/v2/scheduler/schedules');

beforeAll(async () => {
  zoom = await startZoomMock({ host: '127.0.0.1' });
  alexZoom = zoom.defaultUser;
  stack = await startLocalStack({
    zoomMock: zoom,
    env: { ZOOM_ACCOUNT_ID: zoom.accountId },
    users: [
      // Slack e-mails differ from Zoom's in case only: Zoom matches e-mails case-insensitively.
      { ...DEFAULT_USERS[0]!, email: alexZoom.email.toUpperCase() },
      { ...DEFAULT_USERS[1]!, email: 'bob.stone@example.com' },
      { id: CAROL, name: 'carol', tz: 'UTC', email: UNKNOWN_EMAIL },
      { id: DAVE, name: 'dave', tz: 'UTC' },
    ],
  });
});
afterAll(async () => {
  await stack.stop();
  await zoom.close();
});
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

describe('Server-to-Server mode: linking Slack users to Zoom users by e-mail', () => {
  it('runs in Server-to-Server mode against the mock account', () => {
    expect(stack.app.services.config.zoom.auth).toEqual({ kind: 'server-to-server', accountId: zoom.accountId });
    expect(stack.app.services.zoomAccounts.isServerToServer).toBe(true);
  });

  it('answers an unlinked user with the instruction to run connect, without any Zoom OAuth button', async () => {
    const { reply } = await stack.command(ALICE, 'list');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(textOf(reply.body)).toContain('Run /zoom-schedule connect first: it links you to the Zoom user with your Slack e-mail address.');
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toBeUndefined();
    expect(textOf(reply.body)).not.toContain('/oauth/authorize');
  });

  it('shows an unlinked user the instruction on App Home, without any Zoom OAuth button', async () => {
    const published = () => stack.slack.views.filter((v) => v.type === 'home' && v.userId === DAVE);
    expect((await stack.event({ type: 'app_home_opened', user: DAVE, tab: 'home' })).status).toBe(200);
    const home = await stack.waitFor(() => published()[0], "Dave's App Home");
    const text = JSON.stringify(home.view);
    expect(text).toContain('Run `/zoom-schedule connect` to link your Zoom user');
    expect(buttonUrl((home.view as { blocks: unknown }).blocks, 'connect_zoom')).toBeUndefined();
    expect(text).not.toContain('/oauth/authorize');
  });

  it('connect links the Slack user to the Zoom user with their e-mail, with the account token only', async () => {
    const { reply } = await stack.command(ALICE, 'connect');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(textOf(reply.body)).toContain(`Your Zoom account *${alexZoom.displayName} (${alexZoom.email})* is connected.`);
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toBeUndefined();

    const lookup = stack.zoom.stats.requests.filter((r) => r.path.startsWith('/v2/users/'));
    expect(lookup).toEqual([{ method: 'GET', path: `/v2/users/${encodeURIComponent(alexZoom.email.toUpperCase())}`, status: 200 }]);
    expect(stack.zoom.stats.tokenRequests.account_credentials).toBeGreaterThanOrEqual(1);
    expect(stack.zoom.stats.tokenRequests.authorization_code).toBeUndefined();

    const link = await stack.app.store.getZoomConnection(stack.teamId, ALICE);
    expect(link).toMatchObject({
      kind: 'user',
      zoomUserId: alexZoom.id,
      zoomAccountId: zoom.accountId,
      displayName: alexZoom.displayName,
      email: alexZoom.email,
      needsReconnect: false,
      scopes: [],
    });
    // A link has no grant of its own: empty tokens that never expire.
    expect(link!.expiresAt.getUTCFullYear()).toBe(9999);
    expect(await stack.app.store.loadTokens(link!.id)).toMatchObject({ accessToken: '', refreshToken: '' });
  });

  it('status shows the linked Zoom user', async () => {
    const { reply } = await stack.command(ALICE, 'status');
    expect(textOf(reply.body)).toContain(`Connected to Zoom as *${alexZoom.displayName} (${alexZoom.email})*.`);
  });

  it('list works through the account token, acting for the linked user with user_id', async () => {
    const before = schedulesCalls().length;
    const { reply } = await stack.command(ALICE, 'list');
    expect(textOf(reply.body)).not.toContain(':x:');
    const calls = schedulesCalls().slice(before);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const call of calls) {
      expect(call.status).toBe(200);
      expect(new URLSearchParams(call.query).get('user_id')).toBe(alexZoom.id);
    }
    expect(stack.zoom.stats.tokenRequests.refresh_token).toBeUndefined();
  });

  it('links a second user to their own Zoom user, whose calls carry their own user_id', async () => {
    const bobZoom = zoom.addUser({ email: 'Bob.Stone@example.com', displayName: 'Bob Stone' });
    const { reply } = await stack.command(BOB, 'connect');
    expect(textOf(reply.body)).toContain('Your Zoom account *Bob Stone (Bob.Stone@example.com)* is connected.');
    expect(await stack.app.store.getZoomConnection(stack.teamId, BOB)).toMatchObject({ zoomUserId: bobZoom.id });

    const before = schedulesCalls().length;
    await stack.command(BOB, 'list');
    const calls = schedulesCalls().slice(before);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    expect(calls.map((call) => new URLSearchParams(call.query).get('user_id'))).toEqual(calls.map(() => bobZoom.id));
  });

  it('tells a user whose e-mail has no Zoom user in the account to ask their Zoom admin, and stores nothing', async () => {
    const { reply } = await stack.command(CAROL, 'connect');
    expect(textOf(reply.body)).toContain(
      `No Zoom user with your Slack e-mail ${UNKNOWN_EMAIL} in this Zoom account. Ask your Zoom admin to add you.`,
    );
    expect(stack.zoom.stats.requests.at(-1)).toEqual({
      method: 'GET',
      path: `/v2/users/${encodeURIComponent(UNKNOWN_EMAIL)}`,
      status: 404,
    });
    expect(await stack.app.store.getZoomConnection(stack.teamId, CAROL)).toBeNull();
  });

  it('tells a user whose e-mail Slack does not share that the users:read.email scope is needed', async () => {
    const zoomCallsBefore = stack.zoom.stats.requests.length;
    const { reply } = await stack.command(DAVE, 'connect');
    expect(textOf(reply.body)).toContain(
      "Slack didn't share your e-mail address with this app, so it can't find your Zoom user. Ask your Slack admin to reinstall the app with the users:read.email scope.",
    );
    expect(stack.zoom.stats.requests.length).toBe(zoomCallsBefore);
    expect(await stack.app.store.getZoomConnection(stack.teamId, DAVE)).toBeNull();
  });

  // Booking webhooks need no Zoom call: the link row is found by the webhook's Zoom user id like any connection.
  it('delivers a booking webhook for the linked Zoom user to the linked Slack user', async () => {
    const schedule = [...(await stack.app.services.schedules.list(stack.teamId, ALICE))][0];
    if (!schedule) throw new Error('the mock seeds no schedule for its default user');
    const before = stack.slack.messagesIn(ALICE_DM).length;
    const booked = await zoom.book({
      scheduleId: schedule.id,
      invitee: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    });
    await stack.app.services.zoomWebhooks.idle();

    expect(zoom.webhookDeliveries.at(-1)).toMatchObject({ event: 'scheduler.scheduled_event_created', status: 200 });
    const posted = stack.slack.messagesIn(ALICE_DM).slice(before);
    expect(posted).toHaveLength(1);
    expect(JSON.stringify([posted[0]?.text, posted[0]?.blocks])).toContain('Ada Lovelace');
    expect(await stack.app.store.findBookingNotification(booked.event_id, alexZoom.id)).toMatchObject({
      teamId: stack.teamId,
      channelId: ALICE_DM,
    });
    expect(stack.zoom.stats.tokenRequests.refresh_token).toBeUndefined();
  });

  it('digest now builds the digest through the account token for the linked user', async () => {
    const bobZoomId = (await stack.app.store.getZoomConnection(stack.teamId, BOB))!.zoomUserId;
    const zoomCallsBefore = stack.zoom.stats.requests.length;
    const dmBefore = stack.slack.messagesIn('DU0BOB').length;
    const { reply } = await stack.command(BOB, 'digest now');
    expect(textOf(reply.body)).not.toContain(':x:');
    expect(stack.slack.messagesIn('DU0BOB').length).toBe(dmBefore + 1);
    const schedulerCalls = stack.zoom.stats.requests.slice(zoomCallsBefore).filter((r) => r.path.startsWith('/v2/scheduler/'));
    expect(schedulerCalls.length).toBeGreaterThanOrEqual(1);
    for (const call of schedulerCalls) {
      expect([call.path, call.status]).toEqual([call.path, 200]);
      expect(new URLSearchParams(call.query).get('user_id')).toBe(bobZoomId);
    }
  });

  it('disconnect deletes the link without revoking anything, and the user is unlinked again', async () => {
    const revokesBefore = stack.zoom.stats.requests.filter((r) => r.path === '/oauth/revoke').length;
    const { reply } = await stack.command(ALICE, 'disconnect');
    expect(textOf(reply.body)).toContain(
      `Unlinked your Zoom user *${alexZoom.displayName} (${alexZoom.email})*: the app no longer acts for it.`,
    );
    expect(await stack.app.store.getZoomConnection(stack.teamId, ALICE)).toBeNull();
    expect(stack.zoom.stats.requests.filter((r) => r.path === '/oauth/revoke').length).toBe(revokesBefore);

    const { reply: status } = await stack.command(ALICE, 'status');
    expect(textOf(status.body)).toContain('Run /zoom-schedule connect first');
    expect(buttonUrl(status.body.blocks, 'connect_zoom')).toBeUndefined();
  });
});
