import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WASM_BASELINE_ONLY_FLAG } from './db';

/**
 * Runs a command of scripts/prisma-schema-engine.js in a child Node process. The engine package is
 * ES-only: plain Node loads it, jest's CommonJS module system cannot, so the app and the tests both run it
 * this way (as Prisma's own CLI runs its schema engine as a separate process).
 */

export type SchemaSource = { tag: 'empty' } | { tag: 'schemaDatasource'; path: string } | { tag: 'schemaFile'; path: string };

interface EngineCommands {
  applyMigrations(databaseUrl: string): { provider: 'sqlite' | 'postgresql'; appliedMigrationNames: string[] };
  diffScript(databaseUrl: string, from: SchemaSource, to: SchemaSource): string | null;
}

type EngineReply = { ok: true; result: unknown } | { ok: false; message: string };

export class SchemaEngineError extends Error {
  override readonly name = 'SchemaEngineError';
}

/** The project root holds scripts/ and prisma/; found by walking up, so it works from src/ and from dist/src/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'scripts', 'prisma-schema-engine.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new SchemaEngineError('cannot find scripts/prisma-schema-engine.js above ' + from);
    dir = parent;
  }
  return dir;
}

export function runSchemaEngine<C extends keyof EngineCommands>(
  command: C,
  ...args: Parameters<EngineCommands[C]>
): Promise<ReturnType<EngineCommands[C]>> {
  const script = path.join(projectRoot(), 'scripts', 'prisma-schema-engine.js');
  return new Promise((resolve, reject) => {
    // Only this flag, not the parent's (e.g. jest's or an inspector's): the engine is WebAssembly that runs once
    // per start, so V8's optimising tier would cost more to run than it saves (see db.ts).
    const child = fork(script, [], { execArgv: [WASM_BASELINE_ONLY_FLAG], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: EngineReply | undefined;
    child.once('message', (message) => {
      reply = message as EngineReply;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!reply) {
        reject(new SchemaEngineError(`schema engine exited without a reply (code ${code}, signal ${signal})`));
      } else if (reply.ok) {
        resolve(reply.result as ReturnType<EngineCommands[C]>);
      } else {
        reject(new SchemaEngineError(reply.message));
      }
    });
    child.send({ command, args });
  });
}
