import type { StoreContext } from './context';

export interface BookingNotificationRecord {
  zoomEventId: string;
  zoomUserId: string;
  teamId: string;
  channelId: string;
  messageTs: string;
  status: 'scheduled' | 'cancelled';
  updatedAt: Date;
}

const notificationSelect = {
  zoomEventId: true,
  zoomUserId: true,
  teamId: true,
  channelId: true,
  messageTs: true,
  status: true,
  updatedAt: true,
} as const;

function toRecord(row: Omit<BookingNotificationRecord, 'status'> & { status: string }): BookingNotificationRecord {
  return { ...row, status: row.status === 'cancelled' ? 'cancelled' : 'scheduled' };
}

export function bookingNotificationRepository({ prisma }: StoreContext) {
  return {
    /** Remembers the Slack message that announced a booking (a repeated event id replaces it). */
    async saveBookingNotification(input: {
      zoomEventId: string;
      zoomUserId: string;
      teamId: string;
      channelId: string;
      messageTs: string;
    }): Promise<BookingNotificationRecord> {
      const { zoomEventId, zoomUserId } = input;
      const fields = { teamId: input.teamId, channelId: input.channelId, messageTs: input.messageTs, status: 'scheduled' };
      const row = await prisma.bookingNotification.upsert({
        where: { zoomEventId_zoomUserId: { zoomEventId, zoomUserId } },
        create: { zoomEventId, zoomUserId, ...fields },
        update: fields,
        select: notificationSelect,
      });
      return toRecord(row);
    },

    /** The announcement of a Zoom event; `zoomUserId` narrows it when the same event reached several users. */
    async findBookingNotification(zoomEventId: string, zoomUserId?: string): Promise<BookingNotificationRecord | null> {
      const row = await prisma.bookingNotification.findFirst({
        where: { zoomEventId, ...(zoomUserId === undefined ? {} : { zoomUserId }) },
        select: notificationSelect,
        orderBy: { createdAt: 'asc' },
      });
      return row && toRecord(row);
    },

    /** Returns whether a notification was found and changed. */
    async markBookingCancelled(zoomEventId: string, zoomUserId?: string): Promise<boolean> {
      const { count } = await prisma.bookingNotification.updateMany({
        where: { zoomEventId, ...(zoomUserId === undefined ? {} : { zoomUserId }), status: { not: 'cancelled' } },
        data: { status: 'cancelled' },
      });
      return count > 0;
    },
  };
}
