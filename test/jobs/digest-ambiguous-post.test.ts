import { randomBytes } from 'node:crypto';
import type { FakeUser } from '../../dev/fake-slack';
import type { LocalStack } from '../../dev/local-stack';
import { DIGEST_EVENT_TYPE } from '../../src/slack/delivery/digest';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { connectNewZoomUser, digestsIn, startDigestStack, TestClock } from './digest-support';

/**
 * A digest post whose answer never comes back: the app's Slack client gives up waiting, so the app cannot know
 * whether Slack has the digest. Played by the fake Slack, which holds the answer to the digest's
 * chat.postMessage past the client's timeout, either after posting it (Slack took it) or before (it never
 * arrived, and the connection is then cut). Either way the day ends with exactly one digest in the DM and the
 * delivery recorded with that message's ts.
 */

jest.setTimeout(60_000);

const USERS: FakeUser[] = [
  { id: 'U0TOOK', name: 'took', tz: 'America/New_York' },
  { id: 'U0NEVER', name: 'never', tz: 'America/New_York' },
  { id: 'U0AWAY', name: 'away', tz: 'America/New_York' },
];
const LEASE_MS = 10 * 60_000;
/** Long enough for loopback calls on a busy machine; only the held post ever reaches it. */
const SLACK_TIMEOUT_MS = 2_000;

function suiteFor(provider: 'sqlite' | 'postgresql', database: () => Promise<TestDatabase | undefined>) {
  const clock = new TestClock(Date.parse('2026-07-01T12:00:00Z'));
  let stack: LocalStack;
  let db: TestDatabase | undefined;
  let releaseHeld: () => void = () => undefined;

  beforeAll(async () => {
    db = await database();
    stack = await startDigestStack(clock, {
      users: USERS,
      slackTimeoutMs: SLACK_TIMEOUT_MS,
      digestScheduler: { claimLeaseMs: LEASE_MS },
      ...(db ? { databaseUrl: db.url, env: { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64') } } : {}),
    });
    await stack.connectZoom('U0TOOK', { zoomUserId: stack.zoom.defaultUser.id });
    await connectNewZoomUser(stack, 'U0NEVER');
    await connectNewZoomUser(stack, 'U0AWAY');
  });
  afterEach(async () => {
    releaseHeld();
    stack.slack.intercept(undefined);
    for (const user of USERS) await stack.command(user.id, 'digest off');
    expect(stack.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  /** Holds the answer to the next digest post at `phase` until the test lets go; then `drop` cuts it off unanswered. */
  function holdDigestPost(phase: 'received' | 'handled'): void {
    const letGo = new Promise<void>((resolve) => (releaseHeld = resolve));
    let held = false;
    stack.slack.intercept(async (call, at) => {
      const metadata = call.args.metadata as { event_type?: string } | undefined;
      if (held || at !== phase || call.method !== 'chat.postMessage' || metadata?.event_type !== DIGEST_EVENT_TYPE) return undefined;
      held = true;
      await letGo;
      return phase === 'received' ? 'drop' : undefined;
    });
  }

  const dm = (userId: string) => stack.slack.dmChannelId(userId);
  const subscriptionOf = async (userId: string) => (await stack.app.store.getDigestSubscription(stack.teamId, userId))!;
  /** One scheduler pass at `iso`: the outcomes for this subscription. */
  const runAt = async (iso: string, subscriptionId: string) => {
    clock.set(iso);
    return (await stack.app.digestScheduler.runOnce()).filter((r) => r.subscriptionId === subscriptionId).map((r) => r.outcome);
  };

  it(`[${provider}] Slack took the post but its answer never came: recorded from Slack, never posted again`, async () => {
    clock.set('2026-07-01T12:00:00Z');
    await stack.command('U0TOOK', 'digest on 07:00');
    const subscription = await subscriptionOf('U0TOOK');
    holdDigestPost('handled');

    const outcome = await runAt('2026-07-01T13:00:00Z', subscription.id);
    releaseHeld();
    // Past every retry delay and the lease: nothing more goes out today.
    for (const at of ['2026-07-01T13:05:00Z', '2026-07-01T13:30:00Z', '2026-07-01T20:00:00Z']) await runAt(at, subscription.id);

    const posted = digestsIn(stack.slack, dm('U0TOOK'));
    expect(posted).toHaveLength(1);
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-01')).toMatchObject({
      status: 'sent',
      channelId: posted[0]!.channel,
      messageTs: posted[0]!.ts,
    });
    expect(outcome).toEqual(['sent']);
    // The app asked Slack for the post by its claim instead of guessing.
    expect(stack.slack.calls.some((call) => call.method === 'conversations.history' && call.args.include_all_metadata === 'true')).toBe(
      true,
    );
  });

  it(`[${provider}] the post never reached Slack: the claim is kept, and after its lease the digest goes out once`, async () => {
    clock.set('2026-07-02T12:00:00Z');
    await stack.command('U0NEVER', 'digest on 07:00');
    const subscription = await subscriptionOf('U0NEVER');
    holdDigestPost('received');

    const outcome = await runAt('2026-07-02T13:00:00Z', subscription.id);
    // The client gave up and the app looked in Slack; only now is the held post cut off, never having reached Slack.
    releaseHeld();
    expect(digestsIn(stack.slack, dm('U0NEVER'))).toHaveLength(0);
    // Kept, not released: a new claim would carry a new id, by which the unanswered post could not be found.
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-02')).toMatchObject({ status: 'claimed' });
    expect(outcome).toEqual(['retry_later']);

    expect(await runAt('2026-07-02T13:05:00Z', subscription.id)).toEqual([]);
    expect(digestsIn(stack.slack, dm('U0NEVER'))).toHaveLength(0);

    expect(await runAt('2026-07-02T13:11:00Z', subscription.id)).toEqual(['sent']);
    await runAt('2026-07-02T20:00:00Z', subscription.id);
    const posted = digestsIn(stack.slack, dm('U0NEVER'));
    expect(posted).toHaveLength(1);
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-02')).toMatchObject({
      status: 'sent',
      messageTs: posted[0]!.ts,
    });
  });

  it(`[${provider}] a takeover that cannot reach Slack keeps the claim and asks again, instead of giving up the day`, async () => {
    clock.set('2026-07-03T12:00:00Z');
    await stack.command('U0AWAY', 'digest on 07:00');
    const subscription = await subscriptionOf('U0AWAY');
    // A process claimed the day and died.
    clock.set('2026-07-03T13:00:00Z');
    expect(await stack.app.store.claimDigestWithLease(subscription.id, '2026-07-03', LEASE_MS)).not.toBeNull();

    stack.slack.failNext('conversations.history', 'internal_error');
    expect(await runAt('2026-07-03T13:11:00Z', subscription.id)).toEqual(['retry_later']);
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-03')).toMatchObject({ status: 'claimed' });
    expect(digestsIn(stack.slack, dm('U0AWAY'))).toHaveLength(0);

    expect(await runAt('2026-07-03T13:22:00Z', subscription.id)).toEqual(['sent']);
    const posted = digestsIn(stack.slack, dm('U0AWAY'));
    expect(posted).toHaveLength(1);
    expect(await stack.app.store.getDigestDelivery(subscription.id, '2026-07-03')).toMatchObject({
      status: 'sent',
      messageTs: posted[0]!.ts,
    });
  });
}

describe('a digest post Slack did not answer, on SQLite', () => {
  suiteFor('sqlite', async () => undefined);
});

describeWithPostgres('a digest post Slack did not answer, on PostgreSQL', () => {
  suiteFor('postgresql', () => createTestDatabase('zs_digest_unanswered'));
});
