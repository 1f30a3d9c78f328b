import { describeEachProvider } from './databases';

describeEachProvider('queued work for the metrics', (db) => {
  const clockMs = Date.parse('2026-03-02T09:00:00Z');
  const clock = () => new Date(clockMs);

  test('counts waiting and running jobs by kind; the due time is the earliest waiting one', async () => {
    const store = db().openStore({ now: clock });
    const kind = `metrics.${Math.random().toString(36).slice(2, 8)}`;
    const other = `${kind}.other`;
    await store.enqueueJob({ kind, dedupeKey: `${kind}:1`, payload: {}, runAfter: new Date(clockMs - 120_000) });
    await store.enqueueJob({ kind, dedupeKey: `${kind}:2`, payload: {}, runAfter: new Date(clockMs - 30_000) });
    await store.enqueueJob({ kind, dedupeKey: `${kind}:3`, payload: {} });
    await store.enqueueJob({ kind: other, dedupeKey: `${other}:1`, payload: {} });
    const [running] = await store.claimJobs({ owner: 'p1', leaseMs: 60_000, limit: 1, kinds: [other] });
    expect(running).toBeDefined();
    const [done] = await store.claimJobs({ owner: 'p1', leaseMs: 60_000, limit: 1, kinds: [kind] });
    await store.completeJob(done!.id, 'p1'); // the oldest one is finished: it no longer counts

    const work = (await store.queuedWork()).filter((w) => w.queue === kind || w.queue === other);
    expect(work.sort((a, b) => a.queue.localeCompare(b.queue))).toEqual([
      { queue: kind, count: 2, oldestDueAt: new Date(clockMs - 30_000) },
      { queue: other, count: 1, oldestDueAt: null },
    ]);
  });
});
