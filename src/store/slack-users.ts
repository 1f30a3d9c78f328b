import type { StoreContext } from './context';

export interface SlackUserRecord {
  teamId: string;
  slackUserId: string;
  /** IANA time zone from Slack, or null when not read yet. */
  tz: string | null;
  tzReadAt: Date | null;
  /** Where booking notifications go; null means a DM. */
  notifyChannelId: string | null;
  /** Whether the host is asked "Did they attend?" after each booked meeting. */
  noShowPrompts: boolean;
}

/** SQLite bounds the bound parameters of one statement; the digest reads a workspace's users in chunks of this. */
const USER_LOOKUP_CHUNK = 500;

const slackUserSelect = { teamId: true, slackUserId: true, tz: true, tzReadAt: true, notifyChannelId: true, noShowPrompts: true } as const;

export function slackUserRepository({ prisma, now }: StoreContext) {
  return {
    /** Creates the user on first sight; a given `tz` is stored with the time it was read. */
    async upsertSlackUser(input: { teamId: string; slackUserId: string; tz?: string }): Promise<SlackUserRecord> {
      const tzFields = input.tz === undefined ? {} : { tz: input.tz, tzReadAt: now() };
      return prisma.slackUser.upsert({
        where: { teamId_slackUserId: { teamId: input.teamId, slackUserId: input.slackUserId } },
        create: { teamId: input.teamId, slackUserId: input.slackUserId, ...tzFields },
        update: tzFields,
        select: slackUserSelect,
      });
    },

    async getSlackUser(teamId: string, slackUserId: string): Promise<SlackUserRecord | null> {
      return prisma.slackUser.findUnique({
        where: { teamId_slackUserId: { teamId, slackUserId } },
        select: slackUserSelect,
      });
    },

    /** The stored users among `slackUserIds` of one workspace, by Slack user id: one query per 500 (the digest run's zones). */
    async getSlackUsers(teamId: string, slackUserIds: readonly string[]): Promise<Map<string, SlackUserRecord>> {
      const users = new Map<string, SlackUserRecord>();
      for (let i = 0; i < slackUserIds.length; i += USER_LOOKUP_CHUNK) {
        const rows = await prisma.slackUser.findMany({
          where: { teamId, slackUserId: { in: slackUserIds.slice(i, i + USER_LOOKUP_CHUNK) } },
          select: slackUserSelect,
        });
        for (const row of rows) users.set(row.slackUserId, row);
      }
      return users;
    },

    /** `channelId` null sends booking notifications as a DM again. */
    async setNotifyChannel(teamId: string, slackUserId: string, channelId: string | null): Promise<void> {
      await prisma.slackUser.upsert({
        where: { teamId_slackUserId: { teamId, slackUserId } },
        create: { teamId, slackUserId, notifyChannelId: channelId },
        update: { notifyChannelId: channelId },
      });
    },
  };
}
