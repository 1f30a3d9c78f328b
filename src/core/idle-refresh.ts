import type { Logger } from '../logger';
import type { IdleZoomConnection, Store } from '../store';
import { ZoomReconnectRequiredError, type ZoomTokenManager } from '../zoom';
import type { ZoomAccounts } from './zoom-accounts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Zoom's refresh tokens expire when unused (90 days is the figure commonly cited; Zoom's docs do not promise it),
 * so a connection whose tokens are older than this is refreshed in the background, with a wide margin.
 */
export const IDLE_REFRESH_AFTER_MS = 30 * DAY_MS;
/** How often the idle scan runs. */
export const IDLE_REFRESH_CHECK_MS = DAY_MS;
/** A bound per run; the rest waits for tomorrow's, still two months before any expiry. */
const IDLE_REFRESH_BATCH = 500;

export interface IdleRefreshRun {
  refreshed: number;
  /** Zoom refused the refresh token: marked for reconnecting, which the dead-connection notice reports. */
  dead: number;
  failed: number;
}

export interface IdleRefreshOptions {
  store: Pick<Store, 'listIdleZoomConnections'>;
  tokens: Pick<ZoomTokenManager, 'refreshIdle'>;
  accounts: Pick<ZoomAccounts, 'access'>;
  logger: Logger;
  now: () => number;
  idleAfterMs?: number;
}

/**
 * Keeps connections alive that nobody uses: refreshes tokens Zoom issued more than {@link IDLE_REFRESH_AFTER_MS}
 * ago, under the token manager's lease (several processes running this refresh each connection once), then makes
 * one cheap call as the user, paced per Zoom account like every background call, which verifies it.
 */
export class IdleConnectionRefresher {
  private readonly logger: Logger;
  private readonly idleAfterMs: number;

  constructor(private readonly options: IdleRefreshOptions) {
    this.logger = options.logger.child({ component: 'idle-refresh' });
    this.idleAfterMs = options.idleAfterMs ?? IDLE_REFRESH_AFTER_MS;
  }

  async runOnce(nowMs: number = this.options.now()): Promise<IdleRefreshRun> {
    const idle = await this.options.store.listIdleZoomConnections(new Date(nowMs - this.idleAfterMs), IDLE_REFRESH_BATCH);
    const run: IdleRefreshRun = { refreshed: 0, dead: 0, failed: 0 };
    for (const connection of idle) {
      try {
        await this.options.tokens.refreshIdle(connection.id, connection.version);
        run.refreshed++;
      } catch (error) {
        if (error instanceof ZoomReconnectRequiredError) {
          run.dead++;
          continue;
        }
        run.failed++;
        this.logger.warn({ err: error, connectionId: connection.id }, 'idle Zoom connection could not be refreshed; trying again tomorrow');
        continue;
      }
      await this.verify(connection);
    }
    if (idle.length > 0) this.logger.info(run, 'idle Zoom connections refreshed');
    return run;
  }

  /** The refreshed tokens' first call; a refusal here (no Scheduler licence) is the user's to see, not a failed refresh. */
  private async verify(connection: IdleZoomConnection): Promise<void> {
    if (connection.kind !== 'user' || !connection.teamId || !connection.slackUserId) return;
    try {
      const { api } = await this.options.accounts.access(connection.teamId, connection.slackUserId, { background: true });
      await api.getUser();
    } catch (error) {
      this.logger.debug({ err: error, connectionId: connection.id }, 'refreshed Zoom connection refused its first call');
    }
  }
}
