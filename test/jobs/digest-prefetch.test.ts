import type { LocalStack } from '../../dev/local-stack';
import { digestSchedulerCollaborators } from '../../src/app';
import { DigestScheduler, type DigestRunResult, type DigestSchedulerOptions } from '../../src/jobs/digest-scheduler';
import type { JobTimer } from '../../src/jobs/job-timer';
import { DIGEST_EVENT_TYPE } from '../../src/slack/delivery/digest';
import type { DigestSubscriptionRecord as Subscription } from '../../src/store';
import { ManualClock } from '../lib/manual-clock';
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

  const until = async (condition: () => Promise<boolean>) => {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  /** Alice, Bob and Carol subscribed to 09:00 in New York (13:00Z) on `date`, and their day's delivery status. */
  const threeSubscribedOn = async (date: string) => {
    clock.set(`${date}T12:00:00Z`);
    const people = ['U0ALICE', 'U0BOB', 'U0CAROL'];
    for (const user of people) await stack.command(user, 'digest on 09:00');
    const subscriptions = (await Promise.all(people.map(subscriptionOf))) as [Subscription, Subscription, Subscription];
    const claimed = async (id: string) => (await stack.app.store.getDigestDelivery(id, date))?.status;
    return { people, subscriptions, claimed };
  };
  /** Another process whose Zoom is faster than the posts (a digest every 11.5 ms), with a 500 ms margin. */
  const postBoundScheduler = (options: Partial<DigestSchedulerOptions>) => {
    const { slackPacer: _appPacer, ...collaborators } = digestSchedulerCollaborators(stack.app.services);
    return new DigestScheduler({ ...collaborators, claimLeaseMs: LEASE_MS, zoomCallsPerSecond: 300, prefetchMinLeadMs: 500, ...options });
  };
  /**
   * Alice, Bob and Carol subscribed on `date`, and a post-bound scheduler (none prepared early) whose clock runs in real
   * time from 12:59:59.5Z that day, half a second before their 09:00.
   */
  const threeOnARealTimeScheduler = async (date: string, slackWorkspacePostsPerMinute: number) => {
    const three = await threeSubscribedOn(date);
    const startedAt = Date.now();
    const startMs = Date.parse(`${date}T12:59:59.500Z`);
    const scheduler = postBoundScheduler({
      now: () => startMs + (Date.now() - startedAt),
      slackWorkspacePostsPerMinute,
      preparedAheadMax: 0,
    });
    return { ...three, scheduler };
  };
  /** The run's outcomes, moving the manual clock by `stepMs` until it ends (each conversation's pacer spaces its posts). */
  const finishMoving = async (run: Promise<DigestRunResult[]>, manual: ManualClock, stepMs: number) => {
    let finished = false;
    void run.finally(() => (finished = true));
    while (!finished) {
      await manual.advance(stepMs);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return (await run).map((r) => r.outcome);
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
    const timer: JobTimer = {
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

  it("when Zoom is faster than the workspace's posts, each digest is fetched shortly before its own post, not all before 09:00", async () => {
    const { people, subscriptions, claimed } = await threeSubscribedOn('2026-07-05');
    const [alice, bob, carol] = subscriptions;
    const manual = new ManualClock();
    const startMs = Date.parse('2026-07-05T12:59:59.500Z');
    // One post a second into the workspace, while Zoom serves a digest every 11.5 ms: the posts are the bound. None
    // is prepared early (preparedAheadMax 0): each at its latest safe start.
    const scheduler = postBoundScheduler({
      now: () => startMs + manual.now(),
      pacerClock: manual,
      slackWorkspacePostsPerMinute: 60,
      preparedAheadMax: 0,
    });
    const earlier = people.map((user) => digestsIn(stack.slack, dm(user)).length);
    // Each digest lists the week's events up to the end of its day (the App Home, refreshed after a command, lists
    // the week ahead instead).
    const digestListing = (r: { path: string; query?: string }) =>
      r.path.endsWith('/scheduler/events') && new URLSearchParams(r.query).get('to') === '2026-07-06T00:00:00-04:00';
    const before = stack.zoom.stats.requests.filter(digestListing).length;
    const fetched = () => stack.zoom.stats.requests.filter(digestListing).length - before;

    // 12:59:59.5: the first digest is being fetched; the second and third wait for their own turn (1 s apart).
    expect(await scheduler.runOnce()).toEqual([]);
    // Waiting means asleep on the clock.
    await until(async () => fetched() >= 1 && (manual.pendingSleepers === 2 || fetched() > 1));
    expect(fetched()).toBe(1);
    // Their days were claimed with the first (one statement for the preparations starting within seconds).
    expect([await claimed(alice.id), await claimed(bob.id), await claimed(carol.id)]).toEqual(['claimed', 'claimed', 'claimed']);

    await manual.advance(500); // 13:00:00: the first is posted
    const run = scheduler.runOnce();
    await until(async () => digestsIn(stack.slack, dm('U0ALICE')).length === earlier[0]! + 1);
    expect(fetched()).toBe(1);

    await manual.advance(1_000); // 13:00:01: the second is fetched (its post is due at 13:00:01.5), the third still waits
    await until(async () => fetched() >= 2);
    expect(fetched()).toBe(2);

    expect(await finishMoving(run, manual, 100)).toEqual(['sent', 'sent', 'sent']);
    expect(people.map((user, i) => digestsIn(stack.slack, dm(user)).length - earlier[i]!)).toEqual([1, 1, 1]);
    await scheduler.stop();
  });

  it('stop() does not wait for preparations whose turn is still ahead: those digests are left unclaimed for their time', async () => {
    // One post a minute: the second and third digests are fetched about a minute and two minutes from now, in real time.
    const { subscriptions, claimed, scheduler } = await threeOnARealTimeScheduler('2026-07-06', 1);
    const [alice, bob, carol] = subscriptions;
    expect(await scheduler.runOnce()).toEqual([]);
    await until(async () => (await claimed(alice.id)) !== undefined);

    await scheduler.stop();
    expect(scheduler.workInFlight).toBe(false);
    expect([await claimed(alice.id), await claimed(bob.id), await claimed(carol.id)]).toEqual(['claimed', undefined, undefined]);
  });

  it('up to preparedAheadMax digests are prepared early; the next one as soon as a post makes room, before its latest start', async () => {
    const { subscriptions, claimed } = await threeSubscribedOn('2026-07-07');
    const [alice, bob, carol] = subscriptions;
    const manual = new ManualClock();
    const startMs = Date.parse('2026-07-07T12:59:59.500Z');
    // One post a minute: left to their latest start, the second and third would be fetched a minute apart.
    const scheduler = postBoundScheduler({
      now: () => startMs + manual.now(),
      pacerClock: manual,
      slackWorkspacePostsPerMinute: 1,
      preparedAheadMax: 1,
      postConcurrency: 1,
    });

    expect(await scheduler.runOnce()).toEqual([]);
    await until(
      async () => (await claimed(alice.id)) === 'claimed' && (manual.pendingSleepers === 2 || (await claimed(bob.id)) !== undefined),
    );
    expect([await claimed(bob.id), await claimed(carol.id)]).toEqual([undefined, undefined]);

    // 13:00: the first post starts, which makes room: the second is fetched now, a minute before its latest start.
    await manual.advance(500);
    const run = scheduler.runOnce();
    await until(async () => (await claimed(bob.id)) !== undefined);
    expect(manual.now()).toBe(500); // still 13:00:00

    expect(await finishMoving(run, manual, 5_000)).toEqual(['sent', 'sent', 'sent']);
    expect(await claimed(carol.id)).toBe('sent');
    await scheduler.stop();
  });

  it('stop() gives back the days claimed with an earlier preparation for digests it will not prepare now', async () => {
    // One post a second: the three start within two seconds, so the first preparation claims all three days.
    const { subscriptions, claimed, scheduler } = await threeOnARealTimeScheduler('2026-07-08', 60);
    const [alice, bob, carol] = subscriptions;
    expect(await scheduler.runOnce()).toEqual([]);
    await until(async () => (await claimed(carol.id)) !== undefined);
    expect(await claimed(bob.id)).toBe('claimed');

    await scheduler.stop();
    // The first was prepared and is handed over with its content; the other two are free for their time.
    expect([await claimed(alice.id), await claimed(bob.id), await claimed(carol.id)]).toEqual(['claimed', undefined, undefined]);
  });

  it('when digests cannot be claimed together, each is claimed on its own: all prepared ahead, posted once at their time', async () => {
    const { people, subscriptions, claimed } = await threeSubscribedOn('2026-07-09');
    const { slackPacer: _appPacer, ...collaborators } = digestSchedulerCollaborators(stack.app.services);
    const store = {
      ...collaborators.store,
      claimUnsentDigests: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')),
    };
    const scheduler = new DigestScheduler({ ...collaborators, store, claimLeaseMs: LEASE_MS, pacerClock: instantPacerClock() });
    const earlier = people.map((user) => digestsIn(stack.slack, dm(user)).length);
    clock.set('2026-07-09T12:59:56Z');
    expect(await scheduler.runOnce()).toEqual([]);
    await scheduler.preparationsSettled();
    expect(scheduler.preparedAhead).toBe(3);
    expect(await Promise.all(subscriptions.map(({ id }) => claimed(id)))).toEqual(['claimed', 'claimed', 'claimed']);

    clock.set('2026-07-09T13:00:00Z');
    expect((await scheduler.runOnce()).map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent']);
    expect(people.map((user, i) => digestsIn(stack.slack, dm(user)).length - earlier[i]!)).toEqual([1, 1, 1]);
    await scheduler.stop();
  });
});
