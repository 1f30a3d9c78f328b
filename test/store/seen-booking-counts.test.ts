/** Bookings per channel for one window, asked for many hosts at once (digests prepared together): each ask gets only its own hosts. */
import type { Store } from '../../src/store';
import { describeEachProvider } from './databases';

describeEachProvider('seen booking counts per channel', (db) => {
  let at: Date;
  let store: Store;
  beforeEach(() => {
    at = new Date('2026-03-02T10:00:00Z');
    store = db().openStore({ now: () => at });
  });

  async function book(host: string, channel: string | undefined, n: number): Promise<void> {
    await store.recordSeenBooking({
      zoomEventId: `${host}-${channel ?? 'none'}-${n}`,
      zoomUserId: host,
      inviteeKey: `invitee-${n}`,
      inviteeName: `Invitee ${n}`,
      scheduleKey: 'sched',
      title: 'Intro',
      startAt: new Date('2026-03-05T10:00:00Z'),
      endAt: new Date('2026-03-05T10:30:00Z'),
      status: 'scheduled',
      ...(channel ? { attributedChannel: channel, utmSource: 'slack' } : {}),
    });
  }

  it('asks made at once, for one window or several and one host or several, each get only their own counts', async () => {
    const hosts = Array.from({ length: 12 }, (_, n) => `zoom-count-${n}`);
    for (const [n, host] of hosts.entries()) {
      for (let b = 0; b <= n % 3; b++) await book(host, `C0CH${n % 2}`, b);
      if (n % 4 === 0) await book(host, undefined, 9);
    }
    at = new Date('2026-03-09T10:00:00Z');
    await book(hosts[0]!, 'C0LATE', 1);

    const week = [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-08T00:00:00Z')] as const;
    const later = [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-10T00:00:00Z')] as const;
    const asked = await Promise.all([
      ...hosts.map((host) => store.countBookingsByChannel([host], ...week)),
      store.countBookingsByChannel([hosts[0]!, hosts[1]!], ...week),
      store.countBookingsByChannel([hosts[0]!], ...later),
      store.countBookingsByChannel(['zoom-count-nobody'], ...week),
    ]);
    const oneByOne: unknown[] = [];
    for (const host of hosts) oneByOne.push(await store.countBookingsByChannel([host], ...week));

    expect(asked.slice(0, hosts.length)).toEqual(oneByOne);
    expect(asked[0]).toEqual([
      { channel: 'C0CH0', bookings: 1 },
      { channel: null, bookings: 1 },
    ]);
    expect(asked[2]).toEqual([{ channel: 'C0CH0', bookings: 3 }]);
    expect(asked[hosts.length]).toEqual(
      [
        { channel: 'C0CH0', bookings: 1 },
        { channel: 'C0CH1', bookings: 2 },
        { channel: null, bookings: 1 },
      ].sort((a, b) => b.bookings - a.bookings || String(a.channel).localeCompare(String(b.channel))),
    );
    expect(asked[hosts.length + 1]).toEqual([
      { channel: 'C0CH0', bookings: 1 },
      { channel: 'C0LATE', bookings: 1 },
      { channel: null, bookings: 1 },
    ]);
    expect(asked[hosts.length + 2]).toEqual([]);
  });

  it("counted per host in one read, each host's counts are the ones asked for on their own; hosts without bookings are absent", async () => {
    const hosts = Array.from({ length: 6 }, (_, n) => `zoom-per-host-${n}`);
    for (const [n, host] of hosts.entries()) {
      for (let b = 0; b < n % 3; b++) await book(host, `C0PH${n % 2}`, b);
      if (n % 2 === 0) await book(host, undefined, 9);
    }
    const week = [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-08T00:00:00Z')] as const;
    const perHost = await store.countBookingsByChannelPerHost([...hosts, 'zoom-per-host-nobody'], ...week);
    for (const host of hosts) {
      const alone = await store.countBookingsByChannel([host], ...week);
      expect(perHost.get(host) ?? []).toEqual(alone);
    }
    expect(perHost.has('zoom-per-host-nobody')).toBe(false);
    expect(perHost.get(hosts[2]!)).toEqual([
      { channel: 'C0PH0', bookings: 2 },
      { channel: null, bookings: 1 },
    ]);
    expect(await store.countBookingsByChannelPerHost([], ...week)).toEqual(new Map());
  });
});
