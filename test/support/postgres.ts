import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * PostgreSQL for tests. Each test file makes a database of its own on TEST_POSTGRES_URL's server and drops
 * it afterwards. When the server is unreachable the PostgreSQL suites are skipped with a visible note on a
 * developer machine, and fail in CI (CI is set), where PostgreSQL must be tested.
 */

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Probed synchronously (in a child process) because jest decides between describe and describe.skip at load time. */
function probePostgres(url: string): boolean {
  const probe = `
    const { Client } = require('pg');
    const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.end()).then(() => process.exit(0), () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', probe, url], { timeout: 5000, stdio: 'ignore' });
  return result.status === 0;
}

export const postgresAvailable = probePostgres(TEST_POSTGRES_URL);

/** Like `describe`, for suites that need PostgreSQL. */
export function describeWithPostgres(name: string, suite: () => void): void {
  if (postgresAvailable) {
    describe(name, suite);
  } else if (process.env.CI) {
    describe(name, () => {
      test('PostgreSQL is reachable (required in CI)', () => {
        throw new Error(`PostgreSQL is not reachable at TEST_POSTGRES_URL (${redactUrl(TEST_POSTGRES_URL)})`);
      });
    });
  } else {
    console.warn(`PostgreSQL tests SKIPPED: no server at ${redactUrl(TEST_POSTGRES_URL)}. Set TEST_POSTGRES_URL to run them. (${name})`);
    describe.skip(name, suite);
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database with a random name. */
export async function createTestDatabase(prefix = 'zs_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(TEST_POSTGRES_URL, name),
    // WITH (FORCE) ends connections a failed test may have left open (PostgreSQL 13+).
    drop: () => onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
