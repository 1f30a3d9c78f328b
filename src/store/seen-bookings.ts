import type { StoreContext } from './context';

export type SeenBookingStatus = 'scheduled' | 'cancelled' | 'rescheduled';

export interface SeenBookingRecord {
  id: string;
  zoomEventId: string;
  zoomUserId: string;
  inviteeKey: string;
  inviteeEmail: string | null;
  inviteeName: string;
  scheduleKey: string;
  title: string;
  startAt: Date;
  endAt: Date;
  status: SeenBookingStatus;
  utmSource: string | null;
  attributedChannel: string | null;
  attributedScheduleId: string | null;
  rescheduledToEventId: string | null;
  noShowPromptedAt: Date | null;
  noShowAnswer: string | null;
  bookedAt: Date;
}

export interface RecordSeenBookingInput {
  zoomEventId: string;
  zoomUserId: string;
  inviteeKey: string;
  inviteeEmail?: string;
  inviteeName: string;
  scheduleKey: string;
  title: string;
  startAt: Date;
  endAt: Date;
  status: SeenBookingStatus;
  utmSource?: string;
  attributedChannel?: string;
  attributedScheduleId?: string;
}

export interface ChannelBookingCount {
  /** The channel named by the booking link's `utm_medium`, or null for bookings that came another way. */
  channel: string | null;
  bookings: number;
}

function toRecord<Row extends { status: string }>(row: Row): Row & { status: SeenBookingStatus } {
  const status: SeenBookingStatus = row.status === 'cancelled' || row.status === 'rescheduled' ? row.status : 'scheduled';
  return { ...row, status };
}

