import { describeEachProvider } from './databases';

describeEachProvider('background jobs', (db) => {
  let clockMs = Date.parse('2026-03-02T09:00:00Z');
  const clock = () => new Date(clockMs);
  let unique = 0;
  const key = (name: string) => `${name}:${++unique}`;

  test('one dedupe key is one job; the payload is stored encrypted and read back whole', async () => {
    const store = db().openStore({ now: clock });
    const dedupeKey = key('webhook');
    const payload = { invitee: { name: 'Dana Scully', email: 'dana@example.com' } };
    expect(await store.enqueueJob({ kind: 'test.a', dedupeKey, payload })).toEqual({ created: true });
    expect(await store.enqueueJob({ kind: 'test.a', dedupeKey, payload })).toEqual({ created: false });

    const other = db().openStore({ now: clock });
    const [job] = await other.claimJobs({ owner: 'p1', leaseMs: 60_000, limit: 10, kinds: ['test.a'] });
    expect(job).toMatchObject({ dedupeKey, kind: 'test.a', attempt: 1, payload });
    expect(await other.completeJob(job!.id, 'p1')).toBe(true);
    expect((await store.getJobByDedupeKey(dedupeKey))?.status).toBe('done');
  });

  test('the stored row holds no invitee text in the clear', async () => {
    const store = db().openStore({ now: clock });
    const dedupeKey = key('pii');
    await store.enqueueJob({ kind: 'test.pii', dedupeKey, payload: { email: 'secret-invitee@example.com' } });
    const { createPrismaClient } = await import('../../src/store/db');
    const { prisma } = createPrismaClient(db().url);
    try {
      const row = await prisma.backgroundJob.findUnique({ where: { dedupeKey } });
      expect(row?.payloadEnc).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain('secret-invitee');
    } finally {
      await prisma.$disconnect();
    }
  });

  test('ten claimers racing for five jobs: every job is claimed exactly once', async () => {
    const stores = Array.from({ length: 4 }, () => db().openStore({ now: clock }));
    const keys = Array.from({ length: 5 }, () => key('race'));
    for (const dedupeKey of keys) await stores[0]!.enqueueJob({ kind: 'test.race', dedupeKey, payload: {} });
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        stores[i % stores.length]!.claimJobs({ owner: `p${i}`, leaseMs: 60_000, limit: 5, kinds: ['test.race'] }),
      ),
    );
    const claimedKeys = claims.flat().map((job) => job.dedupeKey);
    expect(claimedKeys.sort()).toEqual([...keys].sort());
  });

  test('a job whose claimer died is taken over after its lease expires, not before', async () => {
    const store = db().openStore({ now: clock });
    const dedupeKey = key('crash');
    await store.enqueueJob({ kind: 'test.crash', dedupeKey, payload: { n: 1 } });
    const [first] = await store.claimJobs({ owner: 'dead-process', leaseMs: 30_000, limit: 1, kinds: ['test.crash'] });
    expect(first?.attempt).toBe(1);

    clockMs += 29_000;
    expect(await store.claimJobs({ owner: 'survivor', leaseMs: 30_000, limit: 1, kinds: ['test.crash'] })).toEqual([]);
    clockMs += 2_000;
    const [takenOver] = await store.claimJobs({ owner: 'survivor', leaseMs: 30_000, limit: 1, kinds: ['test.crash'] });
    expect(takenOver).toMatchObject({ id: first!.id, attempt: 2 });
    // The dead owner's late answer is refused: the result belongs to whoever holds the lease.
    expect(await store.completeJob(first!.id, 'dead-process')).toBe(false);
    expect(await store.completeJob(first!.id, 'survivor')).toBe(true);
  });

  test('a failure waits for its retry time; the last one is dead with its error', async () => {
    const store = db().openStore({ now: clock });
    const dedupeKey = key('retry');
    await store.enqueueJob({ kind: 'test.retry', dedupeKey, payload: {}, maxAttempts: 2 });
    const claim = () => store.claimJobs({ owner: 'p', leaseMs: 60_000, limit: 1, kinds: ['test.retry'] });
    const [job] = await claim();
    expect(await store.failJob(job!.id, 'p', 'Slack answered 503', new Date(clockMs + 10_000))).toBe(true);
    expect(await claim()).toEqual([]);
    clockMs += 10_000;
    const [again] = await claim();
    expect(again?.attempt).toBe(2);
    expect(await store.failJob(again!.id, 'p', 'still down', null)).toBe(true);
    expect(await store.getJobByDedupeKey(dedupeKey)).toMatchObject({ status: 'dead', attempts: 2, lastError: 'still down' });
  });

  test('a released job is due at once and the interrupted attempt does not count', async () => {
    const store = db().openStore({ now: clock });
    const dedupeKey = key('release');
    await store.enqueueJob({ kind: 'test.release', dedupeKey, payload: {} });
    const [job] = await store.claimJobs({ owner: 'stopping', leaseMs: 60_000, limit: 1, kinds: ['test.release'] });
    expect(await store.releaseJob(job!.id, 'stopping')).toBe(true);
    const [again] = await store.claimJobs({ owner: 'next', leaseMs: 60_000, limit: 1, kinds: ['test.release'] });
    expect(again?.attempt).toBe(1);
  });

  test('extending a lease keeps a long job from being taken over; a lost lease cannot be extended', async () => {
    const store = db().openStore({ now: clock });
    const dedupeKey = key('extend');
    await store.enqueueJob({ kind: 'test.extend', dedupeKey, payload: {} });
    const [job] = await store.claimJobs({ owner: 'slow', leaseMs: 10_000, limit: 1, kinds: ['test.extend'] });
    clockMs += 8_000;
    expect(await store.extendJobLease(job!.id, 'slow', 10_000)).toBe(true);
    clockMs += 8_000;
    expect(await store.claimJobs({ owner: 'other', leaseMs: 10_000, limit: 1, kinds: ['test.extend'] })).toEqual([]);
    clockMs += 3_000;
    expect(await store.extendJobLease(job!.id, 'slow', 10_000)).toBe(false);
  });

  test('the sweeper requeues expired leases and forgets old finished jobs only', async () => {
    const store = db().openStore({ now: clock });
    const stale = key('sweep-stale');
    const finished = key('sweep-done');
    await store.enqueueJob({ kind: 'test.sweep', dedupeKey: stale, payload: {} });
    await store.enqueueJob({ kind: 'test.sweep', dedupeKey: finished, payload: {} });
    const jobs = await store.claimJobs({ owner: 'gone', leaseMs: 5_000, limit: 2, kinds: ['test.sweep'] });
    const done = jobs.find((job) => job.dedupeKey === finished)!;
    await store.completeJob(done.id, 'gone');
    clockMs += 6_000;

    const swept = await store.sweepJobs(new Date(clockMs - 60_000));
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    expect((await store.getJobByDedupeKey(stale))?.status).toBe('queued');
    expect((await store.getJobByDedupeKey(finished))?.status).toBe('done');

    await store.sweepJobs(new Date(clockMs + 1));
    expect(await store.getJobByDedupeKey(finished)).toBeNull();
    expect((await store.getJobByDedupeKey(stale))?.status).toBe('queued');
  });
});
