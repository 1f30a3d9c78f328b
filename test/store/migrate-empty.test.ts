import childProcess, { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { applyMigrations } from '../../src/store';
import { runSchemaEngine } from '../../src/store/schema-engine';
import { buildOnce, ROOT } from '../support/app-process';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { createSqliteDatabase } from './databases';

/**
 * A new database gets its schema without the schema engine: the committed SQL in one transaction, and a
 * `_prisma_migrations` the engine itself would have written. Shown here against databases the engine migrated:
 * the same objects, the same history table, and the engine then finds nothing to apply.
 */

type SqliteDb = Awaited<ReturnType<typeof createSqliteDatabase>>;

function sqliteObjects(filePath: string) {
  const raw = new Database(filePath, { readonly: true });
  try {
    return raw.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();
  } finally {
    raw.close();
  }
}

describe('a new database [sqlite]', () => {
  let fast: SqliteDb;
  let engine: SqliteDb;
  beforeEach(async () => {
    [fast, engine] = await Promise.all([createSqliteDatabase(), createSqliteDatabase()]);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all([fast.remove(), engine.remove()]);
  });

  test('gets every migration without a child process, exactly as the engine would have applied them', async () => {
    const fork = jest.spyOn(childProcess, 'fork');
    const applied = await applyMigrations(fast.url);
    expect(fork).not.toHaveBeenCalled();
    fork.mockRestore();

    const byEngine = await runSchemaEngine('applyMigrations', engine.url);
    expect(applied).toEqual(byEngine);
    expect(sqliteObjects(fast.filePath)).toEqual(sqliteObjects(engine.filePath));
    expect(await runSchemaEngine('applyMigrations', fast.url)).toEqual({ provider: 'sqlite', appliedMigrationNames: [] });

    const raw = new Database(fast.filePath, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const rows = raw.prepare('SELECT id, started_at, finished_at, logs, applied_steps_count FROM _prisma_migrations').all() as Array<
        Record<string, unknown>
      >;
      for (const row of rows) {
        expect(row).toMatchObject({ logs: null, applied_steps_count: 1 });
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        // The engine's own format: RFC 3339 with an explicit offset.
        expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      }
    } finally {
      raw.close();
    }
  });

  test('two processes starting on the same new file: one applies everything, the other nothing', async () => {
    buildOnce();
    const migrateIn = () =>
      new Promise<number>((resolve, reject) => {
        const script = `require(${JSON.stringify(path.join(ROOT, 'dist/src/store/migrate.js'))}).applyMigrations(process.argv[1])
          .then((r) => process.stdout.write(String(r.appliedMigrationNames.length)), (e) => { console.error(e); process.exit(1); })`;
        const child = spawn(process.execPath, ['-e', script, fast.url], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('error', reject);
        child.once('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`migrate exited with ${code}`))));
      });
    const counts = (await Promise.all([migrateIn(), migrateIn()])).sort();
    expect(counts[0]).toBe(0);
    expect(counts[1]).toBeGreaterThan(0);
    expect(sqliteObjects(fast.filePath)).toEqual(await migratedByEngine());
  });

  /** The objects of a database the engine migrated. */
  async function migratedByEngine() {
    await runSchemaEngine('applyMigrations', engine.url);
    return sqliteObjects(engine.filePath);
  }

  test('an existing empty file counts as new', async () => {
    mkdirSync(path.dirname(fast.filePath), { recursive: true });
    writeFileSync(fast.filePath, '');
    const fork = jest.spyOn(childProcess, 'fork');
    expect((await applyMigrations(fast.url)).appliedMigrationNames.length).toBeGreaterThan(0);
    expect(fork).not.toHaveBeenCalled();
  });

  test('a file with tables of its own is left to the engine, which refuses it as before', async () => {
    mkdirSync(path.dirname(fast.filePath), { recursive: true });
    const raw = new Database(fast.filePath);
    raw.exec('CREATE TABLE "Unrelated" ("id" INTEGER PRIMARY KEY)');
    raw.close();
    const fork = jest.spyOn(childProcess, 'fork');
    await expect(applyMigrations(fast.url)).rejects.toThrow();
    expect(fork).toHaveBeenCalled();
    expect(sqliteObjects(fast.filePath).map((object) => (object as { name: string }).name)).toEqual(['Unrelated']);
  });
});

/** The whole catalog of the public schema, _prisma_migrations included. */
async function catalogOf(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default, datetime_precision
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`,
    );
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    );
    const types = await client.query(`SELECT typname, typtype FROM pg_type WHERE typnamespace = 'public'::regnamespace ORDER BY typname`);
    return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows, types: types.rows };
  } finally {
    await client.end();
  }
}

describeWithPostgres('a new database [postgresql]', () => {
  let fast: TestDatabase;
  let engine: TestDatabase;
  beforeEach(async () => {
    [fast, engine] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all([fast?.drop(), engine?.drop()]);
  });

  test('gets every migration without a child process, exactly as the engine would have applied them', async () => {
    const fork = jest.spyOn(childProcess, 'fork');
    const applied = await applyMigrations(fast.url);
    expect(fork).not.toHaveBeenCalled();
    fork.mockRestore();

    const byEngine = await runSchemaEngine('applyMigrations', engine.url);
    expect(applied).toEqual(byEngine);
    const [actual, expected] = await Promise.all([catalogOf(fast.url), catalogOf(engine.url)]);
    expect(actual.columns.length).toBeGreaterThan(50);
    expect(actual).toEqual(expected);
    expect(await runSchemaEngine('applyMigrations', fast.url)).toEqual({ provider: 'postgresql', appliedMigrationNames: [] });
  });

  test('two starts on it at once: one applies everything, the other nothing', async () => {
    const results = await Promise.all([applyMigrations(fast.url), applyMigrations(fast.url)]);
    const counts = results.map((result) => result.appliedMigrationNames.length).sort();
    expect(counts[0]).toBe(0);
    expect(counts[1]).toBeGreaterThan(0);
    const client = new Client({ connectionString: fast.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM _prisma_migrations');
      expect(rows[0].n).toBe(counts[1]);
    } finally {
      await client.end();
    }
  });

  test('a schema with tables of its own is left to the engine, which refuses it as before', async () => {
    const client = new Client({ connectionString: fast.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE "Unrelated" ("id" INTEGER PRIMARY KEY)');
      const fork = jest.spyOn(childProcess, 'fork');
      await expect(applyMigrations(fast.url)).rejects.toThrow();
      expect(fork).toHaveBeenCalled();
      const { rows } = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      expect(rows.map((row) => row.tablename)).toEqual(['Unrelated']);
    } finally {
      await client.end();
    }
  });
});
