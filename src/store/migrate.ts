import { parseDatabaseUrl } from './db';
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
  // Most starts have nothing to apply: ask the database first and fork the engine only when work is pending.
  const result = (await migrationsAreCurrent(databaseUrl))
    ? { provider: parseDatabaseUrl(databaseUrl).provider, appliedMigrationNames: [] }
    : await runSchemaEngine('applyMigrations', databaseUrl);
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
