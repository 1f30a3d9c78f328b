/**
 * `npm run doctor` against the demo stack: the real app's database, the fake Slack Web API and the Zoom mock
 * (as a "live" Zoom at a loopback URL), and against broken settings, each of which must give a ✘ with a fix
 * and no secret in the output.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDoctor, type DoctorReport } from '../scripts/doctor';
import { startFakeSlack, type FakeSlack } from '../dev/fake-slack';
import { startLocalStack, type LocalStack } from '../dev/local-stack';
import { SLACK_BOT_SCOPES } from '../src/slack/installation-store';
import { applyMigrations } from '../src/store';
import { buildOnce, freePort, ROOT } from './support/app-process';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from './support/postgres';

/** The committed migrations, oldest first: what a current database has applied. */
const MIGRATIONS = readdirSync(path.join(ROOT, 'prisma/migrations/sqlite'))
  .filter((name) => /^\d+_/.test(name))
  .sort();

const KEY = randomBytes(32).toString('base64');
const WEBHOOK_SECRET = randomBytes(16).toString('hex');

async function doctor(env: Record<string, string | undefined>): Promise<DoctorReport & { lines: string[] }> {
  const lines: string[] = [];
  const report = await runDoctor(env, { write: (line) => lines.push(line) });
  // Every secret the doctor was given must stay out of what it prints.
  const secrets = [
    'TOKEN_ENCRYPTION_KEY',
    'TOKEN_ENCRYPTION_PREVIOUS_KEYS',
    'SLACK_SIGNING_SECRET',
    'SLACK_BOT_TOKEN',
    'ZOOM_CLIENT_SECRET',
    'ZOOM_WEBHOOK_SECRET_TOKEN',
  ]
    .flatMap((name) => (env[name] ?? '').split(','))
    .filter((value) => value.length > 0);
  for (const secret of secrets) expect(lines.filter((line) => line.includes(secret))).toEqual([]);
  return { ...report, lines };
}

const failed = (report: DoctorReport) => report.checks.filter((check) => !check.ok).map((check) => check.summary);

