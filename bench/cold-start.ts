/**
 * Cold start and idle memory in the production shape: `node dist/src/app.js` in live mode (no Zoom mock loaded)
 * against the fake Slack for its one start-up auth.test, timed from spawn to its first `/healthz` 200, on a fresh
 * SQLite file and on one that exists; the anchor is a bare Bolt app from spawn to its first HTTP answer. Idle RSS
 * is each process's resident set a moment after it answered.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakeSlack } from '../dev/fake-slack';
import { freePort } from '../dev/free-port';

export interface ColdStart {
  startMs: number;
  idleRssMb: number;
}

function rssMbOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? NaN) / 1e3;
}

async function timeToAnswer(script: string, env: Record<string, string>, probePath: string, cwd: string): Promise<ColdStart> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${path.basename(script)} exited with ${child.exitCode} before answering`);
      const ok = await fetch(`http://127.0.0.1:${port}${probePath}`).then(
        (response) => (probePath === '/healthz' ? response.status === 200 : true),
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const startMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { startMs, idleRssMb: rssMbOf(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

export function coldBare(slack: FakeSlack): Promise<ColdStart> {
  const env = { SLACK_SIGNING_SECRET: 'bench', SLACK_BOT_TOKEN: slack.botToken, SLACK_API_URL: slack.apiUrl };
  return timeToAnswer(path.join(__dirname, 'cold-bare.js'), env, '/', tmpdir());
}

/** `databaseFile`: an existing file to start on, or undefined for a fresh one. */
export async function coldOurs(slack: FakeSlack, databaseFile?: string): Promise<ColdStart & { databaseFile: string }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-cold-'));
  const file = databaseFile ?? path.join(folder, 'app.db');
  const env = {
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    DATABASE_URL: `file:${file}`,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SLACK_SIGNING_SECRET: 'bench',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    IS_LIVE_SERVER: 'true',
    ZOOM_CLIENT_ID: 'bench-client',
    ZOOM_CLIENT_SECRET: 'bench-secret',
    LOG_LEVEL: 'silent',
  };
  try {
    // The folder holds no .env, so nothing but this environment configures the app.
    const result = await timeToAnswer(path.join(__dirname, '..', 'src', 'app.js'), env, '/healthz', folder);
    return { ...result, databaseFile: file };
  } finally {
    if (databaseFile) rmSync(folder, { recursive: true, force: true });
  }
}
