import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FakeSlack } from '../../dev/fake-slack';
import { applyMigrations, createStore, type Store } from '../../src/store';
import { signZoomWebhook } from '../../src/zoom';
import { buildOnce, freePort, spawnApp, waitForLogLine, type AppProcess } from './app-process';
import { createTestDatabase, describeWithPostgres } from './postgres';
import { createTempDir } from './temp-dir';

/**
 * The crash tests' common ground: the compiled app as child processes on one database (SQLite file or PostgreSQL),
 * a store on the same database for the test to seed and inspect, every process SIGKILLed after each test.
 */

export type CrashProvider = 'sqlite' | 'postgresql';

export interface CrashDatabase {
  readonly provider: CrashProvider;
  /** Set once the suite's beforeAll has run. */
  readonly databaseUrl: string;
  readonly store: Store;
  /** TOKEN_ENCRYPTION_KEY shared by the test's store and every process. */
  readonly encryptionKey: string;
  /**
   * Spawns the app on the database with `env(port)` on top of PORT, DATABASE_URL and the key; resolves once it has
   * started. It is killed after the test if still running.
   */
  startApp(cwd: string, env: (port: number) => Record<string, string>): Promise<{ app: AppProcess; port: number }>;
}

/**
 * Declares `body` twice: on a fresh SQLite file and (when the test server is there) a fresh PostgreSQL database.
 * `name` titles both describes, e.g. `digest crashes` → "digest crashes on SQLite".
 */
export function describeOnBothDatabases(name: string, body: (database: CrashDatabase) => void): void {
  describe(`${name} on SQLite`, () => {
    body(
      useCrashDatabase('sqlite', async () => {
        const dir = createTempDir();
        return { url: `file:${path.join(dir.path, 'crash.db')}`, cleanup: async () => dir.remove() };
      }),
    );
  });
  describeWithPostgres(`${name} on PostgreSQL`, () => {
    body(
      useCrashDatabase('postgresql', async () => {
        const db = await createTestDatabase('zs_crash');
        return { url: db.url, cleanup: () => db.drop() };
      }),
    );
  });
}

function useCrashDatabase(provider: CrashProvider, create: () => Promise<{ url: string; cleanup(): Promise<void> }>): CrashDatabase {
  const encryptionKey = randomBytes(32).toString('base64');
  const running: AppProcess[] = [];
  let databaseUrl = '';
  let store: Store | undefined;
  let cleanup: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    buildOnce();
    const created = await create();
    databaseUrl = created.url;
    cleanup = created.cleanup;
    await applyMigrations(databaseUrl);
    store = createStore({ databaseUrl, encryptionKey });
  });
  afterEach(async () => {
    for (const app of running.splice(0)) {
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      await app.exited;
    }
  });
  afterAll(async () => {
    await store?.close();
    await cleanup();
  });

  return {
    provider,
    get databaseUrl() {
      return databaseUrl;
    },
    get store() {
      if (!store) throw new Error('the crash database is set up in beforeAll; use it inside a test');
      return store;
    },
    encryptionKey,
    startApp: async (cwd, env) => {
      const port = await freePort();
      const app = spawnApp(
        { PATH: process.env.PATH, ...env(port), PORT: String(port), DATABASE_URL: databaseUrl, TOKEN_ENCRYPTION_KEY: encryptionKey },
        cwd,
      );
      running.push(app);
      await waitForLogLine(app, 'zoom scheduler for slack started', 30_000);
      return { app, port };
    },
  };
}

/** A Slack user id no other test uses. */
export function newSlackUserId(): string {
  return `U0${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Polls `probe` until it returns something, or fails after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Posts `body` to the process's Zoom webhook route, signed with `secretToken` as Zoom signs it. */
export async function deliverZoomWebhook(port: number, secretToken: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const rawBody = JSON.stringify(body);
  const response = await fetch(`http://127.0.0.1:${port}/zoom/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signZoomWebhook({ secretToken, rawBody, timestampSeconds: Date.now() / 1000 }),
      'x-zm-request-id': randomUUID(),
    },
    body: rawBody,
  });
  return { status: response.status, body: await response.json() };
}

/**
 * A process that takes Zoom webhooks signed with `webhookSecret`, with a bot token of its own so that the fake
 * Slack can tell which process is calling (and kill that one), and 2-second job leases so a kill is taken over fast.
 */
export async function startWebhookProcess(
  database: CrashDatabase,
  slack: FakeSlack,
  options: { name: string; cwd: string; webhookSecret: string },
): Promise<{ app: AppProcess; token: string; port: number }> {
  const token = `xoxb-process-${options.name}-${randomUUID()}`;
  slack.addBotToken(token);
  const { app, port } = await database.startApp(options.cwd, () => ({
    SLACK_SIGNING_SECRET: 'fault-signing-secret',
    SLACK_BOT_TOKEN: token,
    SLACK_API_URL: slack.apiUrl,
    IS_LIVE_SERVER: 'false',
    ZOOM_WEBHOOK_SECRET_TOKEN: options.webhookSecret,
    JOB_LEASE_SECONDS: '2',
  }));
  return { app, token, port };
}

/** The lines a crash suite reports (kills × steps × outcomes), printed together under `title` once the suite ends. */
export function reportedOutcomes(title: string): string[] {
  const outcomes: string[] = [];
  afterAll(() => {
    if (outcomes.length > 0) process.stdout.write(`${title}:\n${outcomes.map((line) => `  ${line}`).join('\n')}\n`);
  });
  return outcomes;
}
