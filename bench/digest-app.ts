/**
 * The app side of the digest fan-out bench, in a process of its own (bench/digest-fanout.ts starts it with
 * `fork`, and hosts the stand-ins): this app as `npm start` builds it (live mode, its own SQLite file), seeded with
 * the subscribers, then its digest scheduler running on its own timers. CPU and peak RSS measured here are the
 * app's alone.
 *
 * Time: the app reads an offset clock (real time plus an offset). Whenever nothing is in flight (no run, no
 * preparation: no Zoom call, post or store write pending) while the scheduler's timer is set, the offset jumps to
 * the timer's instant and the timer fires at once. Digests prepared ahead may be waiting: the run that started
 * their preparation set its wake no later than their due instant, so the jump lands on it (were it later, the
 * bench would see it as posts late in app time, not hide it). The idle hours between two zones' 09:00 and
 * the wait from a preparation's end to its due instant thus pass in no time, while everything from a due instant
 * to its last post (and each preparation) runs in real time against the stand-ins' real rate limits. The jumps
 * are reported, so the bench maps each post's real arrival to the app's time.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { Session } from 'node:inspector';
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { JobTimer } from '../src/jobs/job-timer';
import { createLogger } from '../src/logger';
import type { DigestSeedInput, SeededRun } from './digest-seed';
import { freePort } from '../dev/free-port';

export interface DigestAppInput extends SeededRun {
  slackApiUrl: string;
  botToken: string;
  zoomApiBaseUrl: string;
  zoomOAuthBaseUrl: string;
  zoomClientId: string;
  zoomClientSecret: string;
  /** The app's clock at the start of the run. */
  startAtMs: number;
  /** Every enforced rate is multiplied by this in the stand-ins; the app's pacing and prefetch cap follow. */
  scale: number;
  zoomPerSecond: number;
  slackWorkspacePerMinute: number;
  /** The clock does not jump past this app instant (after the last due digest), so no next day begins. */
  noJumpsAfterMs: number;
}

export interface DigestAppReport {
  cpuMs: number;
  peakRssMb: number;
  /** Each jump of the offset clock: from this real instant on, app time = real time + offsetMs. */
  offsets: Array<{ realAtMs: number; offsetMs: number }>;
}

type Message = { op: 'init'; input: DigestAppInput } | { op: 'start' } | { op: 'stop' };

const CAP_MS = 30 * 60_000;

function received(): Promise<DigestAppInput> {
  // Over IPC rather than argv: 50 000 subscribers do not fit in a command line.
  return new Promise((resolve) => {
    const onMessage = (message: Message) => {
      if (message.op !== 'init') return;
      process.off('message', onMessage);
      resolve(message.input);
    };
    process.on('message', onMessage);
  });
}

function seedInChild(seed: DigestSeedInput): Promise<void> {
  const child = fork(path.join(__dirname, 'digest-seed.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  return new Promise((resolve, reject) => {
    let seeded = false;
    child.once('message', () => (seeded = true));
    child.once('exit', (code) => (seeded && code === 0 ? resolve() : reject(new Error(`the digest seed exited (${code})`))));
    child.send(seed);
  });
}

/**
 * DIGEST_BENCH_MEM=<file>: one JSON line a second of process.memoryUsage() (MB) and the CPU used so far, to see
 * what the peak is made of and when the CPU goes.
 * DIGEST_BENCH_SNAPSHOT=<folder> with DIGEST_BENCH_SNAPSHOT_AT=<s,s,…>: a heap snapshot there at those seconds
 * after the app process started (each forces a full GC, so it shows what is alive, not what awaits collection).
 */
function watchMemory(): () => void {
  const file = process.env.DIGEST_BENCH_MEM;
  const snapshots = process.env.DIGEST_BENCH_SNAPSHOT;
  if (!file && !snapshots) return () => undefined;
  if (file) writeFileSync(file, '');
  const startedAt = Date.now();
  const snapshotAt = (process.env.DIGEST_BENCH_SNAPSHOT_AT ?? '').split(',').filter(Boolean).map(Number);
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  const sample = () => {
    const usage = process.memoryUsage();
    const line = {
      s: Math.round((Date.now() - startedAt) / 1000),
      rss: mb(usage.rss),
      heapUsed: mb(usage.heapUsed),
      heapTotal: mb(usage.heapTotal),
      external: mb(usage.external),
      arrayBuffers: mb(usage.arrayBuffers),
      maxRss: mb(process.resourceUsage().maxRSS * 1e3),
      // CPU so far (ms), to tell the first run's share from the posting's.
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    };
    if (file) appendFileSync(file, `${JSON.stringify(line)}\n`);
    if (snapshots && snapshotAt.length > 0 && line.s >= snapshotAt[0]!) {
      snapshotAt.shift();
      writeHeapSnapshot(path.join(snapshots, `digest-app-${line.s}s-${Math.round(line.rss)}mb.heapsnapshot`));
    }
  };
  const interval = setInterval(sample, 1000);
  return () => {
    sample();
    clearInterval(interval);
  };
}

/**
 * DIGEST_BENCH_ALLOC=<file>: V8's sampling heap profile of the run, garbage included (what is allocated, by
 * function, whether or not it is kept), written there as a .heapprofile: where the GC's work comes from.
 */
