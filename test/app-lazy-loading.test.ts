/**
 * What `npm start` loads: a live server never carries the Zoom mock's code, a SQLite one never loads the
 * PostgreSQL driver or its Prisma client, and the other way round, and prom-client waits for the first
 * observation or scrape (never, without METRICS_TOKEN: no scrape could read it); Zoom's published spec (476 kB
 * of JSON) waits for the first Zoom call, and zod (the Zoom client does not use it) for the first webhook to parse; luxon waits for the first date src/time.ts computes, and the Block Kit barrel for the first message built; the listener modules, with the flows and modal handlers they import, wait for their first
 * Slack request, and Bolt's Socket Mode (with undici) is never loaded over HTTP (each costs start-up time and resident memory).
 * The compiled app runs in a child process; a preloaded hook records its module cache, and the files it read
 * whole, at exit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOnce, freePort, spawnApp, testEnv, waitForLogLine } from './support/app-process';
import { createTestDatabase, describeWithPostgres } from './support/postgres';
import { createTempDir, type TempDir } from './support/temp-dir';
import { startFakeSlack, type FakeSlack } from '../dev/fake-slack';
import { sendSignedRequest, slashCommandBody } from '../dev/slack-signing';

jest.setTimeout(60000);

let slack: FakeSlack;
let dir: TempDir;
beforeAll(async () => {
  buildOnce();
  slack = await startFakeSlack();
});
afterAll(() => slack.close());
beforeEach(() => {
  dir = createTempDir();
});
afterEach(() => dir.remove());

const LIVE_ZOOM = { IS_LIVE_SERVER: 'true', ZOOM_CLIENT_ID: 'client', ZOOM_CLIENT_SECRET: 'secret', PUBLIC_BASE_URL: 'http://127.0.0.1' };

/**
 * Starts the compiled app, waits until it serves, runs `whileUp` against its port, stops it, and returns the
 * module files it had loaded.
 */
async function modulesLoadedBy(overrides: Record<string, string>, whileUp?: (port: number) => Promise<void>): Promise<string[]> {
  const file = path.join(dir.path, 'loaded-modules.json');
  const port = await freePort();
  const env = testEnv({
    PORT: String(port),
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    NODE_OPTIONS: `--require ${path.join(__dirname, 'support', 'record-loaded-modules.js')}`,
    LOADED_MODULES_FILE: file,
    ...overrides,
  });
  const app = spawnApp(env, dir.path);
  try {
    await waitForLogLine(app, 'zoom scheduler for slack started');
    await whileUp?.(port);
  } finally {
    app.child.kill('SIGTERM');
  }
  expect(await app.exited).toBe(0);
  return (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((f) => f.split(path.sep).join('/'));
}

const zoomMock = (files: string[]) => files.filter((f) => f.includes('/src/zoom/mock/'));
const postgres = (files: string[]) =>
  files.filter((f) => /\/node_modules\/(pg|@prisma\/adapter-pg)\/|\/generated\/prisma-postgresql\//.test(f));
const promClient = (files: string[]) => files.filter((f) => /\/node_modules\/(prom-client|@opentelemetry\/api)\//.test(f));
const parsing = (files: string[]) => files.filter((f) => f.includes('/node_modules/zod/') || f.endsWith('/zoom/openapi/endpoints.json'));
/** A listener module proper (not the kinds' index.ts, which only declare ids) or a flow it runs. */
const listenerModules = (files: string[]) =>
  files.filter(
    (f) => /\/slack\/listeners\/(actions|commands|events|shortcuts|views)\/(?!index\.js$)/.test(f) || f.includes('/slack/flows/'),
  );
const listenerIndexes = (files: string[]) =>
  files.filter((f) => /\/slack\/listeners\/(actions|commands|events|shortcuts|views)\/index\.js$/.test(f));
/** The Block Kit barrel: most of the builders, wanted only once a message or view is built. */
const blockKitBarrel = (files: string[]) => files.filter((f) => f.endsWith('/slack/blocks/index.js'));
const luxon = (files: string[]) => files.filter((f) => f.includes('/node_modules/luxon/'));
/** Socket Mode's client and undici, which Bolt's entry module would load for a receiver this app never builds. */
const socketMode = (files: string[]) =>
  files.filter((f) => f.includes('/node_modules/undici/') || f.endsWith('/@slack/socket-mode/dist/src/SocketModeClient.js'));
const sqlite = (files: string[]) =>
  files.filter((f) => /\/node_modules\/(better-sqlite3|@prisma\/adapter-better-sqlite3)\/|\/generated\/prisma-sqlite\//.test(f));

it('a live server on SQLite loads neither the Zoom mock nor the PostgreSQL driver', async () => {
  const files = await modulesLoadedBy({ ...LIVE_ZOOM, DATABASE_URL: 'file:./app.db' });
  expect(sqlite(files).length).toBeGreaterThan(0);
  expect(zoomMock(files)).toEqual([]);
  expect(postgres(files)).toEqual([]);
  expect(promClient(files)).toEqual([]);
  expect(parsing(files)).toEqual([]);
  expect(luxon(files)).toEqual([]);
  expect(blockKitBarrel(files)).toEqual([]);
  expect(socketMode(files)).toEqual([]);
  expect(listenerIndexes(files)).toHaveLength(5);
  // replies.ts is the unclaimed-request fallback's, which must be in place from the first request on.
  expect(listenerModules(files)).toEqual([expect.stringMatching(/\/slack\/flows\/replies\.js$/)]);
});

it('a listener module is loaded at its first request (so the check above can see it)', async () => {
  const files = await modulesLoadedBy({ ...LIVE_ZOOM, DATABASE_URL: 'file:./app.db' }, async (port) => {
    const help = slashCommandBody({ teamId: 'T0LAZY', userId: 'U0LAZY', text: 'help', responseUrl: 'http://127.0.0.1:9/r' });
    const answer = await sendSignedRequest(`http://127.0.0.1:${port}/slack/events`, help, 'test-signing-secret');
    expect(answer.status).toBe(200);
  });
  expect(listenerModules(files)).toContainEqual(expect.stringMatching(/\/listeners\/commands\/zoom-schedule\/listener\.js$/));
  // The help answer is built with the barrel's builders.
  expect(blockKitBarrel(files)).toHaveLength(1);
  // Only the module asked for: no modal submission arrived.
  expect(files.filter((f) => /\/listeners\/views\/(?!index\.js$)/.test(f))).toEqual([]);
  // Without METRICS_TOKEN nothing can read metrics, so a served request records none.
  expect(promClient(files)).toEqual([]);
});

it('the mock is loaded when it is asked for (so the check above can see it)', async () => {
  const files = await modulesLoadedBy({ IS_LIVE_SERVER: 'false', DATABASE_URL: 'file:./app.db' });
  expect(zoomMock(files).length).toBeGreaterThan(0);
  // The mock validates requests against Zoom's spec, which is read from disk, not required: the hook sees it.
  expect(parsing(files)).toContainEqual(expect.stringMatching(/\/zoom\/openapi\/endpoints\.json$/));
  // The mock keeps its own calendar (src/zoom/mock/time.ts), which imports luxon at once.
  expect(luxon(files).length).toBeGreaterThan(0);
});

describeWithPostgres('on PostgreSQL', () => {
  it('a live server loads neither the Zoom mock nor SQLite', async () => {
    const database = await createTestDatabase();
    try {
      const files = await modulesLoadedBy({ ...LIVE_ZOOM, DATABASE_URL: database.url });
      expect(postgres(files).length).toBeGreaterThan(0);
      expect(zoomMock(files)).toEqual([]);
      expect(sqlite(files)).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
