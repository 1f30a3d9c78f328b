/**
 * `npm run doctor`: tells an operator what is misconfigured before their users find out. Reads the
 * configuration exactly as the app does (.env, then the environment, through loadConfig), then checks the
 * database, the encryption key, Slack, Zoom and the public URL: one ✔ or ✘ line each, and under every ✘ one
 * line saying how to fix it. Exits 1 when anything is ✘. Never prints a secret: every line passes through a
 * filter that blanks the configured secret values, should one ever end up in a message.
 */
import Database from 'better-sqlite3';
import { config as readDotenv } from 'dotenv';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ConfigError, loadConfig, type Config } from '../src/config';
import { SLACK_BOT_SCOPES, SLACK_INSTALL_PATH } from '../src/slack/installation-store';
import { createSecretBox, type SecretPurpose } from '../src/store/crypto';
import { parseDatabaseUrl } from '../src/store/db';
import { projectRoot } from '../src/store/schema-engine';

export interface CheckResult {
  ok: boolean;
  /** What was checked and what was found, e.g. "Database answers (sqlite)". */
  summary: string;
  /** For a ✘: one line saying what to do. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

export interface DoctorIo {
  write(line: string): void;
}

/** Every network check gives up after this; a hanging endpoint is a finding, not a hang. */
const TIMEOUT_MS = 5000;

const SECRET_VARIABLES = [
  'TOKEN_ENCRYPTION_KEY',
  'TOKEN_ENCRYPTION_PREVIOUS_KEYS',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'ZOOM_CLIENT_SECRET',
  'ZOOM_WEBHOOK_SECRET_TOKEN',
  'ZOOM_REFRESH_TOKEN',
];

const pass = (summary: string): CheckResult => ({ ok: true, summary });
const fail = (summary: string, fix: string): CheckResult => ({ ok: false, summary, fix });

/** Blanks every configured secret (and the password in DATABASE_URL) wherever it appears in a line. */
function secretFilter(env: NodeJS.ProcessEnv): (line: string) => string {
  const secrets = new Set<string>();
  for (const name of SECRET_VARIABLES) {
    for (const part of (env[name] ?? '').split(',')) if (part.trim().length >= 4) secrets.add(part.trim());
  }
  try {
    const password = new URL(env.DATABASE_URL ?? '').password;
    if (password) {
      secrets.add(password);
      secrets.add(decodeURIComponent(password));
    }
  } catch {
    // not a URL with a password
  }
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  return (line) => sorted.reduce((text, secret) => text.split(secret).join('***'), line);
}

/** Duck-typed: errors from Node's own fetch may come from another realm (e.g. under jest), so instanceof misses them. */
function messageOf(error: unknown): string {
  const message = (value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string'
      ? (value as { message: string }).message
      : undefined;
  const text = message(error) ?? String(error);
  // fetch's "fetch failed" says nothing; its cause names the refusal or the DNS failure.
  const cause = message((error as { cause?: unknown } | null)?.cause);
  return cause ? `${text} (${cause})` : text;
}

function withoutCredentials(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (!url.protocol.startsWith('postgres') || !url.password) return databaseUrl;
    url.password = '***';
    return url.toString();
  } catch {
    return databaseUrl;
  }
}

// ---- database ----

interface AppliedMigration {
  name: string;
  finished: boolean;
  /** sha256 (hex) of the migration.sql that was applied, as Prisma records it. */
  checksum: string;
}

const MIGRATIONS_QUERY =
  'SELECT migration_name AS name, finished_at IS NOT NULL AS finished, checksum FROM _prisma_migrations WHERE rolled_back_at IS NULL';

interface DatabaseProbe {
  /** Rows of `_prisma_migrations`, or null when the table does not exist yet. */
  migrations(): Promise<AppliedMigration[] | null>;
  /** One stored ciphertext of each kind, newest first. */
  sampleSecrets(): Promise<Array<{ table: string; value: string; purpose: SecretPurpose }>>;
  close(): Promise<void>;
}

const SECRET_SAMPLES: Array<{ table: string; column: string; purpose: SecretPurpose }> = [
  { table: 'ZoomConnection', column: 'refreshTokenEnc', purpose: 'zoom.refreshToken' },
  { table: 'SlackInstallation', column: 'installationEnc', purpose: 'slack.installation' },
];

/** Opens the database read-only where it can; never creates it (a missing SQLite file is a finding). */
async function openDatabase(databaseUrl: string): Promise<DatabaseProbe> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === 'sqlite') {
    if (!existsSync(target.filePath)) throw new Error(`the SQLite file ${target.filePath} does not exist`);
    const db = new Database(target.filePath, { readonly: true, fileMustExist: true, timeout: TIMEOUT_MS });
    const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    db.prepare('SELECT 1').get();
    return {
      migrations: async () =>
        hasTable('_prisma_migrations')
          ? (db.prepare(MIGRATIONS_QUERY).all() as Array<{ name: string; finished: number; checksum: string }>).map((row) => ({
              ...row,
              finished: Boolean(row.finished),
            }))
          : null,
      sampleSecrets: async () =>
        SECRET_SAMPLES.filter(({ table }) => hasTable(table)).flatMap(({ table, column, purpose }) => {
          const row = db.prepare(`SELECT "${column}" AS value FROM "${table}" ORDER BY "updatedAt" DESC LIMIT 1`).get() as
            { value: string } | undefined;
          return row ? [{ table, value: row.value, purpose }] : [];
        }),
      close: async () => void db.close(),
    };
  }
  const client = new Client({
    connectionString: target.connectionString,
    connectionTimeoutMillis: TIMEOUT_MS,
    statement_timeout: TIMEOUT_MS,
  });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } catch (error) {
    await client.end();
    throw error;
  }
  const hasTable = async (name: string) => (await client.query('SELECT to_regclass($1) AS found', [`"${name}"`])).rows[0]?.found !== null;
  return {
    migrations: async () =>
      (await hasTable('_prisma_migrations')) ? ((await client.query(MIGRATIONS_QUERY)).rows as AppliedMigration[]) : null,
    sampleSecrets: async () => {
      const samples = [];
      for (const { table, column, purpose } of SECRET_SAMPLES) {
        if (!(await hasTable(table))) continue;
        const { rows } = await client.query(`SELECT "${column}" AS value FROM "${table}" ORDER BY "updatedAt" DESC LIMIT 1`);
        if (rows[0]) samples.push({ table, value: rows[0].value as string, purpose });
      }
      return samples;
    },
    close: () => client.end(),
  };
}