describe('npm run doctor against the demo stack', () => {
  let folder: string;
  let stack: LocalStack;
  let databaseUrl: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'zoom-scheduler-doctor-'));
    databaseUrl = `file:${path.join(folder, 'app.db')}`;
    stack = await startLocalStack({ databaseUrl, env: { TOKEN_ENCRYPTION_KEY: KEY, ZOOM_WEBHOOK_SECRET_TOKEN: WEBHOOK_SECRET } });
    // A stored, encrypted Zoom connection for the key check to decrypt.
    expect((await stack.connectZoom('U0ALICE')).status).toBe(200);
    env = {
      PUBLIC_BASE_URL: stack.baseUrl,
      DATABASE_URL: databaseUrl,
      TOKEN_ENCRYPTION_KEY: KEY,
      SLACK_SIGNING_SECRET: stack.signingSecret,
      SLACK_BOT_TOKEN: stack.slack.botToken,
      SLACK_API_URL: stack.slack.apiUrl,
      // The Zoom mock, checked as the live Zoom would be: the same requests, at a loopback URL.
      IS_LIVE_SERVER: 'true',
      ZOOM_CLIENT_ID: stack.zoom.clientId,
      ZOOM_CLIENT_SECRET: stack.zoom.clientSecret,
      ZOOM_OAUTH_BASE_URL: stack.zoom.oauthBaseUrl,
      ZOOM_API_BASE_URL: stack.zoom.apiBaseUrl,
      ZOOM_WEBHOOK_SECRET_TOKEN: WEBHOOK_SECRET,
    };
  }, 60000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('passes every check on a healthy setup, one ✔ line each', async () => {
    const report = await doctor(env);
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.lines).toEqual([
      '✔ Configuration is complete and well-formed',
      `✔ PUBLIC_BASE_URL is ${stack.baseUrl} (http is fine on this machine only)`,
      '✔ Database answers (sqlite)',
      `✔ Database migrations are current (${MIGRATIONS.length} applied)`,
      '✔ TOKEN_ENCRYPTION_KEY decrypts the stored tokens',
      '✔ Slack auth.test: the bot token works (bot zoom-scheduler in workspace Fakeworks)',
      `✔ Slack bot token has every scope manifest.yml asks for (${SLACK_BOT_SCOPES.length})`,
      '✔ Zoom OAuth authorize endpoint answers (HTTP 302)',
      '✔ Zoom OAuth token endpoint accepts the client credentials',
      `✔ Zoom redirect URI is ${stack.baseUrl}/zoom/oauth/callback`,
      '✔ Zoom webhook secret token is set',
      'All 11 checks passed.',
    ]);
  });

  it('shows a key rotation mistake: the stored tokens need the old key, which TOKEN_ENCRYPTION_PREVIOUS_KEYS fixes', async () => {
    const newKey = randomBytes(32).toString('base64');
    const rotatedWrongly = await doctor({ ...env, TOKEN_ENCRYPTION_KEY: newKey });
    expect(rotatedWrongly.ok).toBe(false);
    expect(failed(rotatedWrongly)).toEqual([
      expect.stringMatching(
        /^TOKEN_ENCRYPTION_KEY does not decrypt the stored ZoomConnection tokens \(written with key id \S+, current key id \S+\)$/,
      ),
    ]);
    expect(rotatedWrongly.lines).toContain(
      '  fix: Set the key that wrote them, or keep it in TOKEN_ENCRYPTION_PREVIOUS_KEYS while you rotate to a new TOKEN_ENCRYPTION_KEY.',
    );

    const rotated = await doctor({ ...env, TOKEN_ENCRYPTION_KEY: newKey, TOKEN_ENCRYPTION_PREVIOUS_KEYS: KEY });
    expect(rotated.ok).toBe(true);
    expect(rotated.lines).toContainEqual(expect.stringContaining('written with a previous key'));
  });

  it('says "no stored tokens yet" on a freshly migrated database', async () => {
    const fresh = `file:${path.join(folder, 'fresh.db')}`;
    await applyMigrations(fresh);
    const report = await doctor({ ...env, DATABASE_URL: fresh });
    expect(report.lines).toContain('✔ TOKEN_ENCRYPTION_KEY: no stored tokens yet');
    expect(report.ok).toBe(true);
  });

  it('finds a database that is missing or not migrated, without creating it', async () => {
    const missing = path.join(folder, 'missing.db');
    const notThere = await doctor({ ...env, DATABASE_URL: `file:${missing}` });
    expect(failed(notThere)).toEqual([`Database does not answer at file:${missing}: the SQLite file ${missing} does not exist`]);
    expect(() => readFileSync(missing)).toThrow();

    const empty = path.join(folder, 'empty.db');
    new Database(empty).close();
    const unmigrated = await doctor({ ...env, DATABASE_URL: `file:${empty}` });
    expect(failed(unmigrated)).toEqual([
      `${MIGRATIONS.length} of ${MIGRATIONS.length} database migrations not applied (${MIGRATIONS.join(', ')})`,
    ]);
    expect(unmigrated.lines).toContain('  fix: Run npm run db:migrate (npm start also applies them before it serves).');

    // A migration edited after it ran: Prisma's recorded checksum no longer matches the committed file.
    const edited = path.join(folder, 'edited.db');
    await applyMigrations(`file:${edited}`);
    const db = new Database(edited);
    db.prepare("UPDATE _prisma_migrations SET checksum = ? WHERE migration_name LIKE '%_init'").run('0'.repeat(64));
    db.close();
    const changed = await doctor({ ...env, DATABASE_URL: `file:${edited}` });
    expect(failed(changed)).toEqual([expect.stringMatching(/^Migration \d+_init was changed after it was applied to this database$/)]);
  });

  it('refuses a bad bot token and names the scopes the token lacks', async () => {
    const badToken = await doctor({ ...env, SLACK_BOT_TOKEN: 'xoxb-not-the-right-token' });
    expect(failed(badToken)).toEqual(['Slack auth.test refused the bot token: invalid_auth']);
    expect(badToken.lines.join('\n')).toContain(
      "  fix: Set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…) on your Slack app's OAuth & Permissions page",
    );

    let narrowSlack: FakeSlack | undefined;
    try {
      narrowSlack = await startFakeSlack({ scopes: ['commands', 'chat:write', 'users:read'] });
      const narrow = await doctor({ ...env, SLACK_API_URL: narrowSlack.apiUrl, SLACK_BOT_TOKEN: narrowSlack.botToken });
      expect(failed(narrow)).toEqual([
        'Slack bot token lacks scopes manifest.yml asks for: chat:write.public, im:write, users:read.email, channels:read, groups:read, channels:history, groups:history, im:history, links:read, links:write',
      ]);
    } finally {
      await narrowSlack?.close();
    }
  });

  it('checks Zoom: client credentials, reachability, redirect URI and webhook secret', async () => {
    const wrongSecret = await doctor({ ...env, ZOOM_CLIENT_SECRET: 'not-the-zoom-client-secret' });
    expect(failed(wrongSecret)).toEqual(["Zoom's token endpoint refused ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET"]);

    const wrongClient = await doctor({ ...env, ZOOM_CLIENT_ID: 'not-the-client-id' });
    expect(failed(wrongClient)).toEqual([
      "Zoom's authorize page refused this app (HTTP 400)",
      "Zoom's token endpoint refused ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET",
    ]);

    const closedPort = await freePort();
    const unreachable = await doctor({ ...env, ZOOM_OAUTH_BASE_URL: `http://127.0.0.1:${closedPort}` });
    expect(failed(unreachable)).toEqual([
      expect.stringMatching(
        new RegExp(`^Zoom OAuth did not answer at http://127.0.0.1:${closedPort}: fetch failed \\(.*ECONNREFUSED.*\\)$`),
      ),
    ]);

    const elsewhere = await doctor({ ...env, ZOOM_REDIRECT_URI: 'https://other.example.com/zoom/oauth/callback' });
    expect(failed(elsewhere)).toEqual([
      `ZOOM_REDIRECT_URI (https://other.example.com/zoom/oauth/callback) is not PUBLIC_BASE_URL's callback (${stack.baseUrl}/zoom/oauth/callback), which is where this app serves it`,
    ]);

    const noWebhooks = await doctor({ ...env, ZOOM_WEBHOOK_SECRET_TOKEN: undefined });
    expect(failed(noWebhooks)).toEqual([
      'ZOOM_WEBHOOK_SECRET_TOKEN is not set, so Zoom webhooks (new and cancelled bookings, deauthorization) are refused',
    ]);
  });

  it('requires https for a PUBLIC_BASE_URL that is not this machine', async () => {
    const report = await doctor({ ...env, PUBLIC_BASE_URL: 'http://scheduler.example.com', ZOOM_REDIRECT_URI: undefined });
    expect(failed(report)).toEqual([
      'PUBLIC_BASE_URL is http outside this machine (http://scheduler.example.com); Slack and Zoom only call https URLs',
    ]);
    expect(report.lines).toContain('  fix: Serve the app behind TLS (a reverse proxy or load balancer) and set PUBLIC_BASE_URL=https://…');
  });

  it('stops at a configuration the app would refuse, naming each problem', async () => {
    const report = await doctor({ ...env, TOKEN_ENCRYPTION_KEY: undefined, SLACK_BOT_TOKEN: 'not-a-bot-token' });
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual([
      'Configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'Configuration: TOKEN_ENCRYPTION_KEY is required: it must be 32 bytes, base64 (generate one with `openssl rand -base64 32`)',
    ]);
    expect(report.lines[report.lines.length - 1]).toBe('2 problem(s); nothing else can be checked until the configuration loads.');
  });

  it('keeps a database password out of its output', async () => {
    const closedPort = await freePort();
    const report = await doctor({ ...env, DATABASE_URL: `postgresql://doctor:s3cret-pass-word@127.0.0.1:${closedPort}/zoom` });
    expect(failed(report)).toEqual([
      expect.stringMatching(new RegExp(`^Database does not answer at postgresql://doctor:\\*\\*\\*@127.0.0.1:${closedPort}/zoom: `)),
    ]);
    expect(report.lines.join('\n')).not.toContain('s3cret-pass-word');
  });
});

