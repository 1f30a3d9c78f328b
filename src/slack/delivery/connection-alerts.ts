import { connectionReminderDue } from '../../core/connection-alerts';
import type { ConversationPacer } from '../../lib/pacer';
import type { Logger } from '../../logger';
import { SCHEDULER_REFUSED_REASON, type Store } from '../../store';
import { connectionAlertMessage } from '../blocks/messages/connection-alert';
import type { SlackClients } from '../web/clients';
import { conversationKey, sendDirectMessage } from '../web/post';
import type { HomeService } from './home';

export interface ConnectionAlertsOptions {
  store: Store;
  slackClients: SlackClients;
  slackPacer: ConversationPacer;
  home: Pick<HomeService, 'refresh'>;
  logger: Logger;
  now: () => number;
}

/** A dead connection is news for its owner, but not by the second: a scan every 15 minutes is soon enough. */
export const CONNECTION_ALERT_SCAN_MS = 15 * 60 * 1000;

export interface ConnectionAlertRun {
  alerted: number;
  reminded: number;
}

/**
 * A connection that dies (Zoom answered `invalid_grant`, or it was revoked) is told to its owner ONCE by DM, with
 * reminders on days 1, 3 and 7 unless they reconnect or dismiss. Every send is claimed in the store first
 * (a unique row, then a compare-and-swap on the reminder count), so several processes scanning at once send it
 * once; a send that fails after its claim is logged and not retried, which is the price of never sending twice.
 */
export class ConnectionAlerts {
  private readonly logger: Logger;

  constructor(private readonly options: ConnectionAlertsOptions) {
    this.logger = options.logger.child({ component: 'connection-alerts' });
  }

  async runOnce(nowMs: number = this.options.now()): Promise<ConnectionAlertRun> {
    const { store } = this.options;
    await store.clearSettledConnectionAlerts();
    let alerted = 0;
    for (const dead of await store.listDeadConnectionsWithoutAlert()) {
      if (!(await store.claimConnectionAlert(dead, new Date(nowMs)))) continue;
      if (await this.send(dead.teamId, dead.slackUserId, { reminder: false, schedulerRefused: dead.reason === SCHEDULER_REFUSED_REASON })) {
        alerted++;
      }
      await this.options.home.refresh({ teamId: dead.teamId, userId: dead.slackUserId }).catch(() => undefined);
    }
    let reminded = 0;
    for (const alert of await store.listOpenConnectionAlerts()) {
      if (!connectionReminderDue(alert.firstSentAt, alert.remindersSent, nowMs)) continue;
      if (!(await store.claimConnectionReminder(alert.connectionId, alert.remindersSent))) continue;
      if (
        await this.send(alert.teamId, alert.slackUserId, { reminder: true, schedulerRefused: alert.reason === SCHEDULER_REFUSED_REASON })
      ) {
        reminded++;
      }
    }
    return { alerted, reminded };
  }

  async dismiss(teamId: string, userId: string): Promise<boolean> {
    return this.options.store.dismissConnectionAlert(teamId, userId, new Date(this.options.now()));
  }

  private async send(teamId: string, userId: string, kind: { reminder: boolean; schedulerRefused: boolean }): Promise<boolean> {
    try {
      const client = await this.options.slackClients.forTeam(teamId);
      if (!client) return false;
      await this.options.slackPacer.schedule(conversationKey(teamId, userId), () =>
        sendDirectMessage(client, userId, connectionAlertMessage(kind)),
      );
      return true;
    } catch (error) {
      this.logger.warn({ err: error, teamId, userId, ...kind }, 'could not tell a Slack user their Zoom connection died');
      return false;
    }
  }
}
