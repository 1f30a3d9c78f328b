import type { LocalStack } from '../../dev/local-stack';
import { DIGEST_EVENT_TYPE } from '../../src/slack/delivery/digest';
import { digestsIn, TestClock, useNewYorkDigestStack } from './digest-support';

/**
 * A process that claimed a digest and died: its claim is taken over once its lease expires, and the takeover
 * never makes a second digest for the day. The dead process is played by the test: it claims through the store
 * and, for "posted but not recorded", posts the digest through the app's own delivery with the claim's marker.
 */

const LEASE_MS = 10 * 60_000;

describe('digest claims taken over after a crash', () => {
  const clock = new TestClock(Date.parse('2026-07-01T12:00:00Z'));
  const suite = useNewYorkDigestStack(clock, LEASE_MS);
  const { dm, subscriptionOf } = suite;
  let stack: LocalStack;
  beforeAll(() => (stack = suite.stack));
  const target = (userId: string, channelId: string | null = null) => ({
    teamId: stack.teamId,
    slackUserId: userId,
    channelId,
    zone: 'America/New_York',
  });

  it('claimed and never posted: after the lease the digest goes out once, not before', async () => {
    clock.set('2026-07-01T12:00:00Z');
    await stack.command('U0ALICE', 'digest on 07:00');
    const subscription = await subscriptionOf('U0ALICE');
    clock.set('2026-07-01T13:00:00Z');
    expect(await stack.app.store.claimDigestWithLease(subscription.id, '2026-07-01', LEASE_MS)).not.toBeNull();

    clock.set('2026-07-01T13:09:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0ALICE'))).toHaveLength(0);

    clock.set('2026-07-01T13:11:00Z');
    const results = await stack.app.digestScheduler.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    const posted = digestsIn(stack.slack, dm('U0ALICE'));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.metadata).toEqual({ event_type: DIGEST_EVENT_TYPE, event_payload: { claim_id: expect.any(String) } });
    clock.set('2026-07-01T20:00:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0ALICE'))).toHaveLength(1);
  });

  it('posted but not recorded: the takeover finds the post by its metadata and records it instead of posting again', async () => {
    clock.set('2026-07-02T12:00:00Z');
    await stack.command('U0BOB', 'digest on 07:00');
    const subscription = await subscriptionOf('U0BOB');
    clock.set('2026-07-02T13:00:00Z');
    const claim = (await stack.app.store.claimDigestWithLease(subscription.id, '2026-07-02', LEASE_MS))!;
    const posted = await stack.app.services.digests.deliver(target('U0BOB'), clock.nowMs, undefined, {
      claimId: claim.claimId,
      confirm: async () => true,
    });
    // …and the process dies here, before markDigestSent.

    clock.set('2026-07-02T13:20:00Z');
    const results = await stack.app.digestScheduler.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    expect(digestsIn(stack.slack, dm('U0BOB'))).toHaveLength(1);
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-02')).toMatchObject({
      status: 'sent',
      messageTs: posted.ts,
    });
    const history = stack.slack.calls.filter((call) => call.method === 'conversations.history');
    expect(history.at(-1)?.args).toMatchObject({ include_all_metadata: 'true' });
  });

  it('a channel whose history the bot cannot read: the takeover records a failure rather than risk a second digest', async () => {
    clock.set('2026-07-03T12:00:00Z');
    // #general: public, the bot posts with chat:write.public without being a member, so history is not_in_channel.
    await stack.command('U0CAROL', 'digest on 07:00 <#C0GENERAL|general>');
    const subscription = await subscriptionOf('U0CAROL');
    expect(subscription.channelId).toBe('C0GENERAL');
    clock.set('2026-07-03T13:00:00Z');
    const claim = (await stack.app.store.claimDigestWithLease(subscription.id, '2026-07-03', LEASE_MS))!;
    await stack.app.services.digests.deliver(target('U0CAROL', 'C0GENERAL'), clock.nowMs, undefined, {
      claimId: claim.claimId,
      confirm: async () => true,
    });

    clock.set('2026-07-03T13:20:00Z');
    expect((await stack.app.digestScheduler.runOnce()).map((r) => r.outcome)).toEqual(['failed']);
    expect(digestsIn(stack.slack, 'C0GENERAL')).toHaveLength(1);
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-03')).toMatchObject({ status: 'failed' });
  });

  it('a claim taken over before its holder posts is not posted by the old holder', async () => {
    clock.set('2026-07-04T12:00:00Z');
    await stack.command('U0ALICE', 'digest on 07:00');
    const subscription = await subscriptionOf('U0ALICE');
    clock.set('2026-07-04T13:00:00Z');
    const stale = (await stack.app.store.claimDigestWithLease(subscription.id, '2026-07-04', LEASE_MS))!;
    clock.set('2026-07-04T13:15:00Z');
    const results = await stack.app.digestScheduler.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    // The slow original holder wakes up and tries to renew before posting: refused.
    expect(await stack.app.store.renewDigestLease(stale.claimId, stale.leaseUntil, LEASE_MS)).toBeNull();
    expect(digestsIn(stack.slack, dm('U0ALICE')).filter((m) => m.text?.includes('4 Jul'))).toHaveLength(1);
  });
});
