import type { LocalStack } from '../../dev/local-stack';
import { digestSchedulerCollaborators } from '../../src/app';
import { DigestScheduler, type SchedulerTimer } from '../../src/jobs/digest-scheduler';
import { DIGEST_EVENT_TYPE } from '../../src/slack/delivery/digest';
import { digestsIn, instantPacerClock, TestClock, useNewYorkDigestStack } from './digest-support';

/**
 * Digests prepared ahead of their time: the Zoom data is fetched before the due instant and kept in the process, the
 * post goes out at (never before) the instant, a process that stopped hands its content over to the next process,
 * which posts it exactly once without asking Zoom again, and one that died leaves only its claim behind.
 */

const LEASE_MS = 10 * 60_000;

describe('digests prepared ahead of their time', () => {
  const clock = new TestClock(Date.parse('2026-07-01T12:00:00Z'));
  const suite = useNewYorkDigestStack(clock, LEASE_MS);
  const { dm, subscriptionOf } = suite;
  let stack: LocalStack;
  beforeAll(() => (stack = suite.stack));
  /** The requests a digest's content makes (other Zoom traffic, such as a connection's own checks, is not counted). */
  const zoomRequests = () => stack.zoom.stats.requests.filter((r) => /\/scheduler\/(analytics|events)/.test(r.path)).length;
  /** Another app process on the same database, with a Slack pacer of its own. */
  const otherProcess = () => {
    const { slackPacer: _appPacer, ...collaborators } = digestSchedulerCollaborators(stack.app.services);
    return new DigestScheduler({ ...collaborators, claimLeaseMs: LEASE_MS, pacerClock: instantPacerClock() });
  };

  it('fetches the Zoom data before the due time and posts it at the due time, not a second before', async () => {
    clock.set('2026-07-01T12:00:00Z');
    await stack.command('U0ALICE', 'digest on 09:00'); // 09:00 in New York is 13:00Z in July
    const subscription = await subscriptionOf('U0ALICE');

    // 40 minutes ahead is beyond the 30-minute cap: nothing is fetched yet.
    clock.set('2026-07-01T12:20:00Z');
    const before = zoomRequests();
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    await stack.app.digestScheduler.preparationsSettled();
    expect(zoomRequests()).toBe(before);

    // One digest on one account needs seconds of Zoom calls: 4 s ahead its preparation has started.
    clock.set('2026-07-01T12:59:56Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    await stack.app.digestScheduler.preparationsSettled();
    const fetched = zoomRequests() - before;
    expect(fetched).toBeGreaterThanOrEqual(3);
    expect(digestsIn(stack.slack, dm('U0ALICE'))).toHaveLength(0);
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-01')).toMatchObject({ status: 'claimed' });

    clock.set('2026-07-01T12:59:59.999Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0ALICE'))).toHaveLength(0);

    clock.set('2026-07-01T13:00:00Z');
    const results = await stack.app.digestScheduler.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    const posted = digestsIn(stack.slack, dm('U0ALICE'));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toContain('Wed 1 Jul');
    // At the due time only the post remained: no further Zoom request.
    expect(zoomRequests() - before).toBe(fetched);
    // What was kept in memory meanwhile (packed) comes back whole: the digest as built for its time, unchanged.
    const target = { teamId: subscription.teamId, slackUserId: 'U0ALICE', channelId: null, zone: 'America/New_York' };
    const built = await stack.app.services.digests.prepare(target, Date.parse('2026-07-01T13:00:00Z'));
    expect({ text: posted[0]?.text, blocks: posted[0]?.blocks }).toEqual({ text: built.text, blocks: built.blocks });
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-01')).toMatchObject({ status: 'sent' });

    clock.set('2026-07-01T13:05:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0ALICE'))).toHaveLength(1);
  });

  it('a process that prepared a digest and died: after its lease the digest is built afresh and posted once', async () => {
    clock.set('2026-07-02T12:00:00Z');
    await stack.command('U0BOB', 'digest on 09:00');
    const subscription = await subscriptionOf('U0BOB');
    const dead = otherProcess();
    clock.set('2026-07-02T12:59:56Z');
    expect(await dead.runOnce()).toEqual([]);
    await dead.preparationsSettled();
    // The process dies here: never stopped, its claim left in the database and its content lost with it.
    const afterPreparing = zoomRequests();
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-02')).toMatchObject({ status: 'claimed' });

    // At the due time the claim is still leased to the dead process: the live one leaves it.
    clock.set('2026-07-02T13:00:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0BOB'))).toHaveLength(0);

    clock.set('2026-07-02T13:11:00Z');
    const results = await stack.app.digestScheduler.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    const posted = digestsIn(stack.slack, dm('U0BOB'));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toContain('Thu 2 Jul');
    expect(posted[0]?.metadata).toEqual({ event_type: DIGEST_EVENT_TYPE, event_payload: { claim_id: expect.any(String) } });
    // Nothing was kept: the digest was built again from Zoom, as of its time.
    expect(zoomRequests() - afterPreparing).toBeGreaterThanOrEqual(3);

    clock.set('2026-07-02T13:30:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0BOB'))).toHaveLength(1);
  });

  it('a process stopped with a prepared digest hands it over at its due time: posted once, on time', async () => {
    clock.set('2026-07-03T12:00:00Z');
    await stack.command('U0CAROL', 'digest on 09:00');
    const stopping = otherProcess();
    clock.set('2026-07-03T12:59:56Z');
    expect(await stopping.runOnce()).toEqual([]);
    await stopping.preparationsSettled();
    await stopping.stop();
    const afterPreparing = zoomRequests();
    const carol = await subscriptionOf('U0CAROL');
    // Handed over: the claim and its content stay, leased only up to the due time.
    expect(await stack.app.store.getDigestDelivery(carol.id, '2026-07-03')).toMatchObject({
      status: 'claimed',
      leaseUntil: new Date(Date.parse('2026-07-03T13:00:00Z') - 1),
    });

    clock.set('2026-07-03T12:59:59Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0CAROL'))).toHaveLength(0);

    clock.set('2026-07-03T13:00:00Z');
    expect((await stack.app.digestScheduler.runOnce()).map((r) => r.outcome)).toEqual(['sent']);
    expect(digestsIn(stack.slack, dm('U0CAROL'))).toHaveLength(1);
    expect(zoomRequests()).toBe(afterPreparing);

    clock.set('2026-07-03T13:20:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0CAROL'))).toHaveLength(1);
  });

  it('a timer that fires a moment before a prepared digest is due wakes again at its due instant, not a tick later', async () => {
    clock.set('2026-07-04T12:00:00Z');
    await stack.command('U0ALICE', 'digest on 09:00');
    const delays: number[] = [];
    let fire: (() => void) | undefined;
    const timer: SchedulerTimer = {
      set: (callback, ms) => {
        delays.push(ms);
        fire = callback;
        return delays.length;
      },
      clear: () => undefined,
    };
    const { slackPacer: _appPacer, ...collaborators } = digestSchedulerCollaborators(stack.app.services);
    const scheduler = new DigestScheduler({ ...collaborators, timer, pacerClock: instantPacerClock(), random: () => 0, tickMs: 30_000 });
    /** Fires the pending timer and waits for the run it starts to set the next one. */
    const nextDelay = async () => {
      const count = delays.length;
      fire!();
      while (delays.length === count) await new Promise((resolve) => setTimeout(resolve, 5));
      return delays[delays.length - 1]!;
    };
    const postedBefore = digestsIn(stack.slack, dm('U0ALICE')).length;
    try {
      scheduler.start();
      clock.set('2026-07-04T12:59:56Z');
      expect(await nextDelay()).toBe(4_000); // the preparation has started; the wake is the due instant
      await scheduler.preparationsSettled();
      clock.set('2026-07-04T12:59:59.999Z');
      expect(await nextDelay()).toBe(1);
      expect(digestsIn(stack.slack, dm('U0ALICE'))).toHaveLength(postedBefore);
      clock.set('2026-07-04T13:00:00Z');
      await nextDelay();
      expect(digestsIn(stack.slack, dm('U0ALICE'))).toHaveLength(postedBefore + 1);
    } finally {
      await scheduler.stop();
    }
  });
});
