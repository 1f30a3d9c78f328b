/**
 * `/zoom-schedule connect | status | disconnect` end to end: the real app on loopback, Zoom played by the mock,
 * Slack by the fake; the browser part of OAuth done with fetch.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buttonUrl, startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { blockActionBody } from '../../../../dev/slack-signing';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';

function textOf(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []);
}

/** Follows a Connect button as a browser would: Zoom's consent page redirects to the app's callback. */
async function followConnectButton(
  stack: LocalStack,
  authorizeUrl: string,
): Promise<{ status: number; html: string; callbackUrl: string }> {
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const callbackUrl = authorize.headers.get('location') ?? '';
  expect(callbackUrl.startsWith(`${stack.baseUrl}/zoom/oauth/callback?`)).toBe(true);
  const page = await fetch(callbackUrl, { redirect: 'manual' });
  return { status: page.status, html: await page.text(), callbackUrl };
}

describe('connect, status and disconnect', () => {
  let stack: LocalStack;
  let folder: string;
  let databaseFile: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'connect-test-'));
    databaseFile = path.join(folder, 'app.db');
    stack = await startLocalStack({ databaseUrl: `file:${databaseFile}` });
  });
  afterAll(async () => {
    await stack.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  afterEach(() => {
    expect(stack.slack.violations).toEqual([]);
    expect(stack.zoom.violations).toEqual([]);
  });

  it('runs the whole flow: button → Zoom consent → callback → stored, encrypted, confirmed in Slack', async () => {
    const { request, reply } = await stack.command(ALICE, 'connect');
    expect(request).toEqual({ status: 200, body: '' });
    expect(reply.body.response_type).toBe('ephemeral');
    expect(textOf(reply.body)).toContain('Connect your Zoom account');
    const authorizeUrl = buttonUrl(reply.body.blocks, 'connect_zoom')!;
    const authorize = new URL(authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${stack.zoom.oauthBaseUrl}/oauth/authorize`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe(stack.zoom.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.baseUrl}/zoom/oauth/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')!.length).toBeGreaterThanOrEqual(43);

    const page = await followConnectButton(stack, authorizeUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Zoom is connected</h1>');
    expect(page.html).toContain('You&#39;re connected to Zoom as Alex Rivera (alex.rivera@example.com).');
    const dm = stack.slack.dmChannelId(ALICE);
    expect(page.html).toContain(`href="https://slack.com/app_redirect?team=${stack.teamId}&amp;channel=${dm}"`);

    const connection = await stack.app.store.getZoomConnection(stack.teamId, ALICE);
    expect(connection).toMatchObject({
      kind: 'user',
      teamId: stack.teamId,
      slackUserId: ALICE,
      zoomUserId: stack.zoom.defaultUser.id,
      zoomAccountId: stack.zoom.accountId,
      displayName: 'Alex Rivera',
      email: 'alex.rivera@example.com',
      needsReconnect: false,
      scopes: ['scheduler:read', 'scheduler:write', 'user:read'],
    });
    const tokens = (await stack.app.store.loadTokens(connection!.id))!;
    expect(tokens.accessToken.length).toBeGreaterThan(20);
    const db = new Database(databaseFile, { readonly: true });
    const row = db.prepare('SELECT accessTokenEnc, refreshTokenEnc FROM ZoomConnection WHERE id = ?').get(connection!.id) as Record<
      string,
      string
    >;
    db.close();
    expect(row.accessTokenEnc).not.toContain(tokens.accessToken);
    expect(row.refreshTokenEnc).not.toContain(tokens.refreshToken);
    expect(page.html).not.toContain(tokens.accessToken);
    expect(page.html).not.toContain(tokens.refreshToken);

    const [confirmation] = stack.slack.messagesIn(dm);
    expect(confirmation?.text).toBe('Your Zoom account Alex Rivera (alex.rivera@example.com) is connected.');
    await stack.waitFor(
      () => stack.slack.calls.find((c) => c.method === 'views.publish' && c.args.user_id === ALICE),
      'the App Home refresh',
    );

    const status = await stack.command(ALICE, 'status');
    expect(textOf(status.reply.body)).toContain('Connected to Zoom as *Alex Rivera (alex.rivera@example.com)*.');
    expect(textOf(status.reply.body)).toContain('https://scheduler.zoom.us/alex-rivera');
  });

  it('connect when already connected says who and offers a reconnect button', async () => {
    const { reply } = await stack.command(ALICE, 'connect');
    expect(reply.body.text).toBe("You're already connected to Zoom as Alex Rivera (alex.rivera@example.com).");
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toMatch(/\/oauth\/authorize\?/);
  });

  it('acks the URL buttons (connect_zoom, open_booking_page) without answering', async () => {
    for (const actionId of ['connect_zoom', 'open_booking_page']) {
      const sent = await stack.send(
        blockActionBody({ teamId: stack.teamId, userId: ALICE, actionId, responseUrl: stack.slack.responseUrl(actionId) }),
      );
      expect(sent).toEqual({ status: 200, body: '' });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stack.slack.responses.filter((r) => r.id === 'connect_zoom' || r.id === 'open_booking_page')).toEqual([]);
  });

  it('disconnect revokes the grant at Zoom, deletes the row and says so; a second disconnect has nothing to do', async () => {
    const connection = (await stack.app.store.getZoomConnection(stack.teamId, ALICE))!;
    const before = (await stack.app.store.loadTokens(connection.id))!;
    stack.slack.reset();

    const { reply } = await stack.command(ALICE, 'disconnect');
    expect(reply.body.text).toBe('Disconnected your Zoom account Alex Rivera (alex.rivera@example.com).');
    expect(await stack.app.store.getZoomConnection(stack.teamId, ALICE)).toBeNull();
    expect(await stack.app.store.loadTokens(connection.id)).toBeNull();

    const api = await fetch(`${stack.zoom.apiBaseUrl}/scheduler/users/me`, { headers: { authorization: `Bearer ${before.accessToken}` } });
    expect(api.status).toBe(401);
    const refresh = await fetch(`${stack.zoom.oauthBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${stack.zoom.clientId}:${stack.zoom.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: before.refreshToken }).toString(),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    expect(stack.slack.calls.some((c) => c.method === 'views.publish' && c.args.user_id === ALICE)).toBe(true);

    const again = await stack.command(ALICE, 'disconnect');
    expect(again.reply.body.text).toBe('You have no Zoom account connected, so there is nothing to disconnect.');
  });

  it('status without any connection answers with the connect button', async () => {
    const { reply } = await stack.command(ALICE, 'status');
    expect(reply.body.text).toContain('You need to connect your Zoom account first.');
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toMatch(/\/oauth\/authorize\?/);
  });
});

describe("one user never reaches another user's Zoom connection", () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack.stop());
  afterEach(() => {
    expect(stack.slack.violations).toEqual([]);
    expect(stack.zoom.violations).toEqual([]);
  });

  it('keeps Alice and Bob on their own Zoom users, and an unconnected Alice gets the connect button', async () => {
    const zoomA = stack.zoom.addUser({ displayName: 'Ann Zoom', email: 'ann@example.com', slug: 'ann-zoom' });
    const zoomB = stack.zoom.addUser({ displayName: 'Ben Zoom', email: 'ben@example.com', slug: 'ben-zoom' });

    expect((await stack.connectZoom(BOB, { zoomUserId: zoomB.id })).status).toBe(200);
    const aliceBefore = await stack.command(ALICE, 'status');
    expect(aliceBefore.reply.body.text).toContain('You need to connect your Zoom account first.');
    expect(textOf(aliceBefore.reply.body)).not.toContain('Ben Zoom');

    expect((await stack.connectZoom(ALICE, { zoomUserId: zoomA.id })).status).toBe(200);
    const alice = await stack.command(ALICE, 'status');
    const bob = await stack.command(BOB, 'status');
    expect(textOf(alice.reply.body)).toContain('Connected to Zoom as *Ann Zoom (ann@example.com)*.');
    expect(textOf(alice.reply.body)).toContain('https://scheduler.zoom.us/ann-zoom');
    expect(textOf(alice.reply.body)).not.toContain('Ben');
    expect(textOf(bob.reply.body)).toContain('Connected to Zoom as *Ben Zoom (ben@example.com)*.');
    expect(textOf(bob.reply.body)).toContain('https://scheduler.zoom.us/ben-zoom');

    expect((await stack.app.store.getZoomConnection(stack.teamId, ALICE))?.zoomUserId).toBe(zoomA.id);
    expect((await stack.app.store.getZoomConnection(stack.teamId, BOB))?.zoomUserId).toBe(zoomB.id);
  });
});