/** The migrations this version of the app ships for the provider (prisma/migrations/<provider>/<name>/), with their checksums. */
function committedMigrations(provider: 'sqlite' | 'postgresql'): Map<string, string> {
  const folder = path.join(projectRoot(), 'prisma', 'migrations', provider);
  const names = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return new Map(
    names.map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(path.join(folder, name, 'migration.sql')))
        .digest('hex'),
    ]),
  );
}

async function databaseChecks(config: Config): Promise<CheckResult[]> {
  const provider = parseDatabaseUrl(config.databaseUrl).provider;
  const where = withoutCredentials(config.databaseUrl);
  let db: DatabaseProbe;
  try {
    db = await openDatabase(config.databaseUrl);
  } catch (error) {
    return [
      fail(
        `Database does not answer at ${where}: ${messageOf(error)}`,
        provider === 'sqlite'
          ? 'Check DATABASE_URL; start the app once (or run npm run db:migrate) to create the file.'
          : 'Check DATABASE_URL (host, port, user, password, database) and that PostgreSQL is running and reachable from here.',
      ),
    ];
  }
  try {
    const results = [pass(`Database answers (${provider})`)];
    results.push(await migrationCheck(provider, await db.migrations()));
    results.push(encryptionCheck(config, await db.sampleSecrets()));
    return results;
  } finally {
    await db.close();
  }
}

