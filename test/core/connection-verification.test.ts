import type { LocalStack } from '../../dev/local-stack';
import { VERIFIED_WRITE_INTERVAL_MS } from '../../src/core/connection-verification';
import { startDigestStack, TestClock } from '../jobs/digest-support';
import { textOf } from '../slack/listeners/schedules/helpers';

/** "Last verified": written when Zoom accepts a call, at most once an hour, and shown by `status`. */
let stack: LocalStack;
const clock = new TestClock(Date.parse('2026-06-08T12:00:00Z'));

beforeAll(async () => {
  stack = await startDigestStack(clock);
  await stack.connectZoom('U0ALICE');
});
afterAll(() => stack.stop());

async function lastVerifiedAt(): Promise<number | undefined> {
  return (await stack.app.store.getZoomConnection(stack.teamId, 'U0ALICE'))?.lastVerifiedAt?.getTime();
}

it('connecting verifies; a successful call an hour later records it once, not on every call', async () => {
  expect(await lastVerifiedAt()).toBe(clock.now());

  const connectedAt = clock.now();
  clock.set('2026-06-08T12:30:00Z');
  await stack.command('U0ALICE', 'list');
  // Within the hour: no write.
  expect(await lastVerifiedAt()).toBe(connectedAt);

  const later = clock.set('2026-06-08T14:00:00Z');
  await stack.command('U0ALICE', 'list');
  await stack.waitFor(async () => (await lastVerifiedAt()) === later, 'the verification to be recorded');

  clock.set('2026-06-08T14:00:00Z');
  clock.nowMs += VERIFIED_WRITE_INTERVAL_MS / 2;
  await stack.command('U0ALICE', 'list');
  expect(await lastVerifiedAt()).toBe(later);
});

it('a failed call is not a verification', async () => {
  const before = await lastVerifiedAt();
  clock.nowMs += 3 * VERIFIED_WRITE_INTERVAL_MS;
  // Every attempt of the listing fails (the app retries once in tests).
  stack.zoom.faults.enqueue({ status: 500, times: 4 });
  const { reply } = await stack.command('U0ALICE', 'list');
  stack.zoom.faults.clear();
  expect(textOf(reply.body)).toContain('try again');
  expect(await lastVerifiedAt()).toBe(before);
});

it('status says when Zoom last accepted the connection', async () => {
  const { reply } = await stack.command('U0ALICE', 'status');
  expect(textOf(reply.body)).toContain('Last verified with Zoom:');
});
