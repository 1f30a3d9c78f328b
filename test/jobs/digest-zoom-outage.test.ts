import type { LocalStack } from '../../dev/local-stack';
import { digestsIn, startDigestStack, TestClock } from './digest-support';

/**
 * Zoom's API answers 503 for a while when a digest is due: the digest is not sent half-empty or dropped, it backs
 * off and goes out, once, the same local day when Zoom answers again.
 */
let stack: LocalStack;
// 11:00 in New York: Alice's 07:00 digest is due.
const clock = new TestClock(Date.parse('2026-06-08T15:00:00Z'));

beforeAll(async () => {
  stack = await startDigestStack(clock);
  await stack.connectZoom('U0ALICE');
  await stack.command('U0ALICE', 'digest on 07:00 <#C0SALES|sales>');
});
afterAll(() => stack.stop());

it('waits while Zoom is down and sends the digest once when it is back', async () => {
  stack.zoom.faults.enqueue({ path: /^\/v2\/scheduler\//, status: 503, times: 1000 });
  try {
    const during = await stack.app.digestScheduler.runOnce(clock.now());
    expect(during.map((r) => r.outcome)).toEqual(['retry_later']);
    // Ten minutes later Zoom is still down.
    const stillDown = await stack.app.digestScheduler.runOnce(clock.now() + 10 * 60_000);
    expect(stillDown.map((r) => r.outcome)).toEqual(['retry_later']);
    expect(digestsIn(stack.slack, 'C0SALES')).toEqual([]);
  } finally {
    stack.zoom.faults.clear();
  }
  // An hour later, same local day, Zoom answers again.
  const back = await stack.app.digestScheduler.runOnce(clock.now() + 60 * 60_000);
  expect(back.map((r) => r.outcome)).toEqual(['sent']);
  expect(await stack.app.digestScheduler.runOnce(clock.now() + 2 * 60 * 60_000)).toEqual([]);
  expect(digestsIn(stack.slack, 'C0SALES')).toHaveLength(1);
});
