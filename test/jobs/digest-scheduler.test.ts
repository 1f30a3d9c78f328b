import { buttonUrl, type LocalStack } from '../../dev/local-stack';
import type { FakeUser } from '../../dev/fake-slack';
import { digestSchedulerCollaborators } from '../../src/app';
import { DigestScheduler } from '../../src/jobs/digest-scheduler';
import type { JobTimer } from '../../src/jobs/job-timer';
import { allDigests, connectNewZoomUser, digestsIn, instantPacerClock, startDigestStack, TestClock } from './digest-support';

const USERS: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', tz: 'America/New_York' },
  { id: 'U0BOB', name: 'bob', tz: 'Europe/Berlin' },
  { id: 'U0KIRAN', name: 'kiran', tz: 'Asia/Kathmandu' },
  { id: 'U0LORD', name: 'lord', tz: 'Australia/Lord_Howe' },
];

const dm = (stack: LocalStack, userId: string) => stack.slack.dmChannelId(userId);
/** A second scheduler over the stack's services, with a Slack pacer of its own that follows the test's pacer clock. */
function testCollaborators(stack: LocalStack) {
  const { slackPacer: _appPacer, ...collaborators } = digestSchedulerCollaborators(stack.app.services);
  return collaborators;
}
/** Resolves once `probe` has returned the same value for `forMs`. */
async function quiet(probe: () => number, forMs = 300): Promise<void> {
  let last = probe();
  let since = Date.now();
  while (Date.now() - since < forMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = probe();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

const homePublishes = (stack: LocalStack, userId: string) =>
  stack.slack.views.filter((v) => v.type === 'home' && v.userId === userId).reduce((n, v) => n + v.history.length, 0);

/** Runs the scheduler at each instant and returns what it did per instant. */
async function runAt(stack: LocalStack, clock: TestClock, instants: string[]) {
  const outcomes: Record<string, string[]> = {};
  for (const instant of instants) {
    const results = await stack.app.digestScheduler.runOnce(clock.set(instant));
    outcomes[instant] = results.map((r) => `${r.localDate}:${r.outcome}`);
  }
  return outcomes;
}

function checkClean(stack: LocalStack) {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
}

describe('digest timing across time zones and DST', () => {
  const clock = new TestClock(Date.parse('2026-03-06T17:00:00Z'));
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startDigestStack(clock, { users: USERS });
    await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
    await connectNewZoomUser(stack, 'U0KIRAN', 'Asia/Kathmandu');
    await connectNewZoomUser(stack, 'U0LORD', 'Australia/Lord_Howe');
  });
  afterAll(() => stack.stop());
  afterEach(() => checkClean(stack));

  it('New York spring-forward: a 02:30 slot on 2026-03-08 is sent once, at 03:00 EDT', async () => {
    clock.set('2026-03-07T12:00:00Z');
    await stack.command('U0ALICE', 'digest on 02:30');
    const outcomes = await runAt(stack, clock, [
      '2026-03-07T12:00:30Z', // today's 02:30 already passed at subscription: today's digest goes out now
      '2026-03-08T06:59:59Z', // 01:59:59 EST
      '2026-03-08T07:00:00Z', // 03:00 EDT: the first instant after the gap
      '2026-03-08T07:30:00Z',
      '2026-03-08T12:00:00Z',
    ]);
    expect(outcomes).toEqual({
      '2026-03-07T12:00:30Z': ['2026-03-07:sent'],
      '2026-03-08T06:59:59Z': [],
      '2026-03-08T07:00:00Z': ['2026-03-08:sent'],
      '2026-03-08T07:30:00Z': [],
      '2026-03-08T12:00:00Z': [],
    });
    const sent = digestsIn(stack.slack, dm(stack, 'U0ALICE'));
    expect(sent).toHaveLength(2);
    expect(sent[1]?.ts.startsWith(String(Date.parse('2026-03-08T07:00:00Z') / 1000))).toBe(true);
  });

  it('New York fall-back: a 01:30 slot on 2026-11-01 (which happens twice) is sent once, at the first 01:30', async () => {
    const before = digestsIn(stack.slack, dm(stack, 'U0ALICE')).length;
    clock.set('2026-10-31T12:00:00Z');
    // Zoom refresh tokens live 90 days: after eight months without use, Alice connects again.
    await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
    await stack.command('U0ALICE', 'digest on 01:30');
    const outcomes = await runAt(stack, clock, [
      '2026-11-01T05:29:00Z', // 01:29 EDT
      '2026-11-01T05:30:00Z', // 01:30 EDT
      '2026-11-01T06:30:00Z', // 01:30 EST, the second time
      '2026-11-01T06:45:00Z',
    ]);
    expect(outcomes).toEqual({
      '2026-11-01T05:29:00Z': [],
      '2026-11-01T05:30:00Z': ['2026-11-01:sent'],
      '2026-11-01T06:30:00Z': [],
      '2026-11-01T06:45:00Z': [],
    });
    expect(digestsIn(stack.slack, dm(stack, 'U0ALICE'))).toHaveLength(before + 1);
    await stack.command('U0ALICE', 'digest off');
  });

  it('Kathmandu (+05:45): 09:00 is 03:15 UTC', async () => {
    clock.set('2026-05-01T12:00:00Z');
    await stack.command('U0KIRAN', 'digest on 09:00');
    // Subscribed after today's 09:00 (17:45 local): today's digest goes out on the next run.
    expect(
      await runAt(stack, clock, ['2026-05-01T12:00:30Z', '2026-05-02T03:14:59Z', '2026-05-02T03:15:00Z', '2026-05-02T10:00:00Z']),
    ).toEqual({
      '2026-05-01T12:00:30Z': ['2026-05-01:sent'],
      '2026-05-02T03:14:59Z': [],
      '2026-05-02T03:15:00Z': ['2026-05-02:sent'],
      '2026-05-02T10:00:00Z': [],
    });
    await stack.command('U0KIRAN', 'digest off');
  });

  it('Lord Howe (30-minute DST): a skipped 02:15 is sent at 02:30, a doubled 01:45 once', async () => {
    clock.set('2026-04-04T01:00:00Z'); // 12:00 local (+11), Saturday before the April change
    await stack.command('U0LORD', 'digest on 01:45');
    const april = await runAt(stack, clock, [
      '2026-04-04T01:00:30Z', // today's 01:45 has passed: today's digest now
      '2026-04-04T14:44:00Z', // 01:44 +11 on 2026-04-05
      '2026-04-04T14:45:00Z', // 01:45 +11, the first of two
      '2026-04-04T15:15:00Z', // 01:45 +10:30, the second
    ]);
    expect(april).toEqual({
      '2026-04-04T01:00:30Z': ['2026-04-04:sent'],
      '2026-04-04T14:44:00Z': [],
      '2026-04-04T14:45:00Z': ['2026-04-05:sent'],
      '2026-04-04T15:15:00Z': [],
    });

    clock.set('2026-10-03T03:00:00Z'); // 13:30 local (+10:30), Saturday before the October change
    const lord = await stack.app.store.getZoomConnection(stack.teamId, 'U0LORD');
    await stack.connectZoom('U0LORD', { zoomUserId: lord!.zoomUserId }); // past the 90-day refresh-token life
    await stack.command('U0LORD', 'digest on 02:15');
    const october = await runAt(stack, clock, [
      '2026-10-03T03:00:30Z',
      '2026-10-03T15:29:00Z', // 01:59 +10:30 on 2026-10-04; 02:00–02:30 does not exist that night
      '2026-10-03T15:30:00Z', // 02:30 +11, the first instant after the gap
      '2026-10-03T16:00:00Z',
    ]);
    expect(october).toEqual({
      '2026-10-03T03:00:30Z': ['2026-10-03:sent'],
      '2026-10-03T15:29:00Z': [],
      '2026-10-03T15:30:00Z': ['2026-10-04:sent'],
      '2026-10-03T16:00:00Z': [],
    });
    await stack.command('U0LORD', 'digest off');
  });
});

