import type { Logger } from '../logger';
import type { ConnectionAlerts } from '../slack/delivery/connection-alerts';

/** A dead connection is news for its owner, but not by the second: a scan every 15 minutes is soon enough. */
export const CONNECTION_ALERT_SCAN_MS = 15 * 60 * 1000;

/** Runs the dead-connection scan on a timer; a failed scan (the database down, say) is logged and tried next time. */
export class ConnectionAlertScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly alerts: Pick<ConnectionAlerts, 'runOnce'>,
    private readonly logger: Logger,
    private readonly intervalMs: number = CONNECTION_ALERT_SCAN_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.alerts
        .runOnce()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'dead-connection scan failed'))
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
