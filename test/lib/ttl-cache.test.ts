import { TtlCache } from '../../src/lib/ttl-cache';

/** A load whose answer the test gives when it likes, counting how often it was started. */
function controlledLoad<T>() {
  let started = 0;
  const pending: Array<{ resolve: (value: T) => void; reject: (error: Error) => void }> = [];
  return {
    load: () => {
      started += 1;
      return new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
    },
    started: () => started,
    answer: (value: T) => pending.shift()!.resolve(value),
    fail: (error: Error) => pending.shift()!.reject(error),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TtlCache', () => {
  let nowMs = 1_000_000;
  const now = () => nowMs;

  it('gives every caller of a key in flight the one answer, and reuses it until the time is up', async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, now });
    const source = controlledLoad<string>();
    const asks = Array.from({ length: 20 }, () => cache.get('k', source.load));
    expect(source.started()).toBe(1);
    source.answer('first');
    expect(new Set(await Promise.all(asks))).toEqual(new Set(['first']));
    nowMs += 59_999;
    expect(await cache.get('k', source.load)).toBe('first');
    expect(source.started()).toBe(1);
    nowMs += 1;
    const renewed = cache.get('k', source.load);
    expect(source.started()).toBe(2);
    source.answer('second');
    expect(await renewed).toBe('second');
  });

  it('keys are separate', async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, now });
    const source = controlledLoad<string>();
    const a = cache.get('a', source.load);
    const b = cache.get('b', source.load);
    source.answer('for a');
    source.answer('for b');
    expect([await a, await b]).toEqual(['for a', 'for b']);
    expect(source.started()).toBe(2);
  });

  it('does not keep a failure: its callers see it, the next caller asks again', async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, now });
    const source = controlledLoad<string>();
    const failed = cache.get('k', source.load);
    source.fail(new Error('zoom is down'));
    await expect(failed).rejects.toThrow('zoom is down');
    const again = cache.get('k', source.load);
    expect(source.started()).toBe(2);
    source.answer('back');
    expect(await again).toBe('back');
  });

  it('does not keep an answer `keep` refuses', async () => {
    const cache = new TtlCache<string | null>({ ttlMs: 60_000, now, keep: (value) => value !== null });
    const source = controlledLoad<string | null>();
    const missing = cache.get('k', source.load);
    source.answer(null);
    expect(await missing).toBeNull();
    await settle();
    void cache.get('k', source.load);
    expect(source.started()).toBe(2);
  });

  it('forgets on delete, also an answer still in flight', async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, now });
    const source = controlledLoad<string>();
    const inFlight = cache.get('k', source.load);
    cache.delete('k');
    source.answer('stale');
    expect(await inFlight).toBe('stale');
    await settle();
    const fresh = cache.get('k', source.load);
    expect(source.started()).toBe(2);
    source.answer('fresh');
    expect(await fresh).toBe('fresh');
  });

  it('holds at most maxEntries, dropping the one stored longest ago', async () => {
    const cache = new TtlCache<number>({ ttlMs: 60_000, now, maxEntries: 3 });
    let loads = 0;
    const load = (n: number) => () => {
      loads += 1;
      return Promise.resolve(n);
    };
    for (const n of [1, 2, 3, 4]) await cache.get(String(n), load(n));
    expect(cache.size).toBe(3);
    expect(await cache.get('4', load(40))).toBe(4);
    expect(await cache.get('1', load(10))).toBe(10);
    expect(loads).toBe(5);
  });
});
