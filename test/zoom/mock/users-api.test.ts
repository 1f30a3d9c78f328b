/** The mock's `GET /v2/users/me` (Zoom Users API, outside the Scheduler spec), over raw HTTP. */
import type { ZoomMock } from '../../../src/zoom/mock';
import { api, startMock, tokenRequest } from './helpers';

describe('Zoom mock: GET /v2/users/me', () => {
  let mock: ZoomMock;
  beforeAll(async () => {
    mock = await startMock({ seed: false });
  });
  afterAll(() => mock.close());

  it('answers the user token owner and records no spec violation', async () => {
    const dana = mock.addUser({ displayName: 'Dana Li Wu', email: 'dana@example.com' });
    const response = await api(mock, mock.issueTokensFor(dana.id).access_token, 'GET', '/users/me');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: dana.id,
      account_id: mock.accountId,
      email: 'dana@example.com',
      display_name: 'Dana Li Wu',
      first_name: 'Dana',
      last_name: 'Li Wu',
      timezone: 'UTC',
      type: 2,
      status: 'active',
    });
    expect(mock.violations).toEqual([]);
  });

  it('answers a Server-to-Server token as the default user', async () => {
    const token = await tokenRequest(mock, { grant_type: 'account_credentials', account_id: mock.accountId });
    const response = await api(mock, token.body.access_token, 'GET', '/users/me');
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(mock.defaultUser.id);
    expect(response.body.email).toBe(mock.defaultUser.email);
  });

  it('refuses a missing, unknown or expired token with 401 code 124', async () => {
    const tokens = mock.issueTokensFor(mock.defaultUser.id);
    expect(await api(mock, 'nope', 'GET', '/users/me')).toMatchObject({ status: 401, body: { code: 124 } });
    mock.expireAccessTokens();
    expect(await api(mock, tokens.access_token, 'GET', '/users/me')).toMatchObject({ status: 401, body: { code: 124 } });
  });

  it('still reports other unknown /v2 paths as violations', async () => {
    const before = mock.violations.length;
    const response = await api(mock, mock.issueTokensFor(mock.defaultUser.id).access_token, 'GET', '/users/someone/settings');
    expect(response.status).toBe(404);
    expect(mock.violations.slice(before)).toEqual([
      { method: 'GET', path: '/v2/users/someone/settings', operation: undefined, message: 'no operation matches /users/someone/settings' },
    ]);
  });

  it('serves GET /users/{userId} by e-mail to a Server-to-Server token, and 404 code 1001 for an unknown user', async () => {
    const violationsBefore = mock.violations.length;
    const token = await tokenRequest(mock, { grant_type: 'account_credentials', account_id: mock.accountId });
    const fay = mock.addUser({ displayName: 'Fay Oh', email: 'fay@example.com' });
    const found = await api(mock, token.body.access_token, 'GET', '/users/fay%40example.com');
    expect(found).toMatchObject({
      status: 200,
      body: { id: fay.id, email: 'fay@example.com', display_name: 'Fay Oh', account_id: mock.accountId },
    });
    const unknown = await api(mock, token.body.access_token, 'GET', '/users/ghost%40example.com');
    expect(unknown).toMatchObject({ status: 404, body: { code: 1001, message: 'User does not exist: ghost@example.com.' } });
    expect(mock.violations.slice(violationsBefore)).toEqual([]);
  });
});
