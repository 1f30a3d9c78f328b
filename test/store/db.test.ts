/**
 * The query compiler's WebAssembly is read from its module's bytes when Prisma asks for it, instead of the module
 * being parsed as JavaScript and kept in require's cache. jest has a module registry of its own, so the real path
 * is checked in a plain Node process on the compiled store; the format check runs on the files Prisma ships.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { base64Literal, compilerWasmFile } from '../../src/store/db';
import { buildOnce, ROOT } from '../support/app-process';
import { createTestDatabase, describeWithPostgres } from '../support/postgres';
import { createTempDir } from '../support/temp-dir';

jest.setTimeout(60000);

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

it.each(['sqlite', 'postgresql'] as const)('reads the %s compiler module Prisma ships as one base64 literal', (provider) => {
  const literal = base64Literal(readFileSync(compilerWasmFile(provider)));
  expect(literal).toBeDefined();
  expect(Buffer.from(literal!, 'base64').subarray(0, 4)).toEqual(WASM_MAGIC);
});

it('leaves a module of any other shape to require()', () => {
  expect(base64Literal(Buffer.from('const wasm = "AGFz\\nbQ";\nmodule.exports = { wasm }\n'))).toBeUndefined();
  expect(base64Literal(Buffer.from('const wasm = "AGFzbQ";\nmodule.exports = { wasm, other }\n'))).toBeUndefined();
  expect(base64Literal(Buffer.from('"use strict";\nconst wasm = "AGFzbQ";\nmodule.exports = { wasm }\n'))).toBeUndefined();
  expect(base64Literal(Buffer.from('const wasm = "AGFzbQ";\nmodule.exports = { wasm }\n'))).toBe('AGFzbQ');
});

/** In a plain Node process: migrate, open a store, run one query, and say whether require's cache kept the module. */
function firstQueryInNode(databaseUrl: string, cwd: string): { answered: boolean; kept: boolean } {
  buildOnce();
  const script = `
    const { applyMigrations, createStore } = require(${JSON.stringify(path.join(ROOT, 'dist/src/store'))});
    const { compilerWasmFile, parseDatabaseUrl } = require(${JSON.stringify(path.join(ROOT, 'dist/src/store/db'))});
    const url = ${JSON.stringify(databaseUrl)};
    (async () => {
      await applyMigrations(url);
      const store = createStore({ databaseUrl: url, encryptionKey: Buffer.alloc(32, 7) });
      const answered = await store.ping();
      const kept = require.cache[compilerWasmFile(parseDatabaseUrl(url).provider)] !== undefined;
      await store.close();
      process.stdout.write(JSON.stringify({ answered, kept }));
    })();
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' })) as { answered: boolean; kept: boolean };
}

it('answers queries on SQLite without keeping the compiler module in require’s cache', () => {
  const dir = createTempDir();
  try {
    expect(firstQueryInNode(`file:${path.join(dir.path, 'app.db')}`, dir.path)).toEqual({ answered: true, kept: false });
  } finally {
    dir.remove();
  }
});

describeWithPostgres('on PostgreSQL', () => {
  it('answers queries without keeping the compiler module in require’s cache', async () => {
    const database = await createTestDatabase();
    const dir = createTempDir();
    try {
      expect(firstQueryInNode(database.url, dir.path)).toEqual({ answered: true, kept: false });
    } finally {
      dir.remove();
      await database.drop();
    }
  });
});