function profileAllocations(): () => Promise<void> {
  const file = process.env.DIGEST_BENCH_ALLOC;
  if (!file) return () => Promise.resolve();
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  void post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function main(): Promise<void> {
  const input = await received();
  const stopWatching = watchMemory();
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-digest-'));
  let offsetMs = input.startAtMs - Date.now();
  const offsets = [{ realAtMs: Date.now(), offsetMs }];
  const now = () => Date.now() + offsetMs;
  let workInFlight: () => boolean = () => true;
  // The scheduler keeps one timer at a time. It may be set while a preparation is still under way; the moment
  // nothing is in flight any more, the clock jumps to the timer's instant and the timer fires.
  interface PendingTimer {
    atAppMs: number;
    callback: () => void;
    timeout: NodeJS.Timeout;
  }
  let pending: PendingTimer | undefined;
  const fire = (timer: PendingTimer) => {
    if (pending !== timer) return;
    pending = undefined;
    clearTimeout(timer.timeout);
    timer.callback();
  };
  const jumpIfIdle = () => {
    const timer = pending;
    if (!timer || workInFlight() || timer.atAppMs > input.noJumpsAfterMs) return;
    const skipMs = timer.atAppMs - now();
    if (skipMs > 0) {
      offsetMs += skipMs;
      offsets.push({ realAtMs: Date.now(), offsetMs });
    }
    fire(timer);
  };
  // Polled rather than hooked into the scheduler: a preparation's end is not an event it exposes, and 20 ms of
  // real time after it changes nothing that is measured (from a due instant on, nothing jumps).
  const idleWatch = setInterval(jumpIfIdle, 20);
  const timer: JobTimer = {
    set: (callback, ms) => {
      if (process.env.DIGEST_BENCH_LOG)
        console.error(`timer ${ms} ms, work in flight ${workInFlight()}, app time ${new Date(now()).toISOString()}`);
      const set: PendingTimer = { atAppMs: now() + ms, callback, timeout: setTimeout(() => fire(set), ms) };
      pending = set;
      // Not at once: the scheduler keeps the handle this returns, and a callback run inside set() would see it stale.
      setImmediate(jumpIfIdle);
      return set;
    },
    clear: (handle) => {
      if (handle === undefined || pending !== handle) return;
      clearTimeout((handle as PendingTimer).timeout);
      pending = undefined;
    },
  };
  const port = await freePort();
  const databaseUrl = `file:${path.join(folder, 'app.db')}`;
  const encryptionKey = randomBytes(32).toString('base64');
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    TOKEN_ENCRYPTION_KEY: encryptionKey,
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_BOT_TOKEN: input.botToken,
    SLACK_API_URL: input.slackApiUrl,
    IS_LIVE_SERVER: 'true',
    ZOOM_CLIENT_ID: input.zoomClientId,
    ZOOM_CLIENT_SECRET: input.zoomClientSecret,
    ZOOM_API_BASE_URL: input.zoomApiBaseUrl,
    ZOOM_OAUTH_BASE_URL: input.zoomOAuthBaseUrl,
    LOG_LEVEL: 'silent',
  });
  // Seeding is not measured: a process of its own writes the file before the app opens it.
  await seedInChild({ databaseUrl, encryptionKey, nowMs: now(), app: input });
  // DIGEST_BENCH_QUERIES=1: the run's database operations by model and operation, to stderr at the end.
  const queries = new Map<string, number>();
  const countQuery = ({ model, operation }: { model: string | undefined; operation: string }) => {
    const key = `${model ?? 'raw'}.${operation}`;
    queries.set(key, (queries.get(key) ?? 0) + 1);
  };
  const app = await startApp({
    config,
    ...(process.env.DIGEST_BENCH_QUERIES ? { onDatabaseQuery: countQuery } : {}),
    // DIGEST_BENCH_LOG=debug shows what the app does (to stderr), for when a run does not finish.
    logger: createLogger({ level: (process.env.DIGEST_BENCH_LOG ?? 'silent') as 'silent' }),
    host: '127.0.0.1',
    now,
    digestScheduler: {
      autoStart: false,
      timer,
      pacerClock: { now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
      zoomCallsPerSecond: input.zoomPerSecond * input.scale,
      // A second's worth of posts and Zoom calls leaves together in production; in the compressed run, 1/scale s.
      releaseEveryMs: 1000 / input.scale,
      slackPostIntervalMs: 1000 / input.scale,
      slackWorkspacePostsPerMinute: input.slackWorkspacePerMinute * input.scale,
      prefetchCapMs: CAP_MS / input.scale,
      prefetchMinLeadMs: 5_000 / input.scale,
      // The wake at each due instant and preparation start drives the runs; the fallback tick (for retries and
      // zone changes) would otherwise replay a day of 30-second ticks through the skipped hours.
      tickMs: 60 * 60_000,
      jitterMs: 0,
    },
  });
  const scheduler = app.digestScheduler;
  workInFlight = () => scheduler.workInFlight;
  process.send!({ seeded: true });
  let cpuBefore = process.cpuUsage();
  let stopProfiling = () => Promise.resolve();
  process.on('message', (message: Message) => {
    if (message.op === 'init') return;
    if (message.op === 'start') {
      cpuBefore = process.cpuUsage();
      queries.clear();
      stopProfiling = profileAllocations();
      scheduler.start();
      return;
    }
    void (async () => {
      const cpu = process.cpuUsage(cpuBefore);
      if (process.env.DIGEST_BENCH_QUERIES) console.error(JSON.stringify(Object.fromEntries([...queries].sort((a, b) => b[1] - a[1]))));
      stopWatching();
      await stopProfiling();
      const report: DigestAppReport = {
        cpuMs: (cpu.user + cpu.system) / 1000,
        peakRssMb: process.resourceUsage().maxRSS / 1e3,
        offsets,
      };
      clearInterval(idleWatch);
      await app.stop();
      rmSync(folder, { recursive: true, force: true });
      process.send!({ report }, () => process.exit(0));
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