describeWithPostgres('npm run doctor on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('zs_doctor');
    await applyMigrations(database.url);
  }, 60000);
  afterAll(() => database?.drop());

  it('finds the database, its migrations current and no tokens yet', async () => {
    const report = await doctor({
      DATABASE_URL: database.url,
      TOKEN_ENCRYPTION_KEY: KEY,
      SLACK_SIGNING_SECRET: 'doctor-test-signing-secret',
      SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: 'doctor-test-client-secret',
      SLACK_STATE_SECRET: 'doctor-test-state-secret',
      IS_LIVE_SERVER: 'false',
    });
    expect(failed(report)).toEqual([]);
    expect(report.lines).toEqual(
      expect.arrayContaining([
        '✔ Database answers (postgresql)',
        `✔ Database migrations are current (${MIGRATIONS.length} applied)`,
        '✔ TOKEN_ENCRYPTION_KEY: no stored tokens yet',
        '✔ Slack: multi-workspace install flow configured (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET); install at http://localhost:3000/slack/install',
        '✔ Zoom: IS_LIVE_SERVER=false, the built-in Zoom mock stands in for Zoom (no Zoom credentials needed)',
      ]),
    );
  });
});

describe('the npm run doctor script', () => {
  it('runs the compiled doctor, which exits 1 on a ✘', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.doctor).toBe(
      'npm run build && node dist/scripts/doctor.js',
    );
    buildOnce();
    const cwd = mkdtempSync(path.join(tmpdir(), 'zoom-scheduler-doctor-cli-'));
    try {
      const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/scripts/doctor.js')], {
        cwd,
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
        timeout: 30000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('✘ Configuration: TOKEN_ENCRYPTION_KEY is required');
      expect(run.status).toBe(1);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120000);
});