describe('a subscriber whose Slack time zone changes', () => {
  const clock = new TestClock(Date.parse('2026-01-14T20:00:00Z'));
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startDigestStack(clock, { users: USERS });
    await connectNewZoomUser(stack, 'U0BOB', 'Europe/Berlin');
  });
  afterAll(() => stack.stop());
  afterEach(() => checkClean(stack));

  it('follows users.info to the new zone: the next digest comes at 09:00 there, never twice a day', async () => {
    await stack.command('U0BOB', 'digest on 09:00'); // 21:00 in Berlin: 09:00 is tomorrow
    const sub = await stack.app.store.getDigestSubscription(stack.teamId, 'U0BOB');
    expect(sub?.timeZone).toBe('Europe/Berlin');
    expect(await runAt(stack, clock, ['2026-01-15T07:59:00Z', '2026-01-15T08:00:00Z'])).toEqual({
      '2026-01-15T07:59:00Z': [],
      '2026-01-15T08:00:00Z': ['2026-01-15:sent'],
    });

    // Bob flies to Los Angeles; Slack reports the new zone, which the app re-reads within 12 hours.
    stack.slack.addUser({ id: 'U0BOB', name: 'bob', tz: 'America/Los_Angeles' });
    const outcomes = await runAt(stack, clock, [
      '2026-01-15T17:00:00Z', // 09:00 on the 15th in LA: the 15th already had its digest
      '2026-01-16T08:00:00Z', // 09:00 in Berlin, midnight in LA: nothing
      '2026-01-16T16:59:00Z',
      '2026-01-16T17:00:00Z', // 09:00 in LA
    ]);
    expect(outcomes).toEqual({
      '2026-01-15T17:00:00Z': [],
      '2026-01-16T08:00:00Z': [],
      '2026-01-16T16:59:00Z': [],
      '2026-01-16T17:00:00Z': ['2026-01-16:sent'],
    });
    expect((await stack.app.store.getDigestSubscription(stack.teamId, 'U0BOB'))?.timeZone).toBe('America/Los_Angeles');
    expect(digestsIn(stack.slack, dm(stack, 'U0BOB'))).toHaveLength(2);
  });
});