describe('Zoom failures reach the user as the right sentence', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
    expect((await stack.connectZoom(ALICE)).status).toBe(200);
  });
  afterAll(() => stack.stop());
  afterEach(() => {
    stack.zoom.faults.clear();
    expect(stack.slack.violations).toEqual([]);
    expect(stack.zoom.violations).toEqual([]);
  });

  const USER_PATH = /^\/v2\/scheduler\/users\//;

  it('waits out a 429 and then shows the status', async () => {
    stack.zoom.faults.enqueue({ method: 'GET', path: USER_PATH, status: 429, retryAfter: '0' });
    const { reply } = await stack.command(ALICE, 'status');
    expect(textOf(reply.body)).toContain('Connected to Zoom as *Alex Rivera (alex.rivera@example.com)*.');
    const userCalls = stack.zoom.stats.requests.filter((r) => USER_PATH.test(r.path)).slice(-2);
    expect(userCalls.map((r) => r.status)).toEqual([429, 200]);
  });

  it('says Zoom is not answering when it fails with 500 throughout', async () => {
    stack.zoom.faults.enqueue({ method: 'GET', path: USER_PATH, status: 500, times: 10 });
    const { reply } = await stack.command(ALICE, 'status');
    expect(reply.body.text).toBe("Zoom isn't answering right now. Please try again in a minute.");
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toBeUndefined();
  });

  it('offers the reconnect button once Zoom refuses the stored refresh token (invalid_grant)', async () => {
    const connection = (await stack.app.store.getZoomConnection(stack.teamId, ALICE))!;
    const tokens = (await stack.app.store.loadTokens(connection.id))!;
    // Someone else spends the refresh token (Zoom rotates it), and the access token runs out.
    const rotated = await fetch(`${stack.zoom.oauthBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${stack.zoom.clientId}:${stack.zoom.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken }).toString(),
    });
    expect(rotated.status).toBe(200);
    stack.zoom.expireAccessTokens();

    const { reply } = await stack.command(ALICE, 'status');
    expect(reply.body.text).toContain('Zoom no longer accepts your connection');
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toMatch(/\/oauth\/authorize\?/);
    expect(await stack.app.store.getZoomConnection(stack.teamId, ALICE)).toMatchObject({ needsReconnect: true });

    const connect = await stack.command(ALICE, 'connect');
    expect(connect.reply.body.text).toContain('Zoom no longer accepts your connection');
  });
});
