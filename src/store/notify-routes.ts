import type { StoreContext } from './context';

export interface NotifyRouteRecord {
  scheduleId: string;
  scheduleTitle: string;
  channelId: string;
}

const routeSelect = { scheduleId: true, scheduleTitle: true, channelId: true } as const;

export function notifyRouteRepository({ prisma }: StoreContext) {
  return {
    async setNotifyRoute(teamId: string, slackUserId: string, route: NotifyRouteRecord): Promise<void> {
      const { scheduleId, scheduleTitle, channelId } = route;
      await prisma.notifyRoute.upsert({
        where: { teamId_slackUserId_scheduleId: { teamId, slackUserId, scheduleId } },
        create: { teamId, slackUserId, scheduleId, scheduleTitle, channelId },
        update: { scheduleTitle, channelId },
      });
    },

    /** True when there was a route to remove. */
    async removeNotifyRoute(teamId: string, slackUserId: string, scheduleId: string): Promise<boolean> {
      const { count } = await prisma.notifyRoute.deleteMany({ where: { teamId, slackUserId, scheduleId } });
      return count > 0;
    },

    async listNotifyRoutes(teamId: string, slackUserId: string): Promise<NotifyRouteRecord[]> {
      return prisma.notifyRoute.findMany({ where: { teamId, slackUserId }, select: routeSelect, orderBy: { scheduleTitle: 'asc' } });
    },

    /** `notify no-shows on|off`. */
    async setNoShowPrompts(teamId: string, slackUserId: string, enabled: boolean): Promise<void> {
      await prisma.slackUser.upsert({
        where: { teamId_slackUserId: { teamId, slackUserId } },
        create: { teamId, slackUserId, noShowPrompts: enabled },
        update: { noShowPrompts: enabled },
      });
    },

    async noShowPromptsEnabled(teamId: string, slackUserId: string): Promise<boolean> {
      const row = await prisma.slackUser.findUnique({
        where: { teamId_slackUserId: { teamId, slackUserId } },
        select: { noShowPrompts: true },
      });
      return row?.noShowPrompts ?? true;
    },
  };
}
