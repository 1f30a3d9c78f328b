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
    const response = await api(mock, mock.issueTokensFor(mock.defaultUser.id).access_token, 'GET', '/users/someone');
    expect(response.status).toBe(404);
    expect(mock.violations.slice(before)).toEqual([{ method: 'GET', path: '/v2/users/someone', operation: undefined, message: 'no operation matches /users/someone' }]);
  });
});
