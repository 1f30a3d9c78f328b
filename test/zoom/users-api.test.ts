/** The Zoom Users API outside the Scheduler spec: `getCurrentUser` (`GET /users/me`) and `getZoomUser` (`GET /users/{userId}`). */
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { staticAccessToken, ZoomApiError, ZoomOAuth, ZoomResponseError, ZoomSchedulerClient, ZoomServerToServerAuth } from '../../src/zoom';
import { startScriptedServer, type ScriptedServer } from './support/scripted-server';

describe('getCurrentUser against the mock', () => {
  let mock: ZoomMock;
  beforeAll(async () => {
    mock = await startZoomMock({ seed: false });
  });
  afterEach(() => expect(mock.violations).toEqual([]));
  afterAll(() => mock.close());

  const apiFor = (accessToken: string) =>
    new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, retry: { baseDelayMs: 1 } }).as(staticAccessToken(accessToken));

  it("returns the token's own Zoom user with account id and email", async () => {
    const bea = mock.addUser({ displayName: 'Bea Ng', email: 'bea@example.com', timeZone: 'Europe/Paris' });
    const me = await apiFor(mock.issueTokensFor(bea.id).access_token).getCurrentUser();
    expect(me).toEqual({
      id: bea.id,
      account_id: mock.accountId,
      email: 'bea@example.com',
      display_name: 'Bea Ng',
      first_name: 'Bea',
      last_name: 'Ng',
      timezone: 'Europe/Paris',
      type: 2,
      status: 'active',
    });
  });

  it('ignores the shared account\'s acting user: "me" is always the token owner', async () => {
    const carl = mock.addUser({ displayName: 'Carl Ode' });
    const tokens = mock.issueTokensFor(carl.id);
    const client = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl });
    const me = await client.as(staticAccessToken(tokens.access_token, carl.id)).getCurrentUser();
    expect(me.id).toBe(carl.id);
    expect(mock.stats.requests.at(-1)).toEqual({ method: 'GET', path: '/v2/users/me', status: 200 });
  });

  it('answers a dead token with 401 code 124 and a token without user:read with 400 code 4700', async () => {
    const error = await apiFor('not-a-token')
      .getCurrentUser()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({ status: 401, zoomCode: 124, operation: 'users_me' });

    const scoped = mock.issueTokensFor(mock.defaultUser.id, ['scheduler:read']);
    const refused = await apiFor(scoped.access_token)
      .getCurrentUser()
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, zoomCode: 4700 });
  });

  it('applies queued faults to /users/me like to any other path', async () => {
    mock.faults.enqueue({ path: /^\/v2\/users\/me$/, status: 503, times: 5 });
    const error = await apiFor(mock.issueTokensFor(mock.defaultUser.id).access_token)
      .getCurrentUser()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, operation: 'users_me' });
    mock.faults.clear();
  });
});

describe('getCurrentUser parses leniently', () => {
  let zoom: ScriptedServer;
  beforeAll(async () => {
    zoom = await startScriptedServer();
  });
  afterAll(() => zoom.close());

  const api = () => new ZoomSchedulerClient({ apiBaseUrl: `${zoom.baseUrl}/v2` }).as(staticAccessToken('t0k3n'));

  it('keeps unknown fields, drops nulls, turns a numeric id into a string, and sends no user_id', async () => {
    zoom.script({ status: 200, body: { id: 12345, email: null, display_name: 'Dee', role_name: 'Owner', type: '1' } });
    const me = await api().getCurrentUser();
    expect(me).toEqual({ id: '12345', display_name: 'Dee', role_name: 'Owner', type: 1 });
    expect(zoom.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v2/users/me' });
    expect(zoom.requests.at(-1)?.headers.authorization).toBe('Bearer t0k3n');
  });

  it('refuses an answer without an id, naming the field', async () => {
    zoom.script({ status: 200, body: { email: 'x@example.com' } });
    const error = await api()
      .getCurrentUser()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as Error).message).toContain('id');
  });
});

describe('getZoomUser (GET /users/{userId}) against the mock', () => {
  let mock: ZoomMock;
  beforeAll(async () => {
    mock = await startZoomMock({ seed: false });
  });
  afterEach(() => expect(mock.violations).toEqual([]));
  afterAll(() => mock.close());

  const client = () => new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl, retry: { baseDelayMs: 1, maxAttempts: 1 } });
  const accountAuth = () =>
    new ZoomServerToServerAuth({
      oauth: new ZoomOAuth({
        oauthBaseUrl: mock.oauthBaseUrl,
        clientId: mock.clientId,
        clientSecret: mock.clientSecret,
        redirectUri: 'http://127.0.0.1/cb',
      }),
      accountId: mock.accountId,
    });

  it('finds any user of the account by Zoom user id or by e-mail (any case) with a Server-to-Server token', async () => {
    const dee = mock.addUser({ displayName: 'Dee Fox', email: 'dee.fox@example.com', timeZone: 'Asia/Tokyo' });
    const expected = {
      id: dee.id,
      account_id: mock.accountId,
      email: 'dee.fox@example.com',
      display_name: 'Dee Fox',
      first_name: 'Dee',
      last_name: 'Fox',
      timezone: 'Asia/Tokyo',
      type: 2,
      status: 'active',
    };
    const api = client().as(accountAuth());
    expect(await api.getZoomUser(dee.id)).toEqual(expected);
    expect(await api.getZoomUser('DEE.Fox@Example.com')).toEqual(expected);
    expect(mock.stats.requests.at(-1)).toEqual({ method: 'GET', path: '/v2/users/DEE.Fox%40Example.com', status: 200 });
    expect(mock.stats.tokenRequests.account_credentials).toBe(1);
  });

  it('sends no user_id even when acting for a user: the path names the user', async () => {
    await client().as(accountAuth().forUser(mock.defaultUser.id)).getZoomUser(mock.defaultUser.email);
    expect(mock.stats.requests.at(-1)).toEqual({
      method: 'GET',
      path: `/v2/users/${encodeURIComponent(mock.defaultUser.email)}`,
      status: 200,
    });
  });

  it('answers an unknown user with 404 code 1001, naming it', async () => {
    const error = await client()
      .as(accountAuth())
      .getZoomUser('nobody@example.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({
      status: 404,
      zoomCode: 1001,
      zoomMessage: 'User does not exist: nobody@example.com.',
      operation: 'users_get',
    });
  });

  it('lets a user token read only its own profile, and refuses others without user:read:admin', async () => {
    const eve = mock.addUser({ email: 'eve@example.com' });
    const api = client().as(staticAccessToken(mock.issueTokensFor(eve.id).access_token));
    expect((await api.getZoomUser('eve@example.com')).id).toBe(eve.id);
    for (const other of [mock.defaultUser.id, 'nobody@example.com']) {
      const refused = await api.getZoomUser(other).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 400, zoomCode: 4700 });
    }
  });
});
