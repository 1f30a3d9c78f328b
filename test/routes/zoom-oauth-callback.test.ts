/**
 * `GET /zoom/oauth/callback` refusing everything but a fresh, unused state it issued itself: a clear 400 page,
 * nothing stored, nothing sent to Zoom's token endpoint; and escaping, headers and logs on success.
 */
import { Writable } from 'node:stream';
import { buttonUrl, startLocalStack, type LocalStack } from '../../dev/local-stack';
import { createLogger } from '../../src/logger';

const ALICE = 'U0ALICE';

/** A fresh state from the app, as the Connect button carries it, and the authorize URL around it. */
async function connectButton(stack: LocalStack, userId = ALICE): Promise<{ authorizeUrl: string; state: string }> {
  const { reply } = await stack.command(userId, 'connect');
  const authorizeUrl = buttonUrl(reply.body.blocks, 'connect_zoom')!;
  return { authorizeUrl, state: new URL(authorizeUrl).searchParams.get('state')! };
}

async function callback(stack: LocalStack, query: Record<string, string>): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(`${stack.baseUrl}/zoom/oauth/callback?${new URLSearchParams(query).toString()}`, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** The callback URL Zoom's consent page redirects to (with a real code). */
async function consent(authorizeUrl: string): Promise<string> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  return response.headers.get('location')!;
}

