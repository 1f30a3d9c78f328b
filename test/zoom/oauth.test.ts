import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import {
  createPkcePair,
  staticAccessToken,
  ZoomApiError,
  ZoomOAuth,
  ZoomOAuthError,
  ZoomReconnectRequiredError,
  ZoomResponseError,
  ZoomSchedulerClient,
} from '../../src/zoom';
import { startScriptedServer, type ScriptedServer } from './support/scripted-server';

const NOW = Date.parse('2026-03-02T15:00:00Z');
const REDIRECT_URI = 'https://bot.example.com/zoom/oauth/callback';

describe('ZoomOAuth against the mock', () => {
  let mock: ZoomMock;
  let oauth: ZoomOAuth;

  beforeAll(async () => {
    mock = await startZoomMock({ now: () => NOW, seed: false });
    oauth = new ZoomOAuth({
      oauthBaseUrl: mock.oauthBaseUrl,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      redirectUri: REDIRECT_URI,
      now: () => NOW,
    });
  });
  afterEach(() => expect(mock.violations).toEqual([]));
  afterAll(() => mock.close());

  async function authorize(state: string, codeChallenge: string): Promise<URL> {
    const response = await fetch(oauth.authorizeUrl({ state, codeChallenge }), { redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location') ?? '');
  }

  it('builds the authorize URL with state and PKCE S256', () => {
    const url = new URL(oauth.authorizeUrl({ state: 'st-1', codeChallenge: 'challenge-1' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${mock.oauthBaseUrl}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: mock.clientId,
      redirect_uri: REDIRECT_URI,
      state: 'st-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
    });
    const pair = createPkcePair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallenge).not.toBe(pair.codeVerifier);
  });

  it('completes the code flow with PKCE and the tokens work against the API', async () => {
    const pkce = oauth.createPkcePair();
    const callback = await authorize('state-abc', pkce.codeChallenge);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-abc');

    const tokens = await oauth.exchangeCode(callback.searchParams.get('code') ?? '', pkce.codeVerifier);
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.expiresAt).toEqual(new Date(NOW + 3600_000));
    expect(tokens.scopes).toEqual(['scheduler:read', 'scheduler:write', 'user:read']);
    expect(tokens.apiUrl).toBe(mock.oauthBaseUrl);

    const api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(staticAccessToken(tokens.accessToken));
    expect((await api.getUser()).display_name).toBe(mock.defaultUser.displayName);
  });

  it('turns a wrong code verifier or a reused code into ZoomReconnectRequiredError', async () => {
    const pkce = oauth.createPkcePair();
    const code = (await authorize('s', pkce.codeChallenge)).searchParams.get('code') ?? '';
    const wrong = await oauth.exchangeCode(code, createPkcePair().codeVerifier).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ZoomReconnectRequiredError);
    expect(wrong).toMatchObject({ connectionId: undefined });
    await expect(oauth.exchangeCode(code, pkce.codeVerifier)).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
  });

  it('rotates the refresh token on every refresh; the old one is dead at once', async () => {
    const issued = mock.issueTokensFor(mock.defaultUser.id);
    const first = await oauth.refresh(issued.refresh_token);
    expect(first.refreshToken).not.toBe(issued.refresh_token);
    expect(first.accessToken).not.toBe(issued.access_token);

    const reused = await oauth.refresh(issued.refresh_token).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(ZoomReconnectRequiredError);
    expect((reused as Error).message).toBe('Zoom connection (new) must be re-authorized: invalid_grant (Invalid Token!)');
    expect((reused as Error).message).not.toContain(issued.refresh_token);

    const second = await oauth.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
  });

  it('revokes a token: the API then answers 401 code 124', async () => {
    const issued = mock.issueTokensFor(mock.defaultUser.id);
    await oauth.revoke(issued.access_token);
    const api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(staticAccessToken(issued.access_token));
    const error = await api.getUser().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({ status: 401, zoomCode: 124, isInvalidAccessToken: true });
    await expect(oauth.refresh(issued.refresh_token)).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
  });

  it('gets Server-to-Server account credentials without a refresh token', async () => {
    const tokens = await oauth.accountCredentials(mock.accountId);
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.expiresAt).toEqual(new Date(NOW + 3600_000));
    expect(tokens.scopes).toContain('scheduler:read:admin');
    expect('refreshToken' in tokens).toBe(false);
  });

  it('reports a bad client secret as ZoomOAuthError without leaking it', async () => {
    const secret = 'definitely-not-the-secret';
    const bad = new ZoomOAuth({ oauthBaseUrl: mock.oauthBaseUrl, clientId: mock.clientId, clientSecret: secret });
    const error = await bad.accountCredentials(mock.accountId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomOAuthError);
    expect(error).toMatchObject({ status: 401, oauthError: 'invalid_client' });
    expect((error as Error).message).not.toContain(secret);
    expect(() => bad.authorizeUrl({ state: 's', codeChallenge: 'c' })).toThrow('redirectUri is required');
  });
});

