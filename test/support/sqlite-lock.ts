import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { ROOT } from './app-process';

/**
 * Another process holding a SQLite file's write lock (`BEGIN EXCLUSIVE`), as a stuck migration or a maintenance
 * script does. In WAL mode readers carry on; every writer waits out its busy timeout and gets SQLITE_BUSY.
 */
export interface SqliteLockHolder {
  release(): Promise<void>;
}

const HOLDER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.stdin.resume();
process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
`;

export async function holdSqliteWriteLock(filePath: string): Promise<SqliteLockHolder> {
  const child = spawn(process.execPath, ['-e', HOLDER, path.join(ROOT, 'node_modules/better-sqlite3'), filePath], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before locking: ${stderr}`)));
  });
  return {
    release: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}
