/**
 * Answers that may be a little old, kept in memory for `ttlMs`, with single flight: every caller asking for a
 * key whose answer is still on its way shares that one request, so a burst of identical asks costs one call.
 * A failed load is not kept (the next caller tries again), and neither is an answer `keep` refuses. Bounded:
 * beyond `maxEntries` the entry stored longest ago goes first.
 */
export interface TtlCacheOptions<T> {
  ttlMs: number;
  now: () => number;
  maxEntries?: number;
  keep?: (value: T) => boolean;
}

interface Entry<T> {
  value: Promise<T>;
  /** Infinity while the load is in flight: it is shared until it settles, however long that takes. */
  expiresAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly maxEntries: number;

  constructor(private readonly options: TtlCacheOptions<T>) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found && found.expiresAt > this.options.now()) return found.value;
    const entry: Entry<T> = { value: load(), expiresAt: Number.POSITIVE_INFINITY };
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        if (this.options.keep && !this.options.keep(value)) this.entries.delete(key);
        else entry.expiresAt = this.options.now() + this.options.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /** The next `get` asks again; a load in flight finishes for its callers but is not kept. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
