/**
 * The operation table is read from the spec without building any response parser, each parser is built at its
 * operation's first call, and none of it loads zod: connecting an account (a token exchange, `users/me`, `get_user`)
 * must not pay for a schema library's 95 modules. Each test gets its own module registry, so "zod loaded" means
 * loaded by what that test did.
 */
import type * as Operations from '../../src/zoom/operations';
import type * as OAuth from '../../src/zoom/auth/oauth';
import { startScriptedServer } from './support/scripted-server';

function fresh(): { operations: typeof Operations; oauth: typeof OAuth; zodLoaded: () => boolean } {
  let loaded = false;
  let modules: { operations: typeof Operations; oauth: typeof OAuth } | undefined;
  jest.isolateModules(() => {
    jest.doMock('zod', () => {
      loaded = true;
      return jest.requireActual<typeof import('zod')>('zod');
    });
    modules = {
      operations: require('../../src/zoom/operations') as typeof Operations,
      oauth: require('../../src/zoom/auth/oauth') as typeof OAuth,
    };
  });
  return { ...modules!, zodLoaded: () => loaded };
}

afterEach(() => jest.dontMock('zod'));

it('reads the table and parses a response without loading zod', () => {
  const { operations, zodLoaded } = fresh();
  const getUser = operations.operationSpec('get_user');
  expect(getUser).toMatchObject({ method: 'GET', pathTemplate: '/scheduler/users/{userId}' });
  expect(getUser.responseParser!()({ time_zone: 'Europe/Paris', slug: null, extra: 1 })).toEqual({
    time_zone: 'Europe/Paris',
    slug: undefined,
    extra: 1,
  });
  expect(operations.operationSpec('users_me').responseParser!()({ id: 42 })).toEqual({ id: '42' });
  expect(zodLoaded()).toBe(false);
});

it("builds one operation's parser at its first use, once", () => {
  const { operations } = fresh();
  const getUser = operations.operationSpec('get_user');
  const parser = getUser.responseParser!();
  expect(getUser.responseParser!()).toBe(parser);
  expect(operations.operationSpec('get_schedule').responseParser!()).not.toBe(parser);
});

it('leaves 204 operations without a parser', () => {
  const { operations } = fresh();
  expect(operations.operationSpec('delete_schedules').responseParser).toBeUndefined();
});

it('exchanges an OAuth code without loading zod', async () => {
  const zoom = await startScriptedServer();
  try {
    zoom.script({ status: 200, body: { access_token: 'a', refresh_token: 'r', expires_in: '3600', scope: 'x y' } });
    const { oauth, zodLoaded } = fresh();
    const client = new oauth.ZoomOAuth({
      oauthBaseUrl: zoom.baseUrl,
      clientId: 'id',
      clientSecret: 'secret',
      redirectUri: 'http://127.0.0.1/cb',
    });
    await expect(client.exchangeCode('code', 'verifier')).resolves.toMatchObject({
      accessToken: 'a',
      refreshToken: 'r',
      scopes: ['x', 'y'],
    });
    expect(zodLoaded()).toBe(false);
  } finally {
    await zoom.close();
  }
});
