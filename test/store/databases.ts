import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { applyMigrations, createStore, type Store, type StoreOptions } from '../../src/store';
import { createTestDatabase, describeWithPostgres } from '../support/postgres';
import { createTempDir } from '../support/temp-dir';

/** Store-test helpers: a migrated, empty database per suite, on SQLite and on PostgreSQL. */

export const TEST_KEY = randomBytes(32).toString('base64');

export interface MigratedDatabase {
  provider: 'sqlite' | 'postgresql';
  url: string;
  /** Opens a store on this database; closed automatically after the suite. */
  openStore(options?: Partial<Omit<StoreOptions, 'databaseUrl'>>): Store;
}

export async function createSqliteDatabase(): Promise<{ url: string; filePath: string; remove(): Promise<void> }> {
  const dir = createTempDir();
  const filePath = path.join(dir.path, 'nested', 'store.db');
  return { url: `file:${filePath}`, filePath, remove: async () => dir.remove() };
}

/**
 * Runs `suite` once per provider, each against its own freshly migrated database. The PostgreSQL run follows
 * test/support/postgres.ts (skipped locally without a server, failing in CI).
 */
export function describeEachProvider(name: string, suite: (db: () => MigratedDatabase) => void): void {
  const providers = [
    { provider: 'sqlite' as const, describeFor: describe, create: createSqliteDatabase },
    { provider: 'postgresql' as const, describeFor: describeWithPostgres, create: () => createTestDatabase() },
  ];
  for (const { provider, describeFor, create } of providers) {
    describeFor(`${name} [${provider}]`, () => {
      let current: MigratedDatabase | undefined;
      const stores: Store[] = [];
      let cleanup: () => Promise<void> = async () => {};

      beforeAll(async () => {
        const created = await create();
        cleanup = 'drop' in created ? created.drop : created.remove;
        await applyMigrations(created.url);
        current = {
          provider,
          url: created.url,
          openStore: (options) => {
            const store = createStore({ encryptionKey: TEST_KEY, ...options, databaseUrl: created.url });
            stores.push(store);
            return store;
          },
        };
      });

      afterAll(async () => {
        await Promise.all(stores.map((store) => store.close()));
        await cleanup();
      });

      suite(() => {
        if (!current) throw new Error('database not ready');
        return current;
      });
    });
  }
}
