/**
 * Writes that may wait a moment, gathered into one: each `add` joins the pending batch, which is written when it
 * reaches `maxItems` or `maxDelayMs` after its first item, whichever comes first. `add` resolves once its batch is
 * written (or rejects with the batch's error), so a caller decides whether to wait. At most one batch is written at
 * a time: items added meanwhile form the next. `flush` writes what is pending and waits for every write under way.
 */
export interface WriteBatchOptions<T> {
  maxItems: number;
  maxDelayMs: number;
  write: (items: T[]) => Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class WriteBatch<T> {
  private pending: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: WriteBatchOptions<T>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxItems) this.writePending();
      // Unref'd: a batch waiting for its delay never keeps the process alive; stop paths call flush().
      else this.timer ??= setTimeout(() => this.writePending(), this.options.maxDelayMs).unref();
    });
  }

  /** Writes the pending items now and resolves once every write started so far has ended (never rejects). */
  async flush(): Promise<void> {
    this.writePending();
    await this.writing;
  }

  get size(): number {
    return this.pending.length;
  }

  private writePending(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      try {
        await this.options.write(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    });
  }
}
