import type { PacerClock } from '../../src/lib/pacer';

/** A clock whose time moves only when the test says so; sleepers wake in time order. */
export class ManualClock implements PacerClock {
  private time = 0;
  private sleepers: { until: number; wake: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ until: this.time + ms, wake }));
  }

  /** Moves time forward to `this.now() + ms`, waking each sleeper at its own instant and letting it run. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const due = this.sleepers.filter((s) => s.until <= target).sort((a, b) => a.until - b.until)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.time = Math.max(this.time, due.until);
      due.wake();
      await settle();
    }
    this.time = target;
    await settle();
  }

  get pendingSleepers(): number {
    return this.sleepers.length;
  }
}

/** Lets every queued promise callback run (setImmediate fires after the microtask queue drains). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
