import { parseDatabaseUrl } from './db';
import { applyMigrationsToEmptyDatabase } from './migrate-empty';
import { migrationsAreCurrent } from './migrations-current';
import { runSchemaEngine } from './schema-engine';
import { silentLogger, type StoreLogger } from './logger';

export interface MigrationResult {
  provider: 'sqlite' | 'postgresql';
  appliedMigrationNames: string[];
}

/**
 * Applies the committed migrations of the database's provider (prisma/migrations/<provider>), recording them
 * in `_prisma_migrations` as `prisma migrate deploy` would. Idempotent: a second run applies nothing.
 */
export async function applyMigrations(databaseUrl: string, logger: StoreLogger = silentLogger): Promise<MigrationResult> {
  const startedAt = performance.now();
  const result = await applyPendingMigrations(databaseUrl);
  logger.info(
    {
      provider: result.provider,
      applied: result.appliedMigrationNames,
      durationMs: Math.round(performance.now() - startedAt),
    },
    result.appliedMigrationNames.length ? 'database migrations applied' : 'database schema is up to date',
  );
  return result;
}

/**
 * Most starts have nothing to apply, and the first start on a new database has nothing to reconcile: both are
 * answered through the store's own driver. Only a database part-way through its history forks the engine.
 */
async function applyPendingMigrations(databaseUrl: string): Promise<MigrationResult> {
  const provider = parseDatabaseUrl(databaseUrl).provider;
  if (await migrationsAreCurrent(databaseUrl)) return { provider, appliedMigrationNames: [] };
  const appliedToEmpty = await applyMigrationsToEmptyDatabase(databaseUrl);
  if (appliedToEmpty) return { provider, appliedMigrationNames: appliedToEmpty };
  return runSchemaEngine('applyMigrations', databaseUrl);
}
