import { createHash, randomBytes } from 'node:crypto';
import type { ZoomMock } from '../../../src/zoom/mock';
import { api, basicAuth, startMock, tokenRequest } from './helpers';

const REDIRECT_URI = 'http://127.0.0.1:9/zoom/oauth/callback';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(mock: ZoomMock, params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({ response_type: 'code', client_id: mock.clientId, redirect_uri: REDIRECT_URI, ...params });
  return fetch(`${mock.oauthBaseUrl}/oauth/authorize?${query.toString()}`, { redirect: 'manual' });
}

async function codeFor(mock: ZoomMock, challenge: string, extra: Record<string, string> = {}): Promise<string> {
  const response = await authorize(mock, { state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256', ...extra });
  return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

describe('Zoom mock OAuth', () => {
  let mock: ZoomMock;
  beforeEach(async () => {
    mock = await startMock({ seed: false });
  });
  afterEach(async () => {
    await mock.close();
  });

  it('runs the authorization-code flow with PKCE and the token acts as the authorizing user', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await authorize(mock, { state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('st-1');
    const code = location.searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThan(20);

    const token = await tokenRequest(mock, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(token.status).toBe(200);
    expect(token.body.token_type).toBe('bearer');
    expect(token.body.expires_in).toBe(3600);
    expect(token.body.scope).toBe('scheduler:read scheduler:write user:read');
    expect(token.body.api_url).toBe(mock.oauthBaseUrl);
    expect(typeof token.body.refresh_token).toBe('string');
    expect(token.body.refresh_token).not.toBe(token.body.access_token);

    const me = await api(mock, token.body.access_token, 'GET', '/scheduler/users/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      display_name: 'Alex Rivera',
      scheduling_url: 'https://scheduler.zoom.us/alex-rivera',
      slug: 'alex-rivera',
      time_zone: 'America/New_York',
    });
    expect(mock.stats.tokenRequests).toEqual({ authorization_code: 1 });
  });

  it('logs in the user chosen by setAuthorizingUser or ?mock_user=', async () => {
    const bea = mock.addUser({ displayName: 'Bea Ng', slug: 'bea-ng' });
    const carl = mock.addUser({ displayName: 'Carl Ode', slug: 'carl-ode' });
    const { verifier, challenge } = pkce();
    mock.setAuthorizingUser(bea.id);
    const beaCode = await codeFor(mock, challenge);
    const beaToken = await tokenRequest(mock, {
      grant_type: 'authorization_code',
      code: beaCode,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect((await api(mock, beaToken.body.access_token, 'GET', '/scheduler/users/me')).body.display_name).toBe('Bea Ng');

    const carlCode = await codeFor(mock, challenge, { mock_user: carl.id });
    const carlToken = await tokenRequest(mock, {
      grant_type: 'authorization_code',
      code: carlCode,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect((await api(mock, carlToken.body.access_token, 'GET', '/scheduler/users/me')).body.display_name).toBe('Carl Ode');
  });

  it('refuses an unknown client at /oauth/authorize with a 400 page', async () => {
    const response = await authorize(mock, { client_id: 'someone-else' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('Invalid client_id');
  });

  it('uses a code once, checks the PKCE verifier, the redirect URI and the client credentials', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(mock, challenge);
    const wrongVerifier = await tokenRequest(mock, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce().verifier,
    });
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.body).toEqual({ reason: 'Invalid code_verifier', error: 'invalid_grant' });
    // The failed attempt used the code up.
    const reused = await tokenRequest(mock, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(reused.body).toEqual({ reason: 'Invalid authorization code', error: 'invalid_grant' });

    const second = await codeFor(mock, challenge);
    const mismatch = await tokenRequest(mock, {
      grant_type: 'authorization_code',
      code: second,
      redirect_uri: 'http://127.0.0.1:9/other',
      code_verifier: verifier,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual({ reason: 'Redirect URI mismatch.', error: 'invalid_request' });

    const third = await codeFor(mock, challenge);
    const badClient = await tokenRequest(
      mock,
      { grant_type: 'authorization_code', code: third, redirect_uri: REDIRECT_URI, code_verifier: verifier },
      'Basic ' + Buffer.from(`${mock.clientId}:wrong`).toString('base64'),
    );
    expect(badClient.status).toBe(401);
    expect(badClient.body).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  });

  it('lets an authorization code live five minutes', async () => {
    let now = Date.UTC(2026, 0, 5, 12);
    const clocked = await startMock({ seed: false, now: () => now });
    try {
      const { verifier, challenge } = pkce();
      const code = await codeFor(clocked, challenge);
      now += 5 * 60 * 1000 + 1;
      const late = await tokenRequest(clocked, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      });
      expect(late.body).toEqual({ reason: 'Invalid authorization code', error: 'invalid_grant' });
    } finally {
      await clocked.close();
    }
  });

  it('rotates the refresh token on every refresh and kills the old refresh and access tokens at once', async () => {
    const first = mock.issueTokensFor(mock.defaultUser.id);
    const refreshed = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.access_token);

    const reuse = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reuse.status).toBe(400);
    expect(reuse.body).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });

    const oldAccess = await api(mock, first.access_token, 'GET', '/scheduler/users/me');
    expect(oldAccess.status).toBe(401);
    expect(oldAccess.body).toEqual({ code: 124, message: 'Invalid access token.' });
    expect((await api(mock, refreshed.body.access_token, 'GET', '/scheduler/users/me')).status).toBe(200);

    const again = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token });
    expect(again.status).toBe(200);
    expect(mock.stats.tokenRequests).toEqual({ refresh_token: 3 });
  });

  it('answers 124 for expired, unknown and missing tokens', async () => {
    let now = Date.UTC(2026, 0, 5, 12);
    const clocked = await startMock({ seed: false, now: () => now, accessTokenTtlSeconds: 60 });
    try {
      const tokens = clocked.issueTokensFor(clocked.defaultUser.id);
      expect(tokens.expires_in).toBe(60);
      expect((await api(clocked, tokens.access_token, 'GET', '/scheduler/teams')).status).toBe(200);
      now += 60_000;
      const expired = await api(clocked, tokens.access_token, 'GET', '/scheduler/teams');
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ code: 124, message: 'Invalid access token.' });
      // The refresh token still works after the access token expired.
      const refreshed = await tokenRequest(clocked, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(refreshed.status).toBe(200);

      clocked.expireAccessTokens();
      expect((await api(clocked, refreshed.body.access_token, 'GET', '/scheduler/teams')).body.code).toBe(124);
      expect((await api(clocked, 'not-a-token', 'GET', '/scheduler/teams')).body.code).toBe(124);
      const anonymous = await fetch(`${clocked.apiBaseUrl}/scheduler/teams`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ code: 124, message: 'Invalid access token.' });
    } finally {
      await clocked.close();
    }
  });

  it('revoke kills the access token and its refresh token', async () => {
    const tokens = mock.issueTokensFor(mock.defaultUser.id);
    const response = await fetch(`${mock.oauthBaseUrl}/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: basicAuth(mock), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'success' });
    expect((await api(mock, tokens.access_token, 'GET', '/scheduler/teams')).body.code).toBe(124);
    const refresh = await tokenRequest(mock, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refresh.body).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
  });

  it('issues Server-to-Server tokens that act for any user through user_id', async () => {
    const other = mock.addUser({ displayName: 'Dana Fox', slug: 'dana-fox', timeZone: 'Europe/Berlin' });
    const wrongAccount = await tokenRequest(mock, { grant_type: 'account_credentials', account_id: 'nope' });
    expect(wrongAccount.status).toBe(400);
    expect(wrongAccount.body).toEqual({ reason: 'Invalid account_id.', error: 'invalid_request' });

    const s2s = await tokenRequest(mock, { grant_type: 'account_credentials', account_id: mock.accountId });
    expect(s2s.status).toBe(200);
    expect(s2s.body.refresh_token).toBeUndefined();
    expect(s2s.body.scope).toBe('scheduler:read:admin scheduler:write:admin user:read:admin');
    const dana = await api(mock, s2s.body.access_token, 'GET', `/scheduler/users/${other.id}`);
    expect(dana.body).toEqual({
      display_name: 'Dana Fox',
      scheduling_url: 'https://scheduler.zoom.us/dana-fox',
      slug: 'dana-fox',
      time_zone: 'Europe/Berlin',
    });
    const created = await api(mock, s2s.body.access_token, 'POST', `/scheduler/schedules?user_id=${other.id}`, {
      summary: 'For Dana',
      capacity: 1,
      availability_rules: [],
      availability_override: false,
    });
    expect(created.status).toBe(201);
    expect(created.body.scheduling_url).toBe('https://scheduler.zoom.us/dana-fox/for-dana');
    expect(created.body.creator).toEqual({ self: false, display_name: 'Dana Fox', email: other.email });

    // A newer S2S token supersedes the previous one.
    const newer = await tokenRequest(mock, { grant_type: 'account_credentials', account_id: mock.accountId });
    expect((await api(mock, s2s.body.access_token, 'GET', '/scheduler/teams')).body.code).toBe(124);
    expect((await api(mock, newer.body.access_token, 'GET', '/scheduler/teams')).status).toBe(200);
    expect(mock.violations).toEqual([]);
  });

  it('refuses a user token acting for another user (admin scope missing) and unknown users', async () => {
    const other = mock.addUser();
    const tokens = mock.issueTokensFor(mock.defaultUser.id);
    const foreign = await api(mock, tokens.access_token, 'GET', `/scheduler/schedules?user_id=${other.id}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe(4700);
    expect(foreign.body.message).toContain('scheduler:read:admin');
    const self = await api(mock, tokens.access_token, 'GET', `/scheduler/schedules?user_id=${mock.defaultUser.id}`);
    expect(self.status).toBe(200);
    const unknown = await api(mock, tokens.access_token, 'GET', '/scheduler/users/nobody-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 1001, message: 'User does not exist: nobody-here.' });
  });

  it('refuses a token without the operation scope', async () => {
    const readOnly = mock.issueTokensFor(mock.defaultUser.id, ['scheduler:read']);
    expect((await api(mock, readOnly.access_token, 'GET', '/scheduler/availability')).status).toBe(200);
    const write = await api(mock, readOnly.access_token, 'POST', '/scheduler/availability', { name: 'X', time_zone: 'UTC' });
    expect(write.status).toBe(400);
    expect(write.body.code).toBe(4700);
  });

  it('rejects unsupported grant types', async () => {
    const response = await tokenRequest(mock, { grant_type: 'password' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
  });
});