async function migrationCheck(provider: 'sqlite' | 'postgresql', applied: AppliedMigration[] | null): Promise<CheckResult> {
  const committed = committedMigrations(provider);
  const rows = applied ?? [];
  const failed = rows.filter((row) => !row.finished).map((row) => row.name);
  if (failed.length > 0) {
    return fail(
      `Migration ${failed.join(', ')} started but did not finish`,
      'Read the migration error in the app log, fix the database, then run npm run db:migrate.',
    );
  }
  const done = new Map(rows.map((row) => [row.name, row.checksum]));
  const pending = [...committed.keys()].filter((name) => !done.has(name));
  if (pending.length > 0) {
    return fail(
      `${pending.length} of ${committed.size} database migrations not applied (${pending.join(', ')})`,
      'Run npm run db:migrate (npm start also applies them before it serves).',
    );
  }
  const unknown = [...done.keys()].filter((name) => !committed.has(name));
  if (unknown.length > 0) {
    return fail(
      `The database has migrations this version does not know (${unknown.join(', ')})`,
      'Deploy the version of the app that wrote them; do not run an older version against this database.',
    );
  }
  const edited = [...committed].filter(([name, checksum]) => done.get(name) !== checksum).map(([name]) => name);
  if (edited.length > 0) {
    return fail(
      `Migration ${edited.join(', ')} was changed after it was applied to this database`,
      `Restore prisma/migrations/${provider}/<name>/migration.sql as released; put schema changes in a new migration (npm run db:migration -- <name>).`,
    );
  }
  return pass(`Database migrations are current (${committed.size} applied)`);
}

function encryptionCheck(config: Config, samples: Array<{ table: string; value: string; purpose: SecretPurpose }>): CheckResult {
  if (samples.length === 0) return pass('TOKEN_ENCRYPTION_KEY: no stored tokens yet');
  const box = createSecretBox(config.tokenEncryptionKey, config.previousTokenEncryptionKeys);
  for (const sample of samples) {
    try {
      box.decrypt(sample.value, sample.purpose);
    } catch {
      // Key ids are one-way hashes of the keys: safe to show, and they tell which key a row needs.
      return fail(
        `TOKEN_ENCRYPTION_KEY does not decrypt the stored ${sample.table} tokens (written with key id ${box.keyIdOf(sample.value) ?? 'unknown'}, current key id ${box.currentKeyId})`,
        'Set the key that wrote them, or keep it in TOKEN_ENCRYPTION_PREVIOUS_KEYS while you rotate to a new TOKEN_ENCRYPTION_KEY.',
      );
    }
  }
  const byPrevious = samples.filter((sample) => box.keyIdOf(sample.value) !== box.currentKeyId).length;
  return pass(
    `TOKEN_ENCRYPTION_KEY decrypts the stored tokens${byPrevious ? ` (${byPrevious} sampled written with a previous key; they move to the current key when next written)` : ''}`,
  );
}

// ---- Slack ----

