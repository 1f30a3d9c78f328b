import type { LocalStack } from '../../../dev/local-stack';
import { systemClock } from '../../../src/lib/pacer';
import { digestsIn, startDigestStack, TestClock } from '../../jobs/digest-support';
import { zoomAs } from '../listeners/e2e-helpers';

/**
 * Slack's one message per second per conversation holds across everything the app posts: a booking notice and
 * a digest to the same channel wait for each other, because src/app.ts builds ONE Slack pacer for both.
 */
let stack: LocalStack;
const clock = new TestClock(Date.parse('2026-06-08T12:00:00Z'));

beforeAll(async () => {
  // The real pacer clock: the test measures the wait itself.
  stack = await startDigestStack(clock, { digestScheduler: { autoStart: false, pacerClock: systemClock } });
  await stack.connectZoom('U0ALICE');
});
afterAll(() => stack.stop());

it('a digest posted right after a booking notice in the same channel waits a second for it', async () => {
  await stack.command('U0ALICE', 'notify <#C0SALES|sales>');
  await stack.command('U0ALICE', 'digest on 07:00 <#C0SALES|sales>');
  const [schedule] = (await zoomAs(stack).listSchedules()).items;
  if (!schedule) throw new Error('the mock seeds schedules');

  const before = stack.slack.messagesIn('C0SALES').length;
  await stack.zoom.book({
    scheduleId: schedule.schedule_id,
    invitee: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  });
  await stack.waitFor(() => stack.slack.messagesIn('C0SALES').length > before, 'the booking notice in #sales');

  const results = await stack.app.digestScheduler.runOnce(clock.set('2026-06-08T13:00:00Z'));
  expect(results.map((r) => r.outcome)).toEqual(['sent']);
  expect(digestsIn(stack.slack, 'C0SALES')).toHaveLength(1);
  // The digest waited out the notice's second in #sales. The pacer spaces the sends on the app's side; Slack sees
  // them as they arrive, and the notice (the first request on its connection) can arrive ~150 ms after it was sent.
  // Unpaced, the digest would follow the notice within the time the test takes to call runOnce.
  const postsToSales = stack.slack.calls.filter(
    (call) => call.method === 'chat.postMessage' && call.args.channel === 'C0SALES' && call.status === undefined,
  );
  const [notice, digest] = postsToSales.slice(-2).map((call) => call.receivedAt);
  expect(digest! - notice!).toBeGreaterThanOrEqual(750);
});
