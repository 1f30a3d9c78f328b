import type { Logger } from '../logger';

/**
 * A background scan on a timer (dead-connection notices, idle-connection refresh): one run at a time, a failed
 * run (the database down, Zoom not answering) logged and tried at the next interval. Every run must be safe with
 * other processes running it too: the claims live in the store.
 */
export class IntervalJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.run()
        .catch((error: unknown) => this.logger.warn({ err: error, job: this.name }, 'background scan failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
