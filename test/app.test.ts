import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { buildOnce, freePort, spawnApp, testEnv, waitForLogLine, type AppProcess } from './support/app-process';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from './support/postgres';
import { createTempDir, type TempDir } from './support/temp-dir';
import { startFakeSlack, type FakeSlack } from '../dev/fake-slack';

/** The committed migrations, oldest first: what a fresh database gets applied. */
const COMMITTED_MIGRATIONS = readdirSync(path.join(__dirname, '../prisma/migrations/sqlite'))
  .filter((name) => /^\d+_/.test(name))
  .sort();

jest.setTimeout(60000);

let dir: TempDir;
const running: AppProcess[] = [];
function start(env: NodeJS.ProcessEnv): AppProcess {
  const app = spawnApp(env, dir.path);
  running.push(app);
  return app;
}
// The app learns its bot identity with one auth.test at start-up, so it needs a Slack that answers.
let slack: FakeSlack;
beforeAll(async () => {
  buildOnce();
  slack = await startFakeSlack();
});
afterAll(() => slack.close());
const slackEnv = () => ({ SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl });
afterEach(() => {
  // A failed assertion must not leave a server behind.
  for (const app of running.splice(0)) if (app.child.exitCode === null) app.child.kill('SIGKILL');
});
beforeEach(() => {
  dir = createTempDir();
});
afterEach(() => dir.remove());

async function healthz(port: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: response.status, body: await response.json() };
}

describe('npm start (compiled app)', () => {
  it('exits 1 with one message naming every missing variable', async () => {
    const app = start({ PATH: process.env.PATH });
    expect(await app.exited).toBe(1);
    const message = app.stderr();
    expect(message.split('\n')[0]).toBe('Invalid configuration:');
    for (const name of ['TOKEN_ENCRYPTION_KEY', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET']) {
      expect(message).toContain(`  - ${name} is required`);
    }
    expect(app.stdout.join('')).toBe('');
  });

  it('refuses to start with a bot token Slack does not accept, in one sentence', async () => {
    const port = await freePort();
    const app = start(testEnv({ PORT: String(port), DATABASE_URL: 'file:./app.db', ...slackEnv(), SLACK_BOT_TOKEN: 'xoxb-revoked' }));
    expect(await app.exited).toBe(1);
    expect(app.stderr().trim()).toBe('Start-up failed: Slack did not accept SLACK_BOT_TOKEN (auth.test: invalid_auth).');
  });

  it('migrates, serves /healthz on SQLite, stops on SIGTERM, and restarts on the existing database', async () => {
    const port = await freePort();
    const env = testEnv({ PORT: String(port), DATABASE_URL: 'file:./nested/folder/app.db', ...slackEnv() });

    const first = start(env);
    const migrated = await waitForLogLine(first, 'database migrations applied');
    expect(migrated.applied).toEqual(COMMITTED_MIGRATIONS);
    const started = await waitForLogLine(first, 'zoom scheduler for slack started');
    expect(started).toMatchObject({ level: 30, port, database: 'sqlite', slackMode: 'single-workspace', zoomLive: false });
    expect(await healthz(port)).toEqual({ status: 200, body: { status: 'ok' } });

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start(env);
    const again = await waitForLogLine(second, 'database schema is up to date');
    expect(again.applied).toEqual([]);
    await waitForLogLine(second, 'zoom scheduler for slack started');
    expect(await healthz(port)).toEqual({ status: 200, body: { status: 'ok' } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // Nothing secret in what it logged.
    expect(second.stdout.join('\n')).not.toContain(env.TOKEN_ENCRYPTION_KEY);
  });
});

describeWithPostgres('npm start on PostgreSQL', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase('zs_app');
  });
  afterEach(async () => database.drop());

  it('serves /healthz, answers 503 once the database is gone, and restarts cleanly', async () => {
    const port = await freePort();
    const env = testEnv({ PORT: String(port), DATABASE_URL: database.url, ...slackEnv() });

    const first = start(env);
    await waitForLogLine(first, 'zoom scheduler for slack started');
    expect(await healthz(port)).toEqual({ status: 200, body: { status: 'ok' } });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start(env);
    expect((await waitForLogLine(second, 'database schema is up to date')).applied).toEqual([]);
    await waitForLogLine(second, 'zoom scheduler for slack started');
    expect(await healthz(port)).toEqual({ status: 200, body: { status: 'ok' } });

    // Take the database away under the running app.
    const admin = new Client({ connectionString: new URL('/postgres', database.url).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE "${database.name}" WITH (FORCE)`);
    await admin.end();
    const down = await healthz(port);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable', reason: 'database not answering' });

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
