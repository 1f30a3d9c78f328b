import { Writable } from 'node:stream';
import { JobRunner, PermanentJobError } from '../../src/jobs/job-runner';
import { createLogger } from '../../src/logger';
import { describeEachProvider } from '../store/databases';

const quietLogger = () =>
  createLogger({
    level: 'debug',
    destination: new Writable({
      write: (_chunk, _encoding, done) => done(),
    }),
  });

describeEachProvider('job runner', (db) => {
  let unique = 0;
  const key = (name: string) => `${name}:${++unique}`;

  test('runs due jobs with bounded concurrency and records each as done', async () => {
    const store = db().openStore();
    const kind = key('kind');
    const keys = Array.from({ length: 6 }, () => key('job'));
    for (const dedupeKey of keys) await store.enqueueJob({ kind, dedupeKey, payload: { dedupeKey } });
    let active = 0;
    let peak = 0;
    const seen: string[] = [];
    const runner = new JobRunner({
      store,
      logger: quietLogger(),
      concurrency: 2,
      handlers: {
        [kind]: async (payload) => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 20));
          seen.push((payload as { dedupeKey: string }).dedupeKey);
          active -= 1;
        },
      },
    });
    await runner.idle();
    expect(seen.sort()).toEqual([...keys].sort());
    expect(peak).toBe(2);
    for (const dedupeKey of keys) expect((await store.getJobByDedupeKey(dedupeKey))?.status).toBe('done');
  });

  test('a failing job backs off exponentially; a permanent failure is dead at once', async () => {
    let nowMs = Date.parse('2026-05-01T12:00:00Z');
    const store = db().openStore({ now: () => new Date(nowMs) });
    const kind = key('flaky');
    const flaky = key('flaky-job');
    const broken = key('broken-job');
    await store.enqueueJob({ kind, dedupeKey: flaky, payload: 'flaky' });
    await store.enqueueJob({ kind, dedupeKey: broken, payload: 'broken' });
    const runner = new JobRunner({
      store,
      logger: quietLogger(),
      now: () => nowMs,
      random: () => 1,
      firstRetryDelayMs: 1_000,
      maxRetryDelayMs: 60_000,
      handlers: {
        [kind]: async (payload) => {
          if (payload === 'broken') throw new PermanentJobError('cannot be read');
          throw new Error('Slack answered 503');
        },
      },
    });
    await runner.idle();
    const first = await store.getJobByDedupeKey(flaky);
    expect(first?.runAfter.getTime()).toBe(nowMs + 1_000);
    expect(await store.getJobByDedupeKey(broken)).toMatchObject({ status: 'dead', lastError: 'cannot be read', attempts: 1 });

    nowMs += 1_000;
    await runner.idle();
    expect((await store.getJobByDedupeKey(flaky))?.runAfter.getTime()).toBe(nowMs + 2_000);
    nowMs += 2_000;
    await runner.idle();
    expect(await store.getJobByDedupeKey(flaky)).toMatchObject({ status: 'queued', attempts: 3, lastError: 'Slack answered 503' });
    expect((await store.getJobByDedupeKey(flaky))?.runAfter.getTime()).toBe(nowMs + 4_000);
  });

  test('a job failing on an outage keeps retrying past its attempts for a day; any other failure is dead after them', async () => {
    // The real time: the database stamps a job's createdAt itself.
    let nowMs = Date.now();
    const store = db().openStore({ now: () => new Date(nowMs) });
    const kind = key('outage');
    const waiting = key('slack-down');
    const failing = key('bug');
    await store.enqueueJob({ kind, dedupeKey: waiting, payload: 'outage', maxAttempts: 2 });
    await store.enqueueJob({ kind, dedupeKey: failing, payload: 'bug', maxAttempts: 2 });
    class Outage extends Error {}
    const runner = new JobRunner({
      store,
      logger: quietLogger(),
      now: () => nowMs,
      random: () => 1,
      firstRetryDelayMs: 1_000,
      maxRetryDelayMs: 60 * 60_000,
      isOutage: (error) => error instanceof Outage,
      handlers: {
        [kind]: async (payload) => {
          throw payload === 'outage' ? new Outage('Slack answered 503') : new Error('cannot render');
        },
      },
    });
    const runUntil = async (untilMs: number) => {
      while (nowMs < untilMs) {
        await runner.idle();
        nowMs += 60 * 60_000;
      }
    };
    await runUntil(nowMs + 23 * 60 * 60_000);
    expect(await store.getJobByDedupeKey(failing)).toMatchObject({ status: 'dead', attempts: 2 });
    const stillWaiting = await store.getJobByDedupeKey(waiting);
    expect(stillWaiting).toMatchObject({ status: 'queued' });
    expect(stillWaiting!.attempts).toBeGreaterThan(2);

    // A day after it was enqueued, the outage no longer keeps it: the next failure is its last.
    await runUntil(nowMs + 3 * 60 * 60_000);
    expect(await store.getJobByDedupeKey(waiting)).toMatchObject({ status: 'dead', lastError: 'Slack answered 503' });
  });

  test('stop() lets a quick job finish and releases a slow one for another instance, never dropping it', async () => {
    const store = db().openStore();
    const kind = key('drain');
    const quick = key('quick');
    const slow = key('slow');
    await store.enqueueJob({ kind, dedupeKey: quick, payload: 'quick' });
    await store.enqueueJob({ kind, dedupeKey: slow, payload: 'slow' });
    let started = 0;
    const runner = new JobRunner({
      store,
      logger: quietLogger(),
      drainMs: 200,
      pollMs: 10,
      jitterMs: 0,
      handlers: {
        [kind]: async (payload) => {
          started += 1;
          await new Promise((resolve) => setTimeout(resolve, payload === 'quick' ? 20 : 5_000));
        },
      },
    });
    runner.start();
    while (started < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await runner.stop();
    expect((await store.getJobByDedupeKey(quick))?.status).toBe('done');
    expect(await store.getJobByDedupeKey(slow)).toMatchObject({ status: 'queued', attempts: 0, leaseOwner: null });

    const next = new JobRunner({ store, logger: quietLogger(), handlers: { [kind]: async () => {} } });
    await next.idle();
    expect((await store.getJobByDedupeKey(slow))?.status).toBe('done');
  });

  test('two runners on one database run each job once', async () => {
    const kind = key('pair');
    const keys = Array.from({ length: 8 }, () => key('pair-job'));
    const seed = db().openStore();
    for (const dedupeKey of keys) await seed.enqueueJob({ kind, dedupeKey, payload: dedupeKey });
    const runs: string[] = [];
    const handler = async (payload: unknown) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      runs.push(payload as string);
    };
    const runners = [0, 1].map(
      () => new JobRunner({ store: db().openStore(), logger: quietLogger(), concurrency: 3, handlers: { [kind]: handler } }),
    );
    await Promise.all(runners.map((runner) => runner.idle()));
    expect(runs.sort()).toEqual([...keys].sort());
  });
  test('the first poll waits a tick after start, and a stored job is not kept waiting for it', async () => {
    const store = db().openStore();
    const kind = key('first-poll');
    const waits: number[] = [];
    const due: (() => void)[] = [];
    const timer = {
      set: (callback: () => void, ms: number) => {
        waits.push(ms);
        due.push(callback);
        return due.length;
      },
      clear: () => {},
    };
    const ran: string[] = [];
    const runner = new JobRunner({
      store,
      logger: quietLogger(),
      timer,
      random: () => 0.5,
      pollMs: 2_000,
      jitterMs: 1_000,
      handlers: { [kind]: async (payload) => void ran.push(payload as string) },
    });
    runner.start();
    expect(waits).toEqual([2_500]);

    await store.enqueueJob({ kind, dedupeKey: key('kicked'), payload: 'kicked' });
    runner.kick();
    expect(waits).toEqual([2_500, 0]);
    due[1]!();
    await runner.stop();
    expect(ran).toEqual(['kicked']);
  });
});