async function slackChecks(config: Config): Promise<CheckResult[]> {
  const mode = config.slack.mode;
  if (mode.kind === 'multi-workspace') {
    return [
      pass(
        `Slack: multi-workspace install flow configured (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET); install at ${config.publicBaseUrl}${SLACK_INSTALL_PATH}`,
      ),
    ];
  }
  let response: Response;
  let body: { ok?: boolean; error?: string; team?: string; user?: string };
  try {
    response = await fetch(new URL('auth.test', config.slack.apiUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${mode.botToken}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    return [
      fail(
        `Slack auth.test did not answer at ${config.slack.apiUrl}: ${messageOf(error)}`,
        'Check this machine can reach Slack (proxy, firewall) and SLACK_API_URL if you set it.',
      ),
    ];
  }
  if (!body.ok) {
    const fix =
      body.error === 'invalid_auth' || body.error === 'token_revoked' || body.error === 'account_inactive' || body.error === 'not_authed'
        ? "Set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-…) on your Slack app's OAuth & Permissions page; reinstall the app if it was removed."
        : 'See https://api.slack.com/methods/auth.test for this error, then fix SLACK_BOT_TOKEN.';
    return [fail(`Slack auth.test refused the bot token: ${body.error ?? `HTTP ${response.status}`}`, fix)];
  }
  const results = [pass(`Slack auth.test: the bot token works (bot ${body.user ?? '?'} in workspace ${body.team ?? '?'})`)];
  const header = response.headers.get('x-oauth-scopes');
  if (header === null) {
    results.push(
      fail(
        'Slack did not say which scopes the bot token has (no x-oauth-scopes header)',
        "Check SLACK_API_URL points at Slack's Web API (https://slack.com/api/).",
      ),
    );
    return results;
  }
  const granted = new Set(
    header
      .split(',')
      .map((scope) => scope.trim())
      .filter(Boolean),
  );
  const missing = SLACK_BOT_SCOPES.filter((scope) => !granted.has(scope));
  results.push(
    missing.length === 0
      ? pass(`Slack bot token has every scope manifest.yml asks for (${SLACK_BOT_SCOPES.length})`)
      : fail(
          `Slack bot token lacks scopes manifest.yml asks for: ${missing.join(', ')}`,
          'Add them under OAuth & Permissions → Bot Token Scopes (or update the app from manifest.yml), then reinstall the app to the workspace.',
        ),
  );
  return results;
}

// ---- Zoom ----

async function zoomChecks(config: Config): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const callback = `${config.publicBaseUrl}/zoom/oauth/callback`;
  if (!config.zoom.live) {
    results.push(pass('Zoom: IS_LIVE_SERVER=false, the built-in Zoom mock stands in for Zoom (no Zoom credentials needed)'));
  } else {
    results.push(...(await zoomOAuthChecks(config)));
  }
  results.push(
    config.zoom.redirectUri === callback
      ? pass(`Zoom redirect URI is ${callback}`)
      : fail(
          `ZOOM_REDIRECT_URI (${config.zoom.redirectUri}) is not PUBLIC_BASE_URL's callback (${callback}), which is where this app serves it`,
          `Unset ZOOM_REDIRECT_URI (it defaults to ${callback}) and put that URL in your Zoom app's redirect and allow lists.`,
        ),
  );
  if (config.zoom.webhookSecretToken) {
    results.push(pass('Zoom webhook secret token is set'));
  } else if (!config.zoom.live) {
    results.push(pass('Zoom webhook secret token: the built-in mock makes its own'));
  } else {
    results.push(
      fail(
        'ZOOM_WEBHOOK_SECRET_TOKEN is not set, so Zoom webhooks (new and cancelled bookings, deauthorization) are refused',
        "Set ZOOM_WEBHOOK_SECRET_TOKEN to the Secret Token on your Zoom app's Features → Access page.",
      ),
    );
  }
  return results;
}

async function zoomOAuthChecks(config: Config): Promise<CheckResult[]> {
  const base = config.zoom.oauthBaseUrl;
  const results: CheckResult[] = [];
  const authorize = new URL(`${base}/oauth/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.zoom.clientId ?? '',
    redirect_uri: config.zoom.redirectUri,
  }).toString();
  try {
    const response = await fetch(authorize, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.status >= 500) {
      results.push(
        fail(
          `Zoom's authorize page answers HTTP ${response.status} at ${base}`,
          'Zoom may be down (https://status.zoom.us); check ZOOM_OAUTH_BASE_URL if you set it.',
        ),
      );
    } else if (response.status >= 400) {
      results.push(
        fail(
          `Zoom's authorize page refused this app (HTTP ${response.status})`,
          "Check ZOOM_CLIENT_ID and that the redirect URI is in your Zoom app's redirect and allow lists.",
        ),
      );
    } else {
      results.push(pass(`Zoom OAuth authorize endpoint answers (HTTP ${response.status})`));
    }
  } catch (error) {
    results.push(
      fail(
        `Zoom OAuth did not answer at ${base}: ${messageOf(error)}`,
        'Check this machine can reach Zoom (proxy, firewall) and ZOOM_OAUTH_BASE_URL if you set it.',
      ),
    );
    return results;
  }

  // A token request whose only fault is a made-up code tells good client credentials (invalid_grant or
  // invalid_request) from bad ones (invalid_client) without getting or spending any token.
  const serverToServer = config.zoom.auth.kind === 'server-to-server';
  const params: Record<string, string> = serverToServer
    ? { grant_type: 'account_credentials', account_id: (config.zoom.auth as { accountId: string }).accountId }
    : { grant_type: 'authorization_code', code: 'zoom-scheduler-doctor-check', redirect_uri: config.zoom.redirectUri };
  try {
    const response = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${config.zoom.clientId}:${config.zoom.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as { error?: string; access_token?: string };
    if (response.status >= 500) {
      results.push(
        fail(`Zoom's token endpoint answers HTTP ${response.status}`, 'Zoom may be down (https://status.zoom.us); try again later.'),
      );
    } else if (body.error === 'invalid_client' || response.status === 401) {
      results.push(
        fail(
          "Zoom's token endpoint refused ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET",
          "Copy both from your Zoom app's App Credentials page (the production ones, not development, for a published app).",
        ),
      );
    } else if (serverToServer && !body.access_token) {
      results.push(
        fail(
          `Zoom refused the Server-to-Server grant for ZOOM_ACCOUNT_ID: ${body.error ?? `HTTP ${response.status}`}`,
          "Check ZOOM_ACCOUNT_ID on your Server-to-Server app's App Credentials page, and that the app is activated.",
        ),
      );
    } else {
      results.push(pass('Zoom OAuth token endpoint accepts the client credentials'));
    }
  } catch (error) {
    results.push(
      fail(
        `Zoom's token endpoint did not answer at ${base}: ${messageOf(error)}`,
        'Check this machine can reach Zoom (proxy, firewall) and ZOOM_OAUTH_BASE_URL if you set it.',
      ),
    );
  }
  return results;
}

