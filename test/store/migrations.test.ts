import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { applyMigrations } from '../../src/store';
import { projectRoot, runSchemaEngine } from '../../src/store/schema-engine';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { createSqliteDatabase } from './databases';

const root = projectRoot();
const schemaPath = (provider: string) => path.join(root, 'prisma', provider, 'schema.prisma');
const migrationNames = (provider: string) =>
  readdirSync(path.join(root, 'prisma', 'migrations', provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

const { renderProviderSchema } = require('../../scripts/prisma-schemas') as {
  renderProviderSchema(source: string, provider: string): string;
};

describe('schema sources', () => {
  test.each(['sqlite', 'postgresql'])('prisma/%s/schema.prisma is the current render of prisma/schema.prisma', (provider) => {
    const source = readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
    expect(readFileSync(schemaPath(provider), 'utf8')).toBe(renderProviderSchema(source, provider));
  });

  test('both providers have the same migrations', () => {
    expect(migrationNames('sqlite').length).toBeGreaterThan(0);
    expect(migrationNames('postgresql')).toEqual(migrationNames('sqlite'));
  });
});

describe('migrations [sqlite]', () => {
  let db: Awaited<ReturnType<typeof createSqliteDatabase>>;
  beforeAll(async () => {
    db = await createSqliteDatabase();
  });
  afterAll(() => db.remove());

  test('apply every migration to an empty database (creating its folder), then nothing on a second run', async () => {
    const first = await applyMigrations(db.url);
    expect(first).toEqual({ provider: 'sqlite', appliedMigrationNames: migrationNames('sqlite') });
    const second = await applyMigrations(db.url);
    expect(second).toEqual({ provider: 'sqlite', appliedMigrationNames: [] });
  });

  test('the migrated database is exactly the schema: no drift', async () => {
    const drift = await runSchemaEngine(
      'diffScript',
      db.url,
      { tag: 'schemaDatasource', path: schemaPath('sqlite') },
      { tag: 'schemaFile', path: schemaPath('sqlite') },
    );
    expect(drift).toBeNull();
  });

  test('history is recorded under the bare directory names, in WAL mode', () => {
    const raw = new Database(db.filePath, { readonly: true });
    try {
      const rows = raw
        .prepare('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name')
        .all() as Array<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }>;
      expect(rows.map((row) => row.migration_name)).toEqual(migrationNames('sqlite'));
      for (const row of rows) {
        expect(row.finished_at).not.toBeNull();
        expect(row.rolled_back_at).toBeNull();
      }
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });
});

/**
 * The wasm engine cannot introspect PostgreSQL through the pg adapter ("Column type 'char' could not be
 * deserialized"), so drift is shown by comparing catalogs: the migrated database against a reference
 * database built from the engine's own SQL for the schema (a diff from empty).
 */
async function catalogOf(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default, datetime_precision
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
        ORDER BY tablename, indexname`,
    );
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
        ORDER BY 1, 2`,
    );
    return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
  } finally {
    await client.end();
  }
}

describeWithPostgres('migrations [postgresql]', () => {
  let migrated: TestDatabase;
  let reference: TestDatabase;
  beforeAll(async () => {
    [migrated, reference] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([migrated?.drop(), reference?.drop()]);
  });

  test('apply every migration to an empty database, then nothing on a second run', async () => {
    const first = await applyMigrations(migrated.url);
    expect(first).toEqual({ provider: 'postgresql', appliedMigrationNames: migrationNames('postgresql') });
    const second = await applyMigrations(migrated.url);
    expect(second).toEqual({ provider: 'postgresql', appliedMigrationNames: [] });
  });

  test('the migrated database is exactly the schema: no drift', async () => {
    const schemaSql = await runSchemaEngine(
      'diffScript',
      reference.url,
      { tag: 'empty' },
      { tag: 'schemaFile', path: schemaPath('postgresql') },
    );
    expect(schemaSql).toContain('CREATE TABLE "ZoomConnection"');
    const client = new Client({ connectionString: reference.url });
    await client.connect();
    await client.query(schemaSql ?? '').finally(() => client.end());

    const [actual, expected] = await Promise.all([catalogOf(migrated.url), catalogOf(reference.url)]);
    expect(actual.columns.length).toBeGreaterThan(50);
    expect(actual.indexes.length).toBeGreaterThan(10);
    expect(actual).toEqual(expected);
  });

  test('history is recorded under the bare directory names', async () => {
    const client = new Client({ connectionString: migrated.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(rows.map((row) => row.migration_name)).toEqual(migrationNames('postgresql'));
      for (const row of rows) {
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
      }
    } finally {
      await client.end();
    }
  });
});
