import type { FakeMessage, FakeSlack, FakeUser } from '../../dev/fake-slack';
import { DEFAULT_CHANNELS, startLocalStack, type LocalStack, type LocalStackOptions } from '../../dev/local-stack';
import type { PacerClock } from '../../src/lib/pacer';

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
