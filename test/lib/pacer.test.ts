import { EventLoopTurns, KeyedPacer, mapWithConcurrency, RateLimiter } from '../../src/lib/pacer';
import { ManualClock } from './manual-clock';

describe('KeyedPacer', () => {
  it('starts tasks of one key at least minIntervalMs apart, in scheduling order', async () => {
    const clock = new ManualClock();
    const pacer = new KeyedPacer({ minIntervalMs: 1000, clock });
    const starts: [string, number][] = [];
    const results = ['a', 'b', 'c'].map((name) =>
      pacer.schedule('C1', async () => {
        starts.push([name, clock.now()]);
        return name.toUpperCase();
      }),
    );
    await clock.advance(5000);
    expect(starts).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
    ]);
    await expect(Promise.all(results)).resolves.toEqual(['A', 'B', 'C']);
  });

  it('waits for a slow task to finish, then only for what is left of the interval', async () => {
    const clock = new ManualClock();
    const pacer = new KeyedPacer({ minIntervalMs: 1000, clock });
    const starts: number[] = [];
    void pacer.schedule('C1', async () => {
      starts.push(clock.now());
      await clock.sleep(1500);
    });
    void pacer.schedule('C1', async () => {
      starts.push(clock.now());
    });
    void pacer.schedule('C1', async () => {
      starts.push(clock.now());
    });
    await clock.advance(5000);
    expect(starts).toEqual([0, 1500, 2500]);
  });

  it('runs different keys in parallel', async () => {
    const clock = new ManualClock();
    const pacer = new KeyedPacer({ minIntervalMs: 1000, clock });
    const starts: [string, number][] = [];
    for (const channel of ['C1', 'C2', 'C3', 'C1', 'C2', 'C3']) {
      void pacer.schedule(channel, async () => {
        starts.push([channel, clock.now()]);
      });
    }
    await clock.advance(0);
    expect(starts).toEqual([
      ['C1', 0],
      ['C2', 0],
      ['C3', 0],
    ]);
    await clock.advance(1000);
    expect(starts.slice(3)).toEqual([
      ['C1', 1000],
      ['C2', 1000],
      ['C3', 1000],
    ]);
  });

  it('keeps a key going after a failure, and hands the failure only to its own caller', async () => {
    const clock = new ManualClock();
    const pacer = new KeyedPacer({ minIntervalMs: 1000, clock });
    const starts: number[] = [];
    const failing = pacer.schedule('C1', async () => {
      starts.push(clock.now());
      throw new Error('channel_not_found');
    });
    const throwingSynchronously = pacer.schedule('C1', () => {
      starts.push(clock.now());
      throw new Error('thrown before any promise');
    });
    const next = pacer.schedule('C1', async () => {
      starts.push(clock.now());
      return 'posted';
    });
    const failingOutcome = failing.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    const syncOutcome = throwingSynchronously.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await clock.advance(3000);
    await expect(failingOutcome).resolves.toBe('channel_not_found');
    await expect(syncOutcome).resolves.toBe('thrown before any promise');
    await expect(next).resolves.toBe('posted');
    expect(starts).toEqual([0, 1000, 2000]);
  });

  it('spaces a task scheduled on an idle key from the previous start, then releases the key', async () => {
    const clock = new ManualClock();
    const pacer = new KeyedPacer({ minIntervalMs: 1000, clock });
    const starts: number[] = [];
    void pacer.schedule('C1', async () => {
      starts.push(clock.now());
    });
    await clock.advance(300);
    expect(pacer.activeKeys).toBe(1);
    void pacer.schedule('C1', async () => {
      starts.push(clock.now());
    });
    await clock.advance(2000);
    expect(starts).toEqual([0, 1000]);
    expect(pacer.activeKeys).toBe(0);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('keeps order across many tasks of one key scheduled between others', async () => {
    const clock = new ManualClock();
    const pacer = new KeyedPacer({ minIntervalMs: 10, clock });
    const log: string[] = [];
    for (let i = 0; i < 20; i++) {
      const key = i % 3 === 0 ? 'busy' : `other-${i}`;
      void pacer.schedule(key, async () => {
        log.push(`${key}:${i}`);
      });
    }
    await clock.advance(1000);
    expect(log.filter((entry) => entry.startsWith('busy:'))).toEqual([0, 3, 6, 9, 12, 15, 18].map((i) => `busy:${i}`));
    expect(log).toHaveLength(20);
  });

  it('refuses a negative interval', () => {
    expect(() => new KeyedPacer({ minIntervalMs: -1 })).toThrow(RangeError);
  });
});