export function seenBookingRepository({ prisma, now }: StoreContext) {
  return {
    /**
     * Records what a webhook said about one invitee's booking. A later webhook about the same booking updates its
     * status and times but never its attribution or its reschedule claim (those are written once).
     */
    async recordSeenBooking(input: RecordSeenBookingInput): Promise<SeenBookingRecord> {
      const { zoomEventId, zoomUserId, inviteeKey } = input;
      const row = await prisma.seenBooking.upsert({
        where: { zoomEventId_zoomUserId_inviteeKey: { zoomEventId, zoomUserId, inviteeKey } },
        create: {
          zoomEventId,
          zoomUserId,
          inviteeKey,
          inviteeEmail: input.inviteeEmail ?? null,
          inviteeName: input.inviteeName,
          scheduleKey: input.scheduleKey,
          title: input.title,
          startAt: input.startAt,
          endAt: input.endAt,
          status: input.status,
          utmSource: input.utmSource ?? null,
          attributedChannel: input.attributedChannel ?? null,
          attributedScheduleId: input.attributedScheduleId ?? null,
          bookedAt: now(),
        },
        update: { status: input.status, startAt: input.startAt, endAt: input.endAt },
      });
      return toRecord(row);
    },

    async findSeenBookings(zoomEventId: string, zoomUserId: string): Promise<SeenBookingRecord[]> {
      const rows = await prisma.seenBooking.findMany({ where: { zoomEventId, zoomUserId }, orderBy: { bookedAt: 'asc' } });
      return rows.map(toRecord);
    },

    /**
     * The booking a reschedule without Zoom's linking ids most likely replaced: the same host, invitee and schedule,
     * not yet claimed by another reschedule; one already cancelled as rescheduled first, then the newest.
     */
    async findRescheduleCandidate(input: {
      zoomUserId: string;
      inviteeKey: string;
      scheduleKey: string;
      excludeEventId: string;
    }): Promise<SeenBookingRecord | null> {
      const rows = await prisma.seenBooking.findMany({
        where: {
          zoomUserId: input.zoomUserId,
          inviteeKey: input.inviteeKey,
          scheduleKey: input.scheduleKey,
          zoomEventId: { not: input.excludeEventId },
          rescheduledToEventId: null,
          status: { in: ['rescheduled', 'scheduled'] },
        },
        orderBy: { bookedAt: 'desc' },
        take: 20,
      });
      const records = rows.map(toRecord);
      return records.find((r) => r.status === 'rescheduled') ?? records[0] ?? null;
    },

    /**
     * The claim on a booking's Slack message by the booking that replaced it: a conditional write, so of two
     * webhooks processed at once (in one process or two) exactly one wins. True for the winner.
     */
    async claimReschedule(fromEventId: string, zoomUserId: string, toEventId: string): Promise<boolean> {
      const { count } = await prisma.seenBooking.updateMany({
        where: { zoomEventId: fromEventId, zoomUserId, rescheduledToEventId: null },
        data: { rescheduledToEventId: toEventId, status: 'rescheduled' },
      });
      return count > 0;
    },

    /** Bookings made in [from, to) by the hosts given, counted per attributed channel (most first). */
    async countBookingsByChannel(zoomUserIds: readonly string[], from: Date, to: Date): Promise<ChannelBookingCount[]> {
      if (zoomUserIds.length === 0) return [];
      const groups = await prisma.seenBooking.groupBy({
        by: ['attributedChannel'],
        where: { zoomUserId: { in: [...zoomUserIds] }, bookedAt: { gte: from, lt: to }, rescheduledToEventId: null },
        _count: { _all: true },
      });
      return byMostBookings(groups.map((g) => ({ channel: g.attributedChannel, bookings: g._count._all })));
    },

    /** countBookingsByChannel for each host on their own, in one read: hosts without bookings are absent. */
    async countBookingsByChannelPerHost(zoomUserIds: readonly string[], from: Date, to: Date): Promise<Map<string, ChannelBookingCount[]>> {
      const perHost = new Map<string, ChannelBookingCount[]>();
      if (zoomUserIds.length === 0) return perHost;
      const groups = await prisma.seenBooking.groupBy({
        by: ['zoomUserId', 'attributedChannel'],
        where: { zoomUserId: { in: [...zoomUserIds] }, bookedAt: { gte: from, lt: to }, rescheduledToEventId: null },
        _count: { _all: true },
      });
      for (const g of groups) {
        const counts = perHost.get(g.zoomUserId) ?? [];
        perHost.set(g.zoomUserId, counts);
        counts.push({ channel: g.attributedChannel, bookings: g._count._all });
      }
      for (const [host, counts] of perHost) perHost.set(host, byMostBookings(counts));
      return perHost;
    },

    /** True for the one caller that may send this booking's attendance prompt. */
    async claimNoShowPrompt(id: string): Promise<boolean> {
      const { count } = await prisma.seenBooking.updateMany({ where: { id, noShowPromptedAt: null }, data: { noShowPromptedAt: now() } });
      return count > 0;
    },

    /** Gives the claim back when the prompt could not be sent, so the job's retry may send it. */
    async releaseNoShowPrompt(id: string): Promise<void> {
      await prisma.seenBooking.updateMany({ where: { id }, data: { noShowPromptedAt: null } });
    },

    async getSeenBooking(id: string): Promise<SeenBookingRecord | null> {
      const row = await prisma.seenBooking.findUnique({ where: { id } });
      return row && toRecord(row);
    },

    /** Records the host's attendance answer once; true for the one caller whose answer was recorded. */
    async recordNoShowAnswer(id: string, answer: 'attended' | 'no_show'): Promise<boolean> {
      const { count } = await prisma.seenBooking.updateMany({ where: { id, noShowAnswer: null }, data: { noShowAnswer: answer } });
      return count > 0;
    },

    /** Forgets an answer Zoom did not take, so the host can press again. */
    async clearNoShowAnswer(id: string, answer: 'attended' | 'no_show'): Promise<void> {
      await prisma.seenBooking.updateMany({ where: { id, noShowAnswer: answer }, data: { noShowAnswer: null } });
    },
  };
}

/** Most bookings first; ties by channel, so that the order is the same on every database. */
function byMostBookings(counts: ChannelBookingCount[]): ChannelBookingCount[] {
  return counts.sort((a, b) => b.bookings - a.bookings || String(a.channel).localeCompare(String(b.channel)));
}