describe("ZoomOAuth reading Zoom's token answers", () => {
  let zoom: ScriptedServer;
  let oauth: ZoomOAuth;
  beforeAll(async () => {
    zoom = await startScriptedServer();
    oauth = new ZoomOAuth({
      oauthBaseUrl: zoom.baseUrl,
      clientId: 'id',
      clientSecret: 'secret-of-the-app',
      redirectUri: REDIRECT_URI,
      now: () => NOW,
    });
  });
  afterAll(() => zoom.close());

  const exchange = (body: unknown) => {
    zoom.script({ status: 200, body });
    return oauth.exchangeCode('code', 'verifier').catch((error: unknown) => error);
  };

  it('takes seconds sent as text, keeps the scopes, and names the first unusable field', async () => {
    await expect(exchange({ access_token: 'a', refresh_token: 'r', expires_in: '3600', scope: 'a:b,c:d e' })).resolves.toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: new Date(NOW + 3600_000),
      scopes: ['a:b', 'c:d', 'e'],
      apiUrl: undefined,
    });
    const unusable: Array<[unknown, string]> = [
      [[], ''],
      ['text', ''],
      [{ expires_in: 3600, refresh_token: 'r' }, 'access_token'],
      [{ access_token: '', expires_in: 3600, refresh_token: 'r' }, 'access_token'],
      [{ access_token: 'a', expires_in: 'soon', refresh_token: 'r' }, 'expires_in'],
      [{ access_token: 'a', expires_in: '1.5', refresh_token: 'r' }, 'expires_in'],
      [{ access_token: 'a', expires_in: 3600, refresh_token: '' }, 'refresh_token'],
      [{ access_token: 'a', expires_in: 3600, refresh_token: 'r', scope: 5 }, 'scope'],
      [{ access_token: 'a', expires_in: 3600, refresh_token: 'r', api_url: null }, 'api_url'],
    ];
    for (const [body, field] of unusable) {
      const error = await exchange(body);
      expect(error).toBeInstanceOf(ZoomResponseError);
      expect(error).toMatchObject({ operation: 'oauth.exchange_code', field, problem: 'is missing or invalid' });
    }
    expect(await exchange({ access_token: 'a', expires_in: 3600 })).toMatchObject({ field: 'refresh_token', problem: 'is missing' });
  });

  it("reads Zoom's error and reason only when both are text or absent", async () => {
    zoom.script({ status: 400, body: { error: 'invalid_grant', reason: 'Invalid Token!' } });
    await expect(oauth.refresh('old-refresh-token')).rejects.toBeInstanceOf(ZoomReconnectRequiredError);
    zoom.script({ status: 400, body: { error: 'invalid_request', reason: 7 } });
    await expect(oauth.refresh('old-refresh-token')).rejects.toMatchObject({ status: 400, oauthError: undefined, reason: undefined });
    zoom.script({ status: 401, body: { error: 'invalid_client' } });
    await expect(oauth.refresh('old-refresh-token')).rejects.toMatchObject({
      status: 401,
      oauthError: 'invalid_client',
      reason: undefined,
    });
  });
});
