import childProcess from 'node:child_process';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { applyMigrations } from '../../src/store';
import { migrationsAreCurrent } from '../../src/store/migrations-current';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { createSqliteDatabase } from './databases';

/** A start on a database that is already current asks one query and forks no schema engine. */

describe('migrationsAreCurrent [sqlite]', () => {
  let db: Awaited<ReturnType<typeof createSqliteDatabase>>;
  beforeAll(async () => {
    db = await createSqliteDatabase();
  });
  afterAll(() => db.remove());
  afterEach(() => jest.restoreAllMocks());

  test('a missing file is not current, and asking does not create it', async () => {
    expect(await migrationsAreCurrent(db.url)).toBe(false);
    expect(require('node:fs').existsSync(db.filePath)).toBe(false);
  });

  test('after everything is applied it is current, and the next start forks nothing', async () => {
    await applyMigrations(db.url);
    expect(await migrationsAreCurrent(db.url)).toBe(true);
    const fork = jest.spyOn(childProcess, 'fork');
    expect(await applyMigrations(db.url)).toEqual({ provider: 'sqlite', appliedMigrationNames: [] });
    expect(fork).not.toHaveBeenCalled();
  });

  test('an edited, failed or unknown migration row sends the start back to the engine', async () => {
    const sqlite = new Database(db.filePath);
    try {
      const [row] = sqlite.prepare('SELECT id, checksum FROM _prisma_migrations').all() as Array<{ id: string; checksum: string }>;
      sqlite.prepare('UPDATE _prisma_migrations SET checksum = ? WHERE id = ?').run('0'.repeat(64), row!.id);
      expect(await migrationsAreCurrent(db.url)).toBe(false);
      sqlite.prepare('UPDATE _prisma_migrations SET checksum = ?, finished_at = NULL WHERE id = ?').run(row!.checksum, row!.id);
      expect(await migrationsAreCurrent(db.url)).toBe(false);
      sqlite.prepare('UPDATE _prisma_migrations SET finished_at = started_at WHERE id = ?').run(row!.id);
      expect(await migrationsAreCurrent(db.url)).toBe(true);
      sqlite
        .prepare(
          "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('x', 'x', '29990101000000_future', 0, 0, 1)",
        )
        .run();
      expect(await migrationsAreCurrent(db.url)).toBe(false);
    } finally {
      sqlite.close();
    }
  });
});

describeWithPostgres('migrationsAreCurrent [postgresql]', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());
  afterEach(() => jest.restoreAllMocks());

  test('an empty database is not current; a migrated one is, and its next start forks nothing', async () => {
    expect(await migrationsAreCurrent(db.url)).toBe(false);
    await applyMigrations(db.url);
    expect(await migrationsAreCurrent(db.url)).toBe(true);
    const fork = jest.spyOn(childProcess, 'fork');
    expect(await applyMigrations(db.url)).toEqual({ provider: 'postgresql', appliedMigrationNames: [] });
    expect(fork).not.toHaveBeenCalled();
  });

  test('an edited migration is not current', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("UPDATE _prisma_migrations SET checksum = 'edited'");
      expect(await migrationsAreCurrent(db.url)).toBe(false);
    } finally {
      await client.end();
    }
  });
});
