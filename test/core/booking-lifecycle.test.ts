import { recordBookingStep } from '../../src/core/booking-lifecycle';
import type { ScheduledEventNotice } from '../../src/core/zoom-webhook-payloads';
import { describeEachProvider } from '../store/databases';

let counter = 0;
const HOST = 'host-1';

function notice(fields: Partial<ScheduledEventNotice>): ScheduledEventNotice {
  return {
    kind: 'created',
    hostZoomUserId: HOST,
    eventId: 'ev',
    title: 'Intro call',
    start: new Date('2031-03-04T15:00:00Z'),
    end: new Date('2031-03-04T15:30:00Z'),
    invitee: { name: 'Dana Scully', email: 'Dana@example.com' },
    answers: [],
    rescheduled: false,
    ...fields,
  };
}

describeEachProvider('recordBookingStep', (db) => {
  const fresh = () => {
    counter += 1;
    return { old: `old-${counter}`, moved: `new-${counter}`, email: `p${counter}@example.com` };
  };

  it('announces a new booking and records its attribution from a Slack link only', async () => {
    const store = db().openStore();
    const ids = fresh();
    const tracking = { source: 'slack', medium: 'C0SALES', campaign: 'sched-1' };
    expect(await recordBookingStep(store, notice({ eventId: ids.old, tracking }))).toMatchObject({ kind: 'announce' });
    expect(
      await recordBookingStep(store, notice({ eventId: ids.moved, tracking: { source: 'newsletter', medium: 'email' } })),
    ).toMatchObject({
      kind: 'announce',
    });
    const [attributed] = await store.findSeenBookings(ids.old, HOST);
    expect(attributed).toMatchObject({ attributedChannel: 'C0SALES', attributedScheduleId: 'sched-1', inviteeKey: 'dana@example.com' });
    const [other] = await store.findSeenBookings(ids.moved, HOST);
    expect(other).toMatchObject({ attributedChannel: null, utmSource: 'newsletter' });
  });

  it('lets a plain cancellation cancel, and the cancelled half of a reschedule stay quiet', async () => {
    const store = db().openStore();
    const ids = fresh();
    const invitee = { name: 'P', email: ids.email };
    await recordBookingStep(store, notice({ eventId: ids.old, invitee }));
    expect(await recordBookingStep(store, notice({ kind: 'cancelled', eventId: ids.old, invitee }))).toEqual({ kind: 'cancelled' });
    await recordBookingStep(store, notice({ eventId: ids.moved, invitee }));
    expect(await recordBookingStep(store, notice({ kind: 'cancelled', eventId: ids.moved, invitee, rescheduled: true }))).toEqual({
      kind: 'quiet',
    });
    expect((await store.findSeenBookings(ids.moved, HOST))[0]?.status).toBe('rescheduled');
  });

  it.each([
    ['cancellation first', true],
    ['creation first', false],
  ])('links a reschedule without Zoom linking ids by invitee and schedule, %s', async (_name, cancelFirst) => {
    const store = db().openStore();
    const ids = fresh();
    const invitee = { name: 'P', email: ids.email };
    const oldStart = new Date('2031-03-04T15:00:00Z');
    await recordBookingStep(store, notice({ eventId: ids.old, invitee, start: oldStart, tracking: { source: 'slack', medium: 'C0X' } }));
    const cancel = () => recordBookingStep(store, notice({ kind: 'cancelled', eventId: ids.old, invitee, rescheduled: true }));
    const create = () =>
      recordBookingStep(store, notice({ eventId: ids.moved, invitee, rescheduled: true, start: new Date('2031-03-05T15:00:00Z') }));
    const steps = cancelFirst ? [await cancel(), await create()] : [await create(), await cancel()].reverse();
    expect(steps[0]).toEqual({ kind: 'quiet' });
    expect(steps[1]).toMatchObject({ kind: 'moved', fromEventId: ids.old, from: { start: oldStart } });
    expect((await store.findSeenBookings(ids.old, HOST))[0]).toMatchObject({ status: 'rescheduled', rescheduledToEventId: ids.moved });
    // The moved booking keeps the channel the first one was booked from.
    expect((await store.findSeenBookings(ids.moved, HOST))[0]?.attributedChannel).toBe('C0X');
  });

  it('lets exactly one of two instances claim the old booking when both process at once', async () => {
    const first = db().openStore();
    const second = db().openStore();
    const ids = fresh();
    const invitee = { name: 'P', email: ids.email };
    await recordBookingStep(first, notice({ eventId: ids.old, invitee }));
    const results = await Promise.all([
      first.claimReschedule(ids.old, HOST, ids.moved),
      second.claimReschedule(ids.old, HOST, `${ids.moved}-rival`),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('counts bookings per attributed channel in a period, a moved booking once', async () => {
    const store = db().openStore();
    const host = `host-count-${counter}`;
    const ids = fresh();
    const from = new Date(Date.now() - 60_000);
    await recordBookingStep(store, notice({ hostZoomUserId: host, eventId: `${ids.old}-a`, tracking: { source: 'slack', medium: 'C0A' } }));
    await recordBookingStep(
      store,
      notice({
        hostZoomUserId: host,
        eventId: ids.old,
        invitee: { name: 'Q', email: ids.email },
        tracking: { source: 'slack', medium: 'C0A' },
      }),
    );
    await recordBookingStep(
      store,
      notice({
        hostZoomUserId: host,
        eventId: ids.moved,
        invitee: { name: 'Q', email: ids.email },
        rescheduledFromEventId: ids.old,
        rescheduled: true,
      }),
    );
    await recordBookingStep(store, notice({ hostZoomUserId: host, eventId: `${ids.old}-b`, invitee: { name: 'R' } }));
    expect(await store.countBookingsByChannel([host], from, new Date(Date.now() + 60_000))).toEqual([
      { channel: 'C0A', bookings: 2 },
      { channel: null, bookings: 1 },
    ]);
  });
});