describe('Zoom OAuth callback', () => {
  let stack: LocalStack;
  const logLines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    stack = await startLocalStack({ logger: createLogger({ level: 'debug', destination }) });
  });
  afterAll(() => stack.stop());
  afterEach(() => {
    expect(stack.slack.violations).toEqual([]);
    expect(stack.zoom.violations).toEqual([]);
  });

  const codeExchanges = () => stack.zoom.stats.tokenRequests['authorization_code'] ?? 0;

  async function expectNothingStored(userId = ALICE): Promise<void> {
    expect(await stack.app.store.getZoomConnection(stack.teamId, userId)).toBeNull();
    expect(stack.slack.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  }

  it('refuses a state it never issued (tampered) with a 400 page and stores nothing', async () => {
    const { authorizeUrl, state } = await connectButton(stack);
    const callbackUrl = new URL(await consent(authorizeUrl));
    const tampered = `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`;
    const exchangesBefore = codeExchanges();

    const page = await callback(stack, { code: callbackUrl.searchParams.get('code')!, state: tampered });
    expect(page.status).toBe(400);
    expect(page.html).toContain('<h1>This connect link isn&#39;t valid</h1>');
    expect(page.html).toContain('Nothing was stored. In Slack, run <code>/zoom-schedule connect</code> to get a new link.');
    expect(codeExchanges()).toBe(exchangesBefore);
    await expectNothingStored();

    expect((await callback(stack, { code: 'abc' })).status).toBe(400);
    await expectNothingStored();
  });

  it('deletes states expired for over a day when new connect links are made, and keeps recently expired ones', async () => {
    // A fresh app: pruning runs at most hourly per process, and this suite's shared app has pruned already.
    const fresh = await startLocalStack();
    try {
      const store = fresh.app.store;
      const dayOld = await store.createOAuthState({
        teamId: fresh.teamId,
        slackUserId: ALICE,
        codeVerifier: 'v'.repeat(43),
        ttlMs: -25 * 3600_000,
      });
      const recent = await store.createOAuthState({
        teamId: fresh.teamId,
        slackUserId: ALICE,
        codeVerifier: 'v'.repeat(43),
        ttlMs: -60_000,
      });
      await fresh.app.services.zoomAccounts.connectUrl(fresh.teamId, ALICE);
      expect(await store.consumeOAuthState(dayOld)).toEqual({ ok: false, reason: 'unknown' });
      expect(await store.consumeOAuthState(recent)).toEqual({ ok: false, reason: 'expired' });
    } finally {
      await fresh.stop();
    }
  });

  it('refuses an expired state', async () => {
    const state = await stack.app.store.createOAuthState({
      teamId: stack.teamId,
      slackUserId: ALICE,
      codeVerifier: 'v'.repeat(43),
      ttlMs: -1000,
    });
    const page = await callback(stack, { code: 'any-code', state });
    expect(page.status).toBe(400);
    expect(page.html).toContain('<h1>This connect link has expired</h1>');
    expect(page.html).toContain('Connect links work for 10 minutes.');
    await expectNothingStored();
  });

  it('refuses a declined consent (error=access_denied), with or without the state', async () => {
    const { state } = await connectButton(stack);
    const page = await callback(stack, { error: 'access_denied', state });
    expect(page.status).toBe(400);
    expect(page.html).toContain('<h1>Zoom access was not granted</h1>');
    expect((await callback(stack, { error: 'access_denied' })).html).toContain('Zoom access was not granted');
    // The state died with the refusal: it cannot be used afterwards.
    expect((await callback(stack, { code: 'x', state })).html).toContain('This connect link was already used');
    await expectNothingStored();
  });

  it('answers a Marketplace-initiated install (a real code, no state) with how to connect from Slack, and never exchanges the code', async () => {
    const { authorizeUrl } = await connectButton(stack);
    const code = new URL(await consent(authorizeUrl)).searchParams.get('code')!;
    const exchangesBefore = codeExchanges();
    const page = await callback(stack, { code });
    expect(page.status).toBe(400);
    expect(page.html).toContain('<h1>Finish connecting Zoom from Slack</h1>');
    expect(page.html).toContain('In Slack, run <code>/zoom-schedule connect</code>');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(codeExchanges()).toBe(exchangesBefore);
    expect(logLines.join('')).not.toContain(code);
    await expectNothingStored();
  });

  it('refuses a code Zoom will not exchange', async () => {
    const { state } = await connectButton(stack);
    const page = await callback(stack, { code: 'not-a-zoom-code', state });
    expect(page.status).toBe(400);
    expect(page.html).toContain('<h1>Zoom didn&#39;t complete the connection</h1>');
    await expectNothingStored();
  });

  it('connects once, then refuses the same callback replayed and leaves the connection as it was', async () => {
    const nasty = stack.zoom.addUser({ displayName: '<script>alert("x")</script> & Co', email: 'nasty@example.com' });
    stack.zoom.setAuthorizingUser(nasty.id);
    const { authorizeUrl } = await connectButton(stack);
    const callbackUrl = await consent(authorizeUrl);

    const first = await fetch(callbackUrl);
    const html = await first.text();
    expect(first.status).toBe(200);
    expect(html).toContain(
      'You&#39;re connected to Zoom as &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co (nasty@example.com).',
    );
    expect(html).not.toContain('<script>');
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    const stored = (await stack.app.store.getZoomConnection(stack.teamId, ALICE))!;
    expect(stored.zoomUserId).toBe(nasty.id);

    const replay = await fetch(callbackUrl);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('<h1>This connect link was already used</h1>');
    expect(await stack.app.store.getZoomConnection(stack.teamId, ALICE)).toEqual(stored);

    const tokens = (await stack.app.store.loadTokens(stored.id))!;
    const code = new URL(callbackUrl).searchParams.get('code')!;
    const state = new URL(callbackUrl).searchParams.get('state')!;
    const logs = logLines.join('');
    expect(logs).toContain('zoom connected');
    expect(logs).toContain('zoom connect refused');
    for (const secret of [tokens.accessToken, tokens.refreshToken, code, state]) expect(logs).not.toContain(secret);
    expect(html).not.toContain(tokens.accessToken);
    expect(html).not.toContain(tokens.refreshToken);
  });

  it('shows a 400 page and stores nothing when Zoom fails to say who authorized (the grant is given back)', async () => {
    const bob = 'U0BOB';
    stack.zoom.setAuthorizingUser(stack.zoom.defaultUser.id);
    const { authorizeUrl } = await connectButton(stack, bob);
    const callbackUrl = await consent(authorizeUrl);
    stack.zoom.faults.enqueue({ method: 'GET', path: /^\/v2\/users\/me$/, status: 500, times: 10 });
    const page = await fetch(callbackUrl);
    stack.zoom.faults.clear();
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Zoom didn&#39;t complete the connection');
    expect(await stack.app.store.getZoomConnection(stack.teamId, bob)).toBeNull();
    expect(stack.zoom.stats.requests.at(-1)).toMatchObject({ method: 'POST', path: '/oauth/revoke', status: 200 });
  });
});
