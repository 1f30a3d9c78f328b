import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { parseDatabaseUrl, type DatabaseProvider } from './db';
import { projectRoot } from './schema-engine';

/**
 * The cheap question asked before forking the schema engine: has this database already finished every
 * committed migration, each with the checksum it has on disk? One query through the driver adapter the store
 * uses anyway, instead of a child process that loads the engine's WebAssembly (~0.5 s and ~60 MB) at every
 * start. Any doubt (no table, a failed or edited migration, an unknown one) answers false, and the engine,
 * which knows how to apply or refuse, decides.
 */
export async function migrationsAreCurrent(databaseUrl: string): Promise<boolean> {
  const target = parseDatabaseUrl(databaseUrl);
  // A database file that does not exist yet has nothing applied; opening it would create it empty.
  if (target.provider === 'sqlite' && !existsSync(target.filePath)) return false;
  const committed = new Map(committedMigrations(target.provider).map((migration) => [migration.name, migration.checksum]));
  let adapter: SqlDriverAdapter | undefined;
  try {
    adapter = await connectForMigrations(databaseUrl, { fileMustExist: true });
    const result = await adapter.queryRaw({
      sql: 'SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      args: [],
      argTypes: [],
    });
    const applied = new Map(result.rows.map((row) => [String(row[0]), String(row[1])]));
    if (applied.size !== committed.size) return false;
    return [...committed].every(([name, checksum]) => applied.get(name) === checksum);
  } catch {
    return false;
  } finally {
    await adapter?.dispose().catch(() => undefined);
  }
}

/**
 * One connection through the driver adapter the store loads anyway. PostgreSQL gets a pool of one, so that
 * consecutive statements (a transaction, a lock) share a session.
 */
export async function connectForMigrations(databaseUrl: string, { fileMustExist }: { fileMustExist: boolean }): Promise<SqlDriverAdapter> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSqlite3({ url: target.filePath, timeout: 5000, fileMustExist }).connect();
  }
  const { PrismaPg } = await import('@prisma/adapter-pg');
  return new PrismaPg({ connectionString: target.connectionString, max: 1 }).connect();
}

export interface CommittedMigration {
  /** The directory name, as `_prisma_migrations.migration_name` records it. */
  name: string;
  sql: string;
  /** sha256 (hex) of migration.sql, the value Prisma records in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** The committed migrations of one provider, oldest first (their names start with a timestamp). */
export function committedMigrations(provider: DatabaseProvider): CommittedMigration[] {
  const folder = path.join(projectRoot(), 'prisma', 'migrations', provider);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(folder, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}
