import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { parseDatabaseUrl, type DatabaseProvider } from './db';
import { committedMigrations, connectForMigrations, type CommittedMigration } from './migrations-current';

/**
 * The first start on a new database: nothing to reconcile, so instead of forking the schema engine (a child
 * process that compiles ~4 MB of WebAssembly, most of a fresh start's time) every committed migration's SQL runs
 * in one transaction, and `_prisma_migrations` is written as the engine writes it, so that later `db:migrate`
 * runs and the engine agree that everything is applied. Anything but a database without a single object (or a
 * migration that must not run inside a transaction) answers undefined and is left to the engine.
 */
export async function applyMigrationsToEmptyDatabase(databaseUrl: string): Promise<string[] | undefined> {
  const target = parseDatabaseUrl(databaseUrl);
  const migrations = committedMigrations(target.provider);
  if (migrations.length === 0 || migrations.some((migration) => NEEDS_ITS_OWN_TRANSACTION.test(migration.sql))) return undefined;
  if (target.provider === 'sqlite') mkdirSync(path.dirname(target.filePath), { recursive: true });
  const adapter = await connectForMigrations(databaseUrl, { fileMustExist: false });
  try {
    const applied = await applyInOneTransaction(adapter, target.provider, migrations);
    // Outside the transaction, and like the engine's runs: WAL lets readers proceed while one process writes.
    if (applied && target.provider === 'sqlite') await adapter.queryRaw(statement('PRAGMA journal_mode = WAL'));
    return applied;
  } finally {
    await adapter.dispose().catch(() => undefined);
  }
}

/** Statements PostgreSQL refuses, or SQL that manages its own transactions: the engine runs those. */
const NEEDS_ITS_OWN_TRANSACTION = /\b(CONCURRENTLY|BEGIN|COMMIT|VACUUM|ALTER\s+TYPE)\b/i;

/** The key of the engine's own advisory lock (`prisma migrate`), so that the two never migrate at once. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Exactly the engine's DDL, so that an introspection or a diff sees the same table either way. */
const MIGRATIONS_TABLE: Record<DatabaseProvider, string> = {
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

/** An object of any kind in the database (SQLite) or in the connection's schema (PostgreSQL) means "not empty". */
const ANY_OBJECT: Record<DatabaseProvider, string> = {
  sqlite: 'SELECT count(*) FROM sqlite_master',
  postgresql: `SELECT CASE WHEN current_schema() IS NULL THEN 1 ELSE
      (SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace)
    + (SELECT count(*) FROM pg_type WHERE typnamespace = current_schema()::regnamespace)
    + (SELECT count(*) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace) END`,
};

async function applyInOneTransaction(
  adapter: SqlDriverAdapter,
  provider: DatabaseProvider,
  migrations: CommittedMigration[],
): Promise<string[] | undefined> {
  // SQLite: IMMEDIATE takes the write lock now, so a second process starting on the same new file waits here,
  // then finds the tables and leaves the rest to the engine (which then has nothing to apply).
  await adapter.executeRaw(statement(provider === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN'));
  try {
    if (provider === 'postgresql') await adapter.executeRaw(statement(`SELECT pg_advisory_xact_lock(${PRISMA_MIGRATE_LOCK_KEY})`));
    const objects = await adapter.queryRaw(statement(ANY_OBJECT[provider]));
    if (Number(objects.rows[0]?.[0]) !== 0) {
      await adapter.executeRaw(statement('ROLLBACK'));
      return undefined;
    }
    await adapter.executeScript(MIGRATIONS_TABLE[provider]);
    for (const migration of migrations) {
      const startedAt = engineTimestamp(new Date());
      await adapter.executeScript(migration.sql);
      await adapter.executeRaw({
        sql:
          provider === 'sqlite'
            ? 'INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES (?, ?, ?, ?, ?, 1)'
            : 'INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, 1)',
        args: [randomUUID(), migration.checksum, migration.name, startedAt, engineTimestamp(new Date())],
        argTypes: Array.from({ length: 5 }, () => ({ scalarType: 'string' as const, arity: 'scalar' as const })),
      });
    }
    await adapter.executeRaw(statement('COMMIT'));
    return migrations.map((migration) => migration.name);
  } catch (error) {
    await adapter.executeRaw(statement('ROLLBACK')).catch(() => undefined);
    throw error;
  }
}

/** RFC 3339 with an explicit offset, as the engine stores `started_at` and `finished_at` on SQLite. */
function engineTimestamp(at: Date): string {
  return at.toISOString().replace(/Z$/, '+00:00');
}

function statement(sql: string) {
  return { sql, args: [], argTypes: [] };
}
