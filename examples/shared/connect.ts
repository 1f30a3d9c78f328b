/**
 * How the examples reach Zoom Scheduler:
 * - the built-in mock (default; also when IS_LIVE_SERVER=false), started in-process;
 * - Zoom with Server-to-Server OAuth: ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_ACCOUNT_ID, ZOOM_USER_ID;
 * - Zoom with a shared account: ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET, ZOOM_REFRESH_TOKEN (and ZOOM_USER_ID);
 *   the rotated refresh token is kept in ZOOM_TOKEN_FILE (default data/zoom-example-tokens.json).
 */
import { join } from 'node:path';
import { startZoomMock } from '../../src/zoom/mock';
import {
  staticAccessToken,
  ZoomOAuth,
  ZoomSchedulerClient,
  ZoomServerToServerAuth,
  ZoomTokenManager,
  type ZoomAuth,
  type ZoomSchedulerApi,
} from '../../src/zoom';
import { JsonFileTokenStore } from './json-file-token-store';

export interface ExampleConnection {
  api: ZoomSchedulerApi;
  /** The Zoom user the example acts for (sent as `user_id` where the API takes one). */
  userId: string;
  description: string;
  close(): Promise<void>;
}

export async function connect(env: NodeJS.ProcessEnv = process.env): Promise<ExampleConnection> {
  const { ZOOM_CLIENT_ID: clientId, ZOOM_CLIENT_SECRET: clientSecret } = env;
  const live = env['IS_LIVE_SERVER'] !== 'false' && clientId && clientSecret && (env['ZOOM_ACCOUNT_ID'] || env['ZOOM_REFRESH_TOKEN']);
  if (!live) return connectToMock();

  const oauth = new ZoomOAuth({ oauthBaseUrl: env['ZOOM_OAUTH_BASE_URL'], clientId, clientSecret });
  const client = new ZoomSchedulerClient({ apiBaseUrl: env['ZOOM_API_BASE_URL'] });
  const userId = env['ZOOM_USER_ID'] ?? 'me';
  let auth: ZoomAuth;
  if (env['ZOOM_ACCOUNT_ID']) {
    auth = new ZoomServerToServerAuth({ oauth, accountId: env['ZOOM_ACCOUNT_ID'] }).forUser(userId);
  } else {
    const store = new JsonFileTokenStore(env['ZOOM_TOKEN_FILE'] ?? join(process.cwd(), 'data', 'zoom-example-tokens.json'));
    store.seedIfMissing('example-shared-account', env['ZOOM_REFRESH_TOKEN'] ?? '');
    auth = new ZoomTokenManager({ oauth, store }).authFor('example-shared-account', env['ZOOM_USER_ID']);
  }
  return { api: client.as(auth), userId, description: 'Zoom', close: async () => undefined };
}

async function connectToMock(): Promise<ExampleConnection> {
  const mock = await startZoomMock();
  const tokens = mock.issueTokensFor(mock.defaultUser.id);
  const api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(staticAccessToken(tokens.access_token));
  return {
    api,
    userId: mock.defaultUser.id,
    description: `the built-in Zoom mock at ${mock.apiBaseUrl}`,
    close: async () => {
      // The mock checks every request against Zoom's OpenAPI; an example that breaks the contract must not pass.
      for (const violation of mock.violations)
        console.error(`OpenAPI violation in ${violation.operation ?? violation.path}: ${violation.message}`);
      if (mock.violations.length > 0) process.exitCode = 1;
      await mock.close();
    },
  };
}

/** Runs an example, always stopping the mock; a failure is printed (no stack, no secrets) and exits with 1. */
export async function runExample(body: (connection: ExampleConnection) => Promise<void>): Promise<void> {
  try {
    const connection = await connect();
    console.log(`Using ${connection.description}\n`);
    try {
      await body(connection);
    } finally {
      await connection.close();
    }
  } catch (error) {
    console.error(`Example failed: ${errorMessage(error)}`);
    process.exitCode = 1;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
