import type { FakeMessage, FakeSlack, FakeUser } from '../../dev/fake-slack';
import { DEFAULT_CHANNELS, startLocalStack, type LocalStack, type LocalStackOptions } from '../../dev/local-stack';
import type { PacerClock } from '../../src/lib/pacer';
import type { DigestSubscriptionRecord } from '../../src/store';

/** A settable clock shared by the app, the fake Slack and the Zoom mock. */
export class TestClock {
  constructor(public nowMs: number) {}
  readonly now = (): number => this.nowMs;
  set(iso: string): number {
    this.nowMs = Date.parse(iso);
    if (Number.isNaN(this.nowMs)) throw new Error(`bad instant ${iso}`);
    return this.nowMs;
  }
}

/** A pacer clock that never waits: it records each requested pause and moves its own time forward. */
export function instantPacerClock(): PacerClock & { sleeps: number[] } {
  let virtualMs = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => virtualMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      virtualMs += ms;
    },
  };
}

export const DIGEST_TITLE = 'Your Zoom Scheduler digest';

export function isDigest(message: FakeMessage): boolean {
  return (message.text ?? '').startsWith(DIGEST_TITLE);
}

export function digestsIn(slack: FakeSlack, channelId: string): FakeMessage[] {
  return slack.messagesIn(channelId).filter(isDigest);
}

export function allDigests(slack: FakeSlack): FakeMessage[] {
  return slack.messages.filter(isDigest);
}

/** The stack with its scheduler stopped: the tests call `runOnce(now)` themselves. */
export function startDigestStack(clock: TestClock, options: Partial<LocalStackOptions> & { users?: FakeUser[] } = {}): Promise<LocalStack> {
  return startLocalStack({
    now: clock.now,
    channels: DEFAULT_CHANNELS,
    ...options,
    digestScheduler: { autoStart: false, pacerClock: instantPacerClock(), ...options.digestScheduler },
  });
}

/** Connects a Slack user to a Zoom user of their own in the mock (the default mock user is taken by the first). */
export async function connectNewZoomUser(stack: LocalStack, slackUserId: string, timeZone = 'America/New_York'): Promise<string> {
  const zoomUser = stack.zoom.addUser({ timeZone });
  const page = await stack.connectZoom(slackUserId, { zoomUserId: zoomUser.id });
  if (page.status !== 200) throw new Error(`connecting ${slackUserId} answered HTTP ${page.status}`);
  return zoomUser.id;
}

/** Alice, Bob and Carol, all in New York. */
export const NEW_YORKERS: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', tz: 'America/New_York' },
  { id: 'U0BOB', name: 'bob', tz: 'America/New_York' },
  { id: 'U0CAROL', name: 'carol', tz: 'America/New_York' },
];

export interface NewYorkDigestSuite {
  /** Set once the suite's beforeAll has run. */
  readonly stack: LocalStack;
  dm(userId: string): string;
  subscriptionOf(userId: string): Promise<DigestSubscriptionRecord>;
}

/**
 * A digest stack for the suite with the three New Yorkers, each connected to a Zoom user of their own and claims
 * leased for `claimLeaseMs`; after each test every digest is turned off and the fake Slack must have seen no
 * violation.
 */
export function useNewYorkDigestStack(clock: TestClock, claimLeaseMs: number): NewYorkDigestSuite {
  let stack: LocalStack | undefined;
  const suite: NewYorkDigestSuite = {
    get stack() {
      if (!stack) throw new Error('the digest stack starts in beforeAll; use it inside a test');
      return stack;
    },
    dm: (userId) => suite.stack.slack.dmChannelId(userId),
    subscriptionOf: async (userId) => (await suite.stack.app.store.getDigestSubscription(suite.stack.teamId, userId))!,
  };
  beforeAll(async () => {
    stack = await startDigestStack(clock, { users: NEW_YORKERS, digestScheduler: { claimLeaseMs } });
    await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
    await connectNewZoomUser(stack, 'U0BOB');
    await connectNewZoomUser(stack, 'U0CAROL');
  });
  afterAll(() => stack?.stop());
  afterEach(async () => {
    for (const user of NEW_YORKERS) await suite.stack.command(user.id, 'digest off');
    expect(suite.stack.slack.violations).toEqual([]);
  });
  return suite;
}
