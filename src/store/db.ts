import path from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { PrismaClient as SqlitePrismaClient } from '../generated/prisma-sqlite/client';

/**
 * The one module that builds a Prisma client. There is one generated client per provider; their model APIs
 * are identical, so the store is typed against the SQLite one and the PostgreSQL client is cast to it here.
 */
export type PrismaDb = SqlitePrismaClient;
export type DatabaseProvider = 'sqlite' | 'postgresql';

export type DatabaseTarget = { provider: 'sqlite'; filePath: string } | { provider: 'postgresql'; connectionString: string };

export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** `file:<path>` (relative to the working directory) → SQLite; `postgresql://` or `postgres://` → PostgreSQL. */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  if (databaseUrl.startsWith('file:')) {
    const file = databaseUrl.slice('file:'.length);
    if (!file) throw new DatabaseUrlError('DATABASE_URL file: needs a path, e.g. file:./data/zoom-scheduler.db');
    return { provider: 'sqlite', filePath: path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return { provider: 'postgresql', connectionString: databaseUrl };
  }
  throw new DatabaseUrlError('DATABASE_URL must be file:<path> (SQLite) or postgresql://… (PostgreSQL)');
}

/** One Prisma operation (a model call or a raw query), as a query observer sees it. */
export interface ObservedQuery {
  model: string | undefined;
  operation: string;
  /** A raw statement's SQL, its parameters as `?` (to tell which table it writes). */
  sql?: string;
}

/**
 * How long a SQLite write waits for another process's write lock before failing with SQLITE_BUSY (then: the database
 * is unavailable). better-sqlite3 waits synchronously, so the whole process stands still meanwhile: while another
 * process holds the lock, a request can meet one wait already under way (a job poll) plus its own, and that must
 * still fit in Slack's 3 s ack deadline. Our own write transactions hold the lock for milliseconds.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 1000;

export function createPrismaClient(
  databaseUrl: string,
  onQuery?: (query: ObservedQuery) => void,
): { prisma: PrismaDb; provider: DatabaseProvider } {
  const built = buildPrismaClient(databaseUrl);
  if (!onQuery) return built;
  // Tests and the bench count the database work of a request; production builds no extension.
  const observed = built.prisma.$extends({
    query: {
      $allOperations({ model, operation, args, query }) {
        const strings = (args as { strings?: unknown } | undefined)?.strings;
        onQuery({ model, operation, ...(Array.isArray(strings) ? { sql: strings.join('?') } : {}) });
        return query(args);
      },
    },
  });
  return { prisma: observed as unknown as PrismaDb, provider: built.provider };
}

/**
 * Prisma's query compiler is a WebAssembly module (~1.6 MB in the "small" build prisma/schema.prisma asks for)
 * compiled at start. V8's default pipeline also optimises it on background threads, whose allocator arenas stay
 * resident: ~70 MB of idle RSS and ~1 s of start-up CPU, for code that runs once per query shape (Prisma caches
 * the plans). The baseline compiler alone is enough for
 * that; it is the only WebAssembly this process runs, and the flag must be set before the module is compiled.
 */
export const WASM_BASELINE_ONLY_FLAG = '--liftoff-only';

/**
 * The generated client loads that WebAssembly from a JavaScript module holding it as one base64 string literal
 * (2.2 MB): V8 parses the whole source (~20 ms of the start), and require's cache then keeps the string for the
 * life of the process, although Prisma decodes it once per process and keeps only the compiled module. Put in
 * require's cache before the client asks, an object whose `wasm` reads the same literal straight from the file's
 * bytes, at the one moment Prisma asks, and leaves nothing behind. A file not shaped as expected (a Prisma upgrade)
 * is required as Prisma would have. The file name follows `compilerBuild = "small"` in prisma/schema.prisma.
 */
export function compilerWasmFile(provider: DatabaseProvider): string {
  return require.resolve(`@prisma/client/runtime/query_compiler_small_bg.${provider}.wasm-base64.js`);
}

function readCompilerWasmOnDemand(provider: DatabaseProvider): void {
  const file = compilerWasmFile(provider);
  if (require.cache[file]) return;
  const module = new Module(file);
  module.filename = file;
  module.loaded = true;
  module.exports = {
    get wasm(): string {
      delete require.cache[file];
      return base64Literal(readFileSync(file)) ?? (require(file) as { wasm: string }).wasm;
    },
  };
  require.cache[file] = module;
}

const LITERAL_START = Buffer.from('const wasm = "');
const LITERAL_END = /^";\s*module\.exports = \{ wasm \};?\s*$/;

/** The string literal of `const wasm = "…"; module.exports = { wasm }`, when it has no escapes (base64 never has). */
export function base64Literal(source: Buffer): string | undefined {
  if (!source.subarray(0, LITERAL_START.length).equals(LITERAL_START)) return undefined;
  const end = source.indexOf('"', LITERAL_START.length);
  if (end < 0 || !LITERAL_END.test(source.toString('latin1', end))) return undefined;
  const backslash = source.indexOf('\\', LITERAL_START.length);
  if (backslash >= 0 && backslash < end) return undefined;
  return source.toString('latin1', LITERAL_START.length, end);
}

function buildPrismaClient(databaseUrl: string): { prisma: PrismaDb; provider: DatabaseProvider } {
  const target = parseDatabaseUrl(databaseUrl);
  setFlagsFromString(WASM_BASELINE_ONLY_FLAG);
  readCompilerWasmOnDemand(target.provider);
  if (target.provider === 'sqlite') {
    mkdirSync(path.dirname(target.filePath), { recursive: true });
    // Loaded on demand: each generated client is large, and a process only ever needs one.
    const { PrismaClient } = require('../generated/prisma-sqlite/client') as typeof import('../generated/prisma-sqlite/client');
    // So are the adapters: a SQLite process never loads pg, nor a PostgreSQL one better-sqlite3.
    const { PrismaBetterSqlite3 } = require('@prisma/adapter-better-sqlite3') as typeof import('@prisma/adapter-better-sqlite3');
    const adapter = new PrismaBetterSqlite3({ url: target.filePath, timeout: SQLITE_BUSY_TIMEOUT_MS });
    return { prisma: new PrismaClient({ adapter }), provider: 'sqlite' };
  }
  const { PrismaClient } = require('../generated/prisma-postgresql/client') as typeof import('../generated/prisma-postgresql/client');
  const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
  const adapter = new PrismaPg({ connectionString: target.connectionString });
  return { prisma: new PrismaClient({ adapter }) as unknown as PrismaDb, provider: 'postgresql' };
}