// ---- public URL ----

function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function publicUrlCheck(config: Config): CheckResult {
  const url = new URL(config.publicBaseUrl);
  if (url.protocol === 'https:') return pass(`PUBLIC_BASE_URL is https (${config.publicBaseUrl})`);
  if (isLocalHost(url.hostname)) return pass(`PUBLIC_BASE_URL is ${config.publicBaseUrl} (http is fine on this machine only)`);
  return fail(
    `PUBLIC_BASE_URL is http outside this machine (${config.publicBaseUrl}); Slack and Zoom only call https URLs`,
    'Serve the app behind TLS (a reverse proxy or load balancer) and set PUBLIC_BASE_URL=https://…',
  );
}

// ---- the run ----

/** Runs every check, writes one line per check (and a fix under each ✘) and a last summary line. */
export async function runDoctor(env: NodeJS.ProcessEnv, io: DoctorIo): Promise<DoctorReport> {
  const clean = secretFilter(env);
  const checks: CheckResult[] = [];
  const report = (result: CheckResult) => {
    checks.push(result);
    io.write(clean(`${result.ok ? '✔' : '✘'} ${result.summary}`));
    if (!result.ok && result.fix) io.write(clean(`  fix: ${result.fix}`));
  };

  let config: Config;
  try {
    config = loadConfig(env);
    report(pass('Configuration is complete and well-formed'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems)
      report(fail(`Configuration: ${problem}`, 'Fix it in .env or the environment, then run npm run doctor again.'));
    io.write(clean(`${checks.length} problem(s); nothing else can be checked until the configuration loads.`));
    return { ok: false, checks };
  }

  report(publicUrlCheck(config));
  // Independent of each other: run them together, report them in a fixed order.
  const groups = await Promise.all([databaseChecks(config), slackChecks(config), zoomChecks(config)]);
  for (const result of groups.flat()) report(result);

  const failures = checks.filter((check) => !check.ok).length;
  io.write(failures === 0 ? `All ${checks.length} checks passed.` : `${failures} of ${checks.length} checks failed.`);
  return { ok: failures === 0, checks };
}

if (require.main === module) {
  readDotenv({ quiet: true });
  runDoctor(process.env, { write: (line) => process.stdout.write(`${line}\n`) }).then(
    (result) => {
      process.exitCode = result.ok ? 0 : 1;
    },
    (error: unknown) => {
      process.stderr.write(secretFilter(process.env)(`The doctor itself failed: ${messageOf(error)}\n`));
      process.exitCode = 2;
    },
  );
}
