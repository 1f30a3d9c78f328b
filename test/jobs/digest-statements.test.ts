import type { LocalStack } from '../../dev/local-stack';
import type { ObservedQuery } from '../../src/store';
import { digestSchedulerCollaborators } from '../../src/app';
import { DigestScheduler } from '../../src/jobs/digest-scheduler';
import { connectNewZoomUser, digestsIn, instantPacerClock, NEW_YORKERS, startDigestStack, TestClock } from './digest-support';

/**
 * The database work of a digest prepared ahead, which at 09:00 is multiplied by every subscriber: its day is claimed
 * in one statement (no read first) with those of the digests prepared within seconds of it, its content stays in the process, its post does not renew a lease that has long
 * to run, and it is recorded as sent together with the others posted in the same second. Nothing else touches its
 * delivery row.
 */
describe('a digest prepared ahead, in statements', () => {
  const clock = new TestClock(Date.parse('2026-07-01T12:00:00Z'));
  const queries: ObservedQuery[] = [];
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startDigestStack(clock, { users: NEW_YORKERS, onDatabaseQuery: (query) => queries.push(query) });
    await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
  });
  afterAll(() => stack.stop());

  const deliveryWork = () => queries.filter((query) => query.model === 'DigestDelivery' || (query.sql ?? '').includes('"DigestDelivery"'));
  const zoneReads = () => queries.filter((query) => query.model === 'SlackUser' && query.operation === 'findMany');
  const slotWork = () => queries.filter((query) => query.model === 'SlackPostSlot' || (query.sql ?? '').includes('"SlackPostSlot"'));

  it('claimed with one statement, posted without a lease renewal, recorded as sent with one more', async () => {
    await stack.command('U0ALICE', 'digest on 09:00'); // 13:00Z in July
    clock.set('2026-07-01T12:59:56Z');
    queries.length = 0;
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    await stack.app.digestScheduler.preparationsSettled();
    expect(stack.app.digestScheduler.preparedAhead).toBe(1);
    // INSERT … RETURNING, which Prisma runs as a query.
    expect(deliveryWork().map((query) => query.operation)).toEqual(['$queryRaw']);

    queries.length = 0;
    clock.set('2026-07-01T13:00:00Z');
    expect((await stack.app.digestScheduler.runOnce()).map((result) => result.outcome)).toEqual(['sent']);
    expect(digestsIn(stack.slack, stack.slack.dmChannelId('U0ALICE'))).toHaveLength(1);
    // Recorded with the digests posted within the same second: here the only one.
    expect(deliveryWork().map((query) => query.operation)).toEqual(['$executeRaw']);
    // Its conversation's slot, created with the other new DMs' of its group (here none), and the workspace's hold read.
    expect(slotWork().map((query) => query.operation)).toEqual(['$queryRaw', 'findUnique']);
    expect(
      await stack.app.store.getDigestDelivery((await stack.app.store.getDigestSubscription(stack.teamId, 'U0ALICE'))!.id, '2026-07-01'),
    ).toMatchObject({ status: 'sent' });
    expect(stack.slack.violations).toEqual([]);
  });

  it('digests claimed together are leased past the last post they wait for behind their workspace, so none needs renewing', async () => {
    await connectNewZoomUser(stack, 'U0BOB');
    await connectNewZoomUser(stack, 'U0CAROL');
    for (const user of ['U0ALICE', 'U0BOB', 'U0CAROL']) await stack.command(user, 'digest on 09:00');
    clock.set('2026-07-02T12:59:56Z');
    queries.length = 0;
    await stack.app.digestScheduler.runOnce();
    await stack.app.digestScheduler.preparationsSettled();
    const leases: number[] = [];
    for (const user of ['U0ALICE', 'U0BOB', 'U0CAROL']) {
      const subscription = (await stack.app.store.getDigestSubscription(stack.teamId, user))!;
      leases.push((await stack.app.store.getDigestDelivery(subscription.id, '2026-07-02'))!.leaseUntil!.getTime());
    }
    // Claimed in one statement, under one lease: the usual 10 minutes from 13:00Z, plus the wait of the last of them
    // behind the two ahead of it in the workspace (a post interval each, at 300 a minute).
    const last = Date.parse('2026-07-02T13:10:00Z') + 400;
    expect(leases).toEqual([last, last, last]);
    expect(queries.filter((query) => query.model === undefined && query.operation === '$queryRaw')).toHaveLength(1);
  });

  it("digests prepared together read their workspace's connections once and count their bookings once", async () => {
    clock.set('2026-07-02T13:00:00Z'); // the day before's, prepared by the test before, go out
    expect(await stack.app.digestScheduler.runOnce()).toHaveLength(3);
    clock.set('2026-07-03T12:59:56Z');
    // Their Zoom tokens expired overnight: refreshed first by a command each, so only the digests' own reads remain.
    for (const user of ['U0ALICE', 'U0BOB', 'U0CAROL']) await stack.command(user, 'events week');
    queries.length = 0;
    await stack.app.digestScheduler.runOnce();
    await stack.app.digestScheduler.preparationsSettled();
    expect(stack.app.digestScheduler.preparedAhead).toBe(3);
    // Reads only: a connection's verified mark may be written meanwhile, with the others of its second.
    const reads = (model: string) =>
      queries.filter((query) => query.model === model && /^(find|groupBy|count)/.test(query.operation)).map((query) => query.operation);
    // One read of their Zoom accounts to plan the preparations, one of their connections and tokens to prepare them.
    expect(reads('ZoomConnection')).toEqual(['findMany', 'findMany']);
    expect(reads('SeenBooking')).toEqual(['groupBy']);

    clock.set('2026-07-03T13:00:00Z');
    expect((await stack.app.digestScheduler.runOnce()).map((result) => result.outcome)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a run after a start weighs the days of its due subscriptions in one read, not one each', async () => {
    // The three went out at 13:00Z (the test before). A process started since knows nothing of them: every one is due.
    clock.set('2026-07-03T13:05:00Z');
    const { slackPacer: _appPacer, ...collaborators } = digestSchedulerCollaborators(stack.app.services);
    const started = new DigestScheduler({ ...collaborators, pacerClock: instantPacerClock() });
    queries.length = 0;
    expect(await started.runOnce()).toEqual([]);
    expect(queries.filter((query) => query.model === 'DigestDelivery').map((query) => query.operation)).toEqual(['findMany']);
    expect(zoneReads()).toHaveLength(1);
    expect(digestsIn(stack.slack, stack.slack.dmChannelId('U0ALICE'))).toHaveLength(3);
    await started.stop();
  });

  it("a run checks who is due a slice at a time, each slice's stored zones read in one query", async () => {
    clock.set('2026-07-04T13:05:00Z');
    const { slackPacer: _appPacer, ...collaborators } = digestSchedulerCollaborators(stack.app.services);
    const started = new DigestScheduler({ ...collaborators, pacerClock: instantPacerClock(), checkSlice: 2, prefetchCapMs: 0 });
    queries.length = 0;
    expect((await started.runOnce()).map((result) => result.outcome)).toEqual(['sent', 'sent', 'sent']);
    // Two slices, two reads (the zones, stale by now, are read again from Slack each: those are upserts).
    expect(zoneReads()).toHaveLength(2);
    await started.stop();
  });
});
