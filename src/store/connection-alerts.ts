import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';

export interface ConnectionAlertRecord {
  connectionId: string;
  teamId: string;
  slackUserId: string;
  reason: string;
  firstSentAt: Date;
  remindersSent: number;
  dismissedAt: Date | null;
}

export interface DeadConnection {
  connectionId: string;
  teamId: string;
  slackUserId: string;
  reason: string;
}

/** The alert's reason when Zoom refuses the user Scheduler (no licence, no profile) rather than the tokens. */
export const SCHEDULER_REFUSED_REASON = 'scheduler_refused';

/** A connection its owner must hear about: Zoom refuses its tokens, or refuses the user Scheduler. */
const STILL_DEAD = { OR: [{ needsReconnect: true }, { schedulerRefusedAt: { not: null } }] };

export function connectionAlertRepository({ prisma }: StoreContext) {
  return {
    /** Users' own connections Zoom no longer accepts, whose owner has not been told yet. */
    async listDeadConnectionsWithoutAlert(): Promise<DeadConnection[]> {
      const dead = await prisma.zoomConnection.findMany({
        where: { kind: 'user', teamId: { not: null }, slackUserId: { not: null }, ...STILL_DEAD },
        select: { id: true, teamId: true, slackUserId: true, reconnectReason: true, needsReconnect: true },
      });
      if (dead.length === 0) return [];
      const alerted = await prisma.connectionAlert.findMany({
        where: { connectionId: { in: dead.map((row) => row.id) } },
        select: { connectionId: true },
      });
      const told = new Set(alerted.map((row) => row.connectionId));
      return dead
        .filter((row) => !told.has(row.id))
        .map((row) => ({
          connectionId: row.id,
          teamId: row.teamId!,
          slackUserId: row.slackUserId!,
          reason: row.needsReconnect ? (row.reconnectReason ?? 'invalid_grant') : SCHEDULER_REFUSED_REASON,
        }));
    },

    /** The claim on the first DM: true for the one process that records it. */
    async claimConnectionAlert(dead: DeadConnection, at: Date): Promise<boolean> {
      try {
        await prisma.connectionAlert.create({ data: { ...dead, firstSentAt: at } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /** Alerts not dismissed whose connection is still dead: the candidates for a reminder. */
    async listOpenConnectionAlerts(): Promise<ConnectionAlertRecord[]> {
      const alerts = await prisma.connectionAlert.findMany({ where: { dismissedAt: null } });
      if (alerts.length === 0) return [];
      const stillDead = await prisma.zoomConnection.findMany({
        where: { id: { in: alerts.map((alert) => alert.connectionId) }, ...STILL_DEAD },
        select: { id: true },
      });
      const dead = new Set(stillDead.map((row) => row.id));
      return alerts.filter((alert) => dead.has(alert.connectionId));
    },

    /** The claim on one reminder: moves the count from `sentSoFar` on, once, across processes. */
    async claimConnectionReminder(connectionId: string, sentSoFar: number): Promise<boolean> {
      const { count } = await prisma.connectionAlert.updateMany({
        where: { connectionId, remindersSent: sentSoFar, dismissedAt: null },
        data: { remindersSent: sentSoFar + 1 },
      });
      return count === 1;
    },

    /** The user's "Dismiss": no more reminders for their dead connection. True when there was one to dismiss. */
    async dismissConnectionAlert(teamId: string, slackUserId: string, at: Date): Promise<boolean> {
      const { count } = await prisma.connectionAlert.updateMany({
        where: { teamId, slackUserId, dismissedAt: null },
        data: { dismissedAt: at },
      });
      return count > 0;
    },

    /** Alerts whose connection works again (reconnected) or is gone: a later death is news again. */
    async clearSettledConnectionAlerts(): Promise<number> {
      const alerts = await prisma.connectionAlert.findMany({ select: { connectionId: true } });
      if (alerts.length === 0) return 0;
      const dead = await prisma.zoomConnection.findMany({
        where: { id: { in: alerts.map((alert) => alert.connectionId) }, ...STILL_DEAD },
        select: { id: true },
      });
      const stillDead = new Set(dead.map((row) => row.id));
      const settled = alerts.map((alert) => alert.connectionId).filter((id) => !stillDead.has(id));
      if (settled.length === 0) return 0;
      const { count } = await prisma.connectionAlert.deleteMany({ where: { connectionId: { in: settled } } });
      return count;
    },

    /** For App Home's banner: the user's dead connection, dismissed or not. */
    async connectionAlertFor(teamId: string, slackUserId: string): Promise<ConnectionAlertRecord | undefined> {
      return (await prisma.connectionAlert.findFirst({ where: { teamId, slackUserId } })) ?? undefined;
    },
  };
}