describe('RateLimiter', () => {
  it('lets a burst through, then one call per 1/rate seconds, first come first served', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 4, clock });
    const granted: [number, number][] = [];
    for (let call = 0; call < 7; call++) {
      void limiter.acquire('account-1').then(() => granted.push([call, clock.now()]));
    }
    await clock.advance(2000);
    expect(granted).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 250],
      [5, 500],
      [6, 750],
    ]);
  });

  it('refills while idle, up to the burst size', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 4, burst: 2, clock });
    const granted: number[] = [];
    const call = () => void limiter.acquire('account-1').then(() => granted.push(clock.now()));
    call();
    call();
    await clock.advance(10_000);
    call();
    call();
    call();
    await clock.advance(1000);
    expect(granted).toEqual([0, 0, 10_000, 10_000, 10_250]);
  });

  it('keeps keys independent', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, clock });
    const granted: [string, number][] = [];
    for (const key of ['A', 'A', 'B', 'A', 'B']) {
      void limiter.acquire(key).then(() => granted.push([key, clock.now()]));
    }
    await clock.advance(5000);
    expect(granted).toEqual([
      ['A', 0],
      ['B', 0],
      ['A', 1000],
      ['B', 1000],
      ['A', 2000],
    ]);
  });

  it('run() passes results and failures through, and full buckets are forgotten', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 4, clock });
    await expect(limiter.run('A', async () => 42)).resolves.toBe(42);
    await expect(limiter.run('B', () => Promise.reject(new Error('zoom 500')))).rejects.toThrow('zoom 500');
    expect(limiter.trackedKeys).toBe(2);
    await clock.advance(250);
    await limiter.acquire('C');
    expect(limiter.trackedKeys).toBe(1);
  });

  it('with releaseEveryMs, the callers whose turns fall within one period leave together at its end, at the same rate', async () => {
    const clock = new ManualClock();
    // Slack's workspace ceiling (300 a minute, one at a time) released once a second: five posts at a time.
    const limiter = new RateLimiter({ ratePerSecond: 5, burst: 1, releaseEveryMs: 1000, clock });
    const granted: number[] = [];
    for (let call = 0; call < 11; call++) void limiter.acquire('workspace').then(() => granted.push(clock.now()));
    await clock.advance(3000);
    expect(granted).toEqual([0, 1000, 1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000, 2000]);
    // Never before its token: the k-th call's token comes at k × 200 ms.
    granted.forEach((at, k) => expect(at).toBeGreaterThanOrEqual(k * 200));
  });

  it('with releaseEveryMs, a call that finds a token goes at once, off the grid', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 5, burst: 1, releaseEveryMs: 1000, clock });
    await clock.advance(1234);
    const granted: number[] = [];
    for (let call = 0; call < 3; call++) void limiter.acquire('workspace').then(() => granted.push(clock.now()));
    await clock.advance(2000);
    expect(granted).toEqual([1234, 2000, 2000]);
  });

  it.each([
    [{ ratePerSecond: 0 }],
    [{ ratePerSecond: -4 }],
    [{ ratePerSecond: Number.NaN }],
    [{ ratePerSecond: 4, burst: 0 }],
    [{ ratePerSecond: 4, releaseEveryMs: -1 }],
  ])('refuses %j', (options) => {
    expect(() => new RateLimiter(options)).toThrow(RangeError);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps at most `limit` in flight and returns results in input order', async () => {
    const clock = new ManualClock();
    let inFlight = 0;
    let maxInFlight = 0;
    const durations = [300, 100, 200, 50, 10];
    const run = mapWithConcurrency(durations, 2, async (ms, index) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await clock.sleep(ms);
      inFlight--;
      return `item ${index} after ${ms}`;
    });
    await clock.advance(1000);
    await expect(run).resolves.toEqual(durations.map((ms, index) => ({ status: 'fulfilled', value: `item ${index} after ${ms}` })));
    expect(maxInFlight).toBe(2);
  });

  it('settles every item even when some fail, synchronously or not', async () => {
    const revoked = new Error('invalid_grant');
    const deleted = new Error('channel_not_found');
    const results = await mapWithConcurrency(['ok-1', 'revoked', 'ok-2', 'deleted', 'ok-3'], 2, (item) => {
      if (item === 'deleted') throw deleted;
      if (item === 'revoked') return Promise.reject(revoked);
      return Promise.resolve(item.toUpperCase());
    });
    expect(results).toEqual([
      { status: 'fulfilled', value: 'OK-1' },
      { status: 'rejected', reason: revoked },
      { status: 'fulfilled', value: 'OK-2' },
      { status: 'rejected', reason: deleted },
      { status: 'fulfilled', value: 'OK-3' },
    ]);
  });

  it('handles no items and a limit above the item count', async () => {
    await expect(mapWithConcurrency([], 3, async () => 1)).resolves.toEqual([]);
    await expect(mapWithConcurrency([1, 2], 10, async (n) => n * 2)).resolves.toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'fulfilled', value: 4 },
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses limit %p', async (limit) => {
    await expect(mapWithConcurrency([1], limit, async (n) => n)).rejects.toThrow(RangeError);
  });
});

describe('EventLoopTurns', () => {
  /** Work of about `ms` that never leaves the microtask queue, as a loop over synchronous database answers is. */
  const busy = async (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
    await Promise.resolve();
  };

  it('a loop of awaits that settle at once lets a timer run within the slice, not only at its end', async () => {
    const turns = new EventLoopTurns(20);
    let timerFiredAtStep: number | undefined;
    let step = 0;
    setTimeout(() => (timerFiredAtStep = step), 0);
    for (; step < 100; step += 1) {
      await turns.take();
      await busy(2);
    }
    // 200 ms of work in 2 ms steps: the timer got its turn at the first slice's end (about the tenth step).
    expect(timerFiredAtStep).toBeDefined();
    expect(timerFiredAtStep!).toBeLessThan(50);
  });

  it('without it the same loop holds the timer back to its end (what the turns are for)', async () => {
    let timerFiredAtStep: number | undefined;
    let step = 0;
    setTimeout(() => (timerFiredAtStep = step), 0);
    for (; step < 100; step += 1) await busy(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timerFiredAtStep).toBe(100);
  });
});
