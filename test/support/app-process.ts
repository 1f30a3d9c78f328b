import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** The compiled app, run as `npm start` runs it: plain node on dist/, no TypeScript in the process. */
export const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/src/app.js');

let built = false;
export function buildOnce(): void {
  // jest's global setup has compiled dist/ for the whole run (test/support/global-setup.js).
  if (built || process.env.ZS_TEST_DIST_BUILT === '1') return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  built = true;
}

export { freePort } from '../../dev/free-port';

export function testEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-test',
    IS_LIVE_SERVER: 'false',
    ...overrides,
  };
}

export interface AppProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function spawnApp(env: NodeJS.ProcessEnv, cwd: string): AppProcess {
  const child = spawn(process.execPath, [ENTRY], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout, stderr: () => stderr, exited };
}

/** Waits for a structured log line whose `msg` matches. */
export async function waitForLogLine(app: AppProcess, msg: string, timeoutMs = 15000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of app.stdout) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === msg) return entry;
    }
    if (app.child.exitCode !== null) throw new Error(`app exited (${app.child.exitCode}): ${app.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no "${msg}" log line within ${timeoutMs} ms; stdout: ${app.stdout.join('\n')}; stderr: ${app.stderr()}`);
}