describe('restarts, downtime and failures', () => {
  const clock = new TestClock(Date.parse('2026-06-01T12:00:00Z'));
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startDigestStack(clock, {
      users: [...USERS, { id: 'U0CAROL', name: 'carol', tz: 'America/New_York' }, { id: 'U0DAVE', name: 'dave', tz: 'America/New_York' }],
    });
    await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
    await connectNewZoomUser(stack, 'U0BOB', 'Europe/Berlin');
    await connectNewZoomUser(stack, 'U0CAROL');
    await connectNewZoomUser(stack, 'U0DAVE');
  });
  afterAll(() => stack.stop());
  afterEach(() => checkClean(stack));
  // Each test sets up its own subscribers; one failing test must not leave them due in the next.
  afterEach(async () => {
    for (const userId of ['U0CAROL', 'U0DAVE']) await stack.app.store.disableDigest(stack.teamId, userId).catch(() => undefined);
  });

  it("after downtime, today's missed digest is sent late once and yesterday's never", async () => {
    clock.set('2026-06-01T03:00:00Z'); // 23:00 on May 31 in New York
    await stack.command('U0ALICE', 'digest on 09:00');
    // Down from before 09:00 on June 1 until 14:00 on June 2 (New York).
    expect(await runAt(stack, clock, ['2026-06-02T18:00:00Z', '2026-06-02T18:01:00Z', '2026-06-02T23:59:00Z'])).toEqual({
      '2026-06-02T18:00:00Z': ['2026-06-02:sent'],
      '2026-06-02T18:01:00Z': [],
      '2026-06-02T23:59:00Z': [],
    });
    const sent = digestsIn(stack.slack, dm(stack, 'U0ALICE'));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('Tue 2 Jun');
  });

  it('a second scheduler on the same database, or a restarted one, sends no duplicate; a dead process’s claim is taken over once', async () => {
    clock.set('2026-06-03T12:00:00Z');
    await stack.command('U0BOB', 'digest on 09:00'); // 14:00 in Berlin: owed today
    await stack.command('U0CAROL', 'digest on 07:00');
    // A process claimed Carol's digest and died before posting: after its lease, one scheduler takes it over.
    const carol = await stack.app.store.getDigestSubscription(stack.teamId, 'U0CAROL');
    expect(await stack.app.store.claimDigestDelivery(carol!.id, '2026-06-03')).toBe(true);

    // Two processes on one database are tested on PostgreSQL (digest-two-processes.test.ts); here a second
    // scheduler races the app's own on the same SQLite file.
    const second = new DigestScheduler({ ...testCollaborators(stack), pacerClock: instantPacerClock() });
    {
      clock.set('2026-06-03T13:00:00Z');
      const [first, other] = await Promise.all([stack.app.digestScheduler.runOnce(), second.runOnce()]);
      const outcomes = [...first, ...other].map((r) => r.outcome).sort();
      // Alice (09:00 NY = 13:00Z), Bob and Carol's abandoned claim are due; each is sent by exactly one of the two apps.
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(3);
      expect(digestsIn(stack.slack, dm(stack, 'U0BOB'))).toHaveLength(1);
      expect(digestsIn(stack.slack, dm(stack, 'U0ALICE')).filter((m) => m.text?.includes('Wed 3 Jun'))).toHaveLength(1);
      expect(digestsIn(stack.slack, dm(stack, 'U0CAROL'))).toHaveLength(1);
      expect(await stack.app.store.getDigestDelivery(carol!.id, '2026-06-03')).toMatchObject({ status: 'sent' });

      // "Restart": a fresh scheduler on the same database later that day.
      const restarted = new DigestScheduler({ ...testCollaborators(stack), pacerClock: instantPacerClock() });
      clock.set('2026-06-03T20:00:00Z');
      const again = await restarted.runOnce();
      expect(again.filter((r) => r.outcome === 'sent')).toEqual([]);
    }
    await stack.command('U0CAROL', 'digest off');
  });

  it('a revoked Zoom grant and a deleted channel fail alone, each told the fix by DM once; the others are sent', async () => {
    clock.set('2026-06-04T12:00:00Z');
    const homesBefore = homePublishes(stack, 'U0CAROL');
    await stack.command('U0CAROL', 'digest on 08:00');
    // The command refreshes Carol's App Home after answering, which may rotate her Zoom tokens: let it finish,
    // so that the refresh token revoked below is the live one.
    await stack.waitFor(() => homePublishes(stack, 'U0CAROL') > homesBefore, "Carol's App Home refresh");
    // Under load an earlier refresh may still be in flight; wait until none has landed for a while.
    await quiet(() => homePublishes(stack, 'U0CAROL'));
    const dave = await stack.app.store.upsertDigestSubscription({
      teamId: stack.teamId,
      slackUserId: 'U0DAVE',
      localTime: '08:00',
      timeZone: 'America/New_York',
      channelId: 'C0DELETED',
    });
    // Carol revokes the app at Zoom: her access and refresh tokens die.
    const carolConnection = await stack.app.store.getZoomConnection(stack.teamId, 'U0CAROL');
    const tokens = await stack.app.store.loadTokens(carolConnection!.id);
    const revoke = await fetch(`${stack.zoom.oauthBaseUrl}/oauth/revoke`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${stack.zoom.clientId}:${stack.zoom.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: tokens!.refreshToken }).toString(),
    });
    expect(revoke.status).toBe(200);
    // Whatever access token is left must be renewed, with the refresh token that is now dead.
    stack.zoom.expireAccessTokens();

    clock.set('2026-06-04T13:00:00Z');
    const results = await stack.app.digestScheduler.runOnce();
    const byUser = Object.fromEntries(
      await Promise.all(
        results.map(async (r) => {
          const delivery = await stack.app.store.getDigestDelivery(r.subscriptionId, r.localDate);
          const owner = (await stack.app.store.listEnabledDigestSubscriptions()).find((s) => s.id === r.subscriptionId);
          return [owner?.slackUserId, { outcome: r.outcome, status: delivery?.status, error: delivery?.error }];
        }),
      ),
    );
    expect(byUser.U0ALICE).toEqual({ outcome: 'sent', status: 'sent', error: null });
    expect(byUser.U0BOB).toEqual({ outcome: 'sent', status: 'sent', error: null });
    expect(byUser.U0CAROL).toMatchObject({ outcome: 'failed', status: 'failed' });
    expect(byUser.U0CAROL.error).toContain('ZoomReconnectRequiredError');
    expect(byUser.U0DAVE).toMatchObject({ outcome: 'failed', status: 'failed' });
    expect(byUser.U0DAVE.error).toContain('channel_not_found');

    const aboutDigest = (userId: string) => stack.slack.messagesIn(dm(stack, userId)).filter((m) => m.text?.includes('Zoom digest'));
    const carolDms = aboutDigest('U0CAROL');
    expect(carolDms).toHaveLength(1);
    expect(carolDms[0]?.text).toContain("I couldn't send today's Zoom digest: Zoom no longer accepts your connection");
    expect(buttonUrl(carolDms[0]?.blocks, 'connect_zoom')).toContain('/oauth/authorize');
    const daveDms = aboutDigest('U0DAVE');
    expect(daveDms).toHaveLength(1);
    expect(daveDms[0]?.text).toContain("I couldn't post today's Zoom digest in <#C0DELETED>");
    expect(daveDms[0]?.text).toContain('/invite @zoom-scheduler');

    // Later the same day: nothing is retried and nobody is told twice.
    clock.set('2026-06-04T18:00:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    expect(aboutDigest('U0CAROL')).toHaveLength(1);
    expect(aboutDigest('U0DAVE')).toHaveLength(1);
    await stack.app.store.disableDigest(stack.teamId, 'U0CAROL');
    await stack.app.store.disableDigest(dave.teamId, 'U0DAVE');
  });

  it("a retryable failure (Slack rate limit, Zoom 503) releases the claim; a later tick sends today's digest once", async () => {
    clock.set('2026-06-05T13:00:00Z'); // 09:00 in New York, 15:00 in Berlin
    stack.zoom.faults.enqueue({ path: /\/analytics/, status: 503, times: 10 });
    const failed = await stack.app.digestScheduler.runOnce();
    expect(failed.map((r) => r.outcome)).toEqual(['retry_later', 'retry_later']);
    for (const r of failed) expect(await stack.app.store.getDigestDelivery(r.subscriptionId, r.localDate)).toBeNull();
    stack.zoom.faults.clear();

    // Within the back-off nothing is attempted; after it, both go out.
    clock.set('2026-06-05T13:00:30Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    // Slack's 429 is waited out by the shared Slack pacer (its Retry-After, at least a second) and the post sent.
    stack.slack.rateLimitNext('chat.postMessage', 0, 1);
    clock.set('2026-06-05T13:02:00Z');
    const retried = await stack.app.digestScheduler.runOnce();
    expect(retried.map((r) => r.outcome).sort()).toEqual(['sent', 'sent']);
    expect(stack.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 429)).toHaveLength(1);
    clock.set('2026-06-05T13:30:00Z');
    expect(await stack.app.digestScheduler.runOnce()).toEqual([]);
    const today = allDigests(stack.slack).filter((m) => m.text?.includes('Fri 5 Jun'));
    expect(today.map((m) => m.channel).sort()).toEqual([dm(stack, 'U0ALICE'), dm(stack, 'U0BOB')].sort());
  });

  it('paces posts to one channel at least a second apart', async () => {
    const pacerClock = instantPacerClock();
    const scheduler = new DigestScheduler({ ...testCollaborators(stack), pacerClock, concurrency: 4 });
    clock.set('2026-06-06T12:00:00Z');
    await stack.command('U0ALICE', 'digest on 07:00 <#C0SALES|sales>');
    await stack.command('U0BOB', 'digest on 07:00 <#C0SALES|sales>');
    const results = await scheduler.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['sent', 'sent']);
    expect(digestsIn(stack.slack, 'C0SALES')).toHaveLength(2);
    expect(pacerClock.sleeps.some((ms) => ms >= 1000)).toBe(true);
  });
});

describe("the scheduler's own loop", () => {
  it('ticks on its timer, and stop() waits for the run in progress', async () => {
    const clock = new TestClock(Date.parse('2026-06-01T12:00:00Z'));
    const stack = await startDigestStack(clock, { users: USERS });
    try {
      const pending: Array<{ callback: () => void; ms: number }> = [];
      const timer: JobTimer = {
        set: (callback, ms) => pending.push({ callback, ms }),
        clear: () => undefined,
      };
      const scheduler = new DigestScheduler({ ...testCollaborators(stack), timer, random: () => 0.5, tickMs: 30_000, jitterMs: 4_000 });
      scheduler.start();
      expect(pending.map((p) => p.ms)).toEqual([2_000]);
      pending.shift()?.callback();
      await scheduler.stop();
      expect(pending).toEqual([]); // stopped: no further tick is scheduled
    } finally {
      await stack.stop();
    }
  });
});
