import { WriteBatch } from '../../src/lib/write-batch';

describe('WriteBatch', () => {
  it('writes a full batch at once, and the rest after the delay, each add resolving with its batch', async () => {
    const writes: number[][] = [];
    const batch = new WriteBatch<number>({ maxItems: 3, maxDelayMs: 50, write: async (items) => void writes.push(items) });
    const full = [1, 2, 3].map((n) => batch.add(n));
    await Promise.all(full);
    expect(writes).toEqual([[1, 2, 3]]);
    const startedAt = Date.now();
    await batch.add(4);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it('flush writes what is pending at once and waits for writes under way', async () => {
    let release!: () => void;
    const writes: string[][] = [];
    const batch = new WriteBatch<string>({
      maxItems: 100,
      maxDelayMs: 60_000,
      write: async (items) => {
        writes.push(items);
        if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    });
    const first = batch.add('a');
    const flushed = batch.flush();
    // The first write is under way: what is added meanwhile waits for it and forms the next batch.
    const second = batch.add('b');
    expect(batch.size).toBe(1);
    let done = false;
    void flushed.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    release();
    await Promise.all([first, flushed]);
    await batch.flush();
    await second;
    expect(writes).toEqual([['a'], ['b']]);
  });

  it('a failed write rejects every add of its batch, and the next batch is written as usual', async () => {
    let fail = true;
    const written: number[][] = [];
    const batch = new WriteBatch<number>({
      maxItems: 2,
      maxDelayMs: 10,
      write: async (items) => {
        if (fail) throw new Error('database is locked');
        written.push(items);
      },
    });
    const outcomes = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await batch.add(3);
    expect(written).toEqual([[3]]);
    await expect(batch.flush()).resolves.toBeUndefined();
  });
});
