// @ts-check
'use strict';
// Runs Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm) over a driver adapter: applies the
// committed migrations and diffs schemas, where the Prisma CLI would need a native engine it cannot
// download here.
//
// Plain CommonJS on purpose: the engine package is ES-only, which plain Node loads but jest's CommonJS
// module system cannot. So src/store/migrate.ts forks this file as a child process (one code path for the
// app and the tests), and the db:* scripts require it directly.
const fs = require('node:fs');
const path = require('node:path');
const { migrationsDir, providerSchemaPath } = require('./prisma-schemas');

const LOCKFILE = 'migration_lock.toml';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** @typedef {'sqlite' | 'postgresql'} Provider */
/**
 * `schemaDatasource` is the live database (introspected through the adapter; works on SQLite, not on
 * PostgreSQL through the pg adapter); `schemaFile` is a Prisma schema file.
 * @typedef {{ tag: 'empty' } | { tag: 'schemaDatasource', path: string } | { tag: 'schemaFile', path: string }} SchemaSource
 */

/** @param {string} databaseUrl @returns {Provider} */
function providerOf(databaseUrl) {
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
}

/** SQLite paths are relative to the process's working directory; the folder is created if missing. */
function sqliteFilePath(databaseUrl) {
  const location = databaseUrl.slice('file:'.length);
  if (location === ':memory:') return location;
  const file = path.resolve(location);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

function createAdapterFactory(databaseUrl) {
  if (providerOf(databaseUrl) === 'sqlite') {
    const { PrismaBetterSqlite3 } = require('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSqlite3({ url: sqliteFilePath(databaseUrl) });
  }
  const { PrismaPg } = require('@prisma/adapter-pg');
  return new PrismaPg({ connectionString: databaseUrl });
}

/** @type {Promise<any> | undefined} */
let engineModule;

/** The package's default export expects a bundler to import the .wasm; instantiate it ourselves instead. */
function loadEngineModule() {
  engineModule ??= (async () => {
    const modulePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmBytes = fs.readFileSync(path.join(path.dirname(modulePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(wasmBytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    /** @type {any} */ (instance.exports).__wbindgen_start();
    return bindings;
  })();
  return engineModule;
}

/**
 * Opens an engine on the database, runs `work`, then frees the engine and disposes every connection the
 * engine opened (otherwise pools keep the process alive for about a minute).
 * @template T
 * @param {string} databaseUrl
 * @param {(engine: any, provider: Provider) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withSchemaEngine(databaseUrl, work) {
  const provider = providerOf(databaseUrl);
  const { SchemaEngine } = await loadEngineModule();
  const { bindMigrationAwareSqlAdapterFactory } = require('@prisma/driver-adapter-utils');
  const factory = createAdapterFactory(databaseUrl);
  /** @type {Array<{ dispose(): Promise<void> }>} */
  const openAdapters = [];
  for (const method of ['connect', 'connectToShadowDb']) {
    const original = factory[method].bind(factory);
    factory[method] = async () => {
      const adapter = await original();
      openAdapters.push(adapter);
      return adapter;
    };
  }
  const schemaPath = providerSchemaPath(provider);
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, fs.readFileSync(schemaPath, 'utf8')]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await work(engine, provider);
  } finally {
    engine.free();
    await Promise.all(openAdapters.map((adapter) => adapter.dispose()));
  }
}

/** The committed migrations of one provider, in the shape the engine expects. @param {Provider} provider */
function loadMigrationsList(provider) {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, LOCKFILE);
  const directories = fs.existsSync(baseDir)
    ? fs
        .readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((name) => ({
      // The engine records a migration under this path in _prisma_migrations: the bare directory name,
      // as the Prisma CLI does, never a machine path.
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: fs.readFileSync(path.join(baseDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

/** @param {string} databaseUrl @returns {Promise<{ provider: Provider, appliedMigrationNames: string[] }>} */
async function applyMigrations(databaseUrl) {
  const result = await withSchemaEngine(databaseUrl, async (engine, provider) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: loadMigrationsList(provider),
      filters: NO_FILTERS,
    });
    return { provider, appliedMigrationNames };
  });
  // After the engine has closed its connection: switching the journal mode needs the database to itself.
  if (result.provider === 'sqlite') useWriteAheadLog(databaseUrl);
  return result;
}

/** WAL lets readers proceed while one process writes; the mode is stored in the database file itself. */
function useWriteAheadLog(databaseUrl) {
  const Database = require('better-sqlite3');
  const db = new Database(sqliteFilePath(databaseUrl));
  try {
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

/** @param {string} file */
function schemaFile(file) {
  return { path: file, content: fs.readFileSync(file, 'utf8') };
}

/** @param {SchemaSource} source */
function toDiffTarget(source) {
  switch (source.tag) {
    case 'empty':
      return { tag: 'empty' };
    case 'schemaDatasource':
      return { tag: 'schemaDatasource', configDir: path.dirname(source.path), files: [schemaFile(source.path)] };
    case 'schemaFile':
      return { tag: 'schemaDatamodel', files: [schemaFile(source.path)] };
  }
}

/**
 * The SQL that takes `from` to `to`; null when they already match.
 * @param {string} databaseUrl the database whose provider (and, for `schemaDatasource`, whose schema) is meant
 * @param {SchemaSource} from
 * @param {SchemaSource} to
 * @returns {Promise<string | null>}
 */
function diffScript(databaseUrl, from, to) {
  return withSchemaEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from: toDiffTarget(from),
      to: toDiffTarget(to),
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === 2 ? result.stdout : null;
  });
}

/** Engine errors may quote the connection string, which can hold a password. */
function describeError(error, databaseUrl) {
  const message = error instanceof Error ? error.message : String(error);
  return databaseUrl ? message.split(databaseUrl).join('<DATABASE_URL>') : message;
}

const commands = { applyMigrations, diffScript };

// Forked by src/store/migrate.ts: one request in, one reply out, then exit. The exit is explicit because
// the engine leaves a 10 s timer behind on PostgreSQL that free() does not clear.
if (require.main === module && process.send) {
  process.once('message', async (/** @type {{ command: keyof typeof commands, args: any[] }} */ request) => {
    /** @type {{ ok: true, result: unknown } | { ok: false, message: string }} */
    let reply;
    try {
      const run = /** @type {(...args: any[]) => Promise<unknown>} */ (commands[request.command]);
      reply = { ok: true, result: await run(...request.args) };
    } catch (error) {
      reply = { ok: false, message: describeError(error, request.args[0]) };
    }
    process.send?.(reply, () => process.exit(0));
  });
}

module.exports = { providerOf, applyMigrations, diffScript, loadMigrationsList, describeError };
