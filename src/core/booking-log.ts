import type { TimeWindow } from '../time';
import type { ChannelBookingCount, Store } from '../store';
import type { ChannelBookings } from './model';

/**
 * The app's own record of the bookings Zoom's webhooks announced (the `SeenBooking` rows written by
 * booking-lifecycle.ts), read back for attribution: how many bookings each channel's links brought in a period.
 * Zoom's analytics cannot say this; only the UTM parameters the app put on its links can.
 */
export class BookingLog {
  constructor(private readonly store: Pick<Store, 'countBookingsByChannel' | 'countBookingsByChannelPerHost'>) {}

  /** Bookings made in `window` with the host, per channel their link was posted in; bookings from elsewhere last. */
  async bookingsByChannel(zoomUserId: string, window: Pick<TimeWindow, 'startMs' | 'endMs'>): Promise<ChannelBookings[]> {
    return byChannel(await this.store.countBookingsByChannel([zoomUserId], new Date(window.startMs), new Date(window.endMs)));
  }

  /** bookingsByChannel for each of these hosts, in one read. */
  async bookingsByChannelPerHost(
    zoomUserIds: readonly string[],
    window: Pick<TimeWindow, 'startMs' | 'endMs'>,
  ): Promise<Map<string, ChannelBookings[]>> {
    const counts = await this.store.countBookingsByChannelPerHost(zoomUserIds, new Date(window.startMs), new Date(window.endMs));
    return new Map(zoomUserIds.map((zoomUserId) => [zoomUserId, byChannel(counts.get(zoomUserId) ?? [])]));
  }
}

function byChannel(counts: readonly ChannelBookingCount[]): ChannelBookings[] {
  const attributed = counts.filter((c) => c.channel !== null).map((c) => ({ channelId: c.channel as string, bookings: c.bookings }));
  const elsewhere = counts.filter((c) => c.channel === null).reduce((sum, c) => sum + c.bookings, 0);
  return elsewhere > 0 ? [...attributed, { channelId: null, bookings: elsewhere }] : attributed;
}
