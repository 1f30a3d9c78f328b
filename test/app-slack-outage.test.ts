import { startLocalStack, type LocalStack } from '../dev/local-stack';
import { zoomAs } from './slack/listeners/e2e-helpers';

/**
 * Slack's API answers 503 for a while: a booking that arrives meanwhile is accepted from Zoom (200, stored), its
 * announcement keeps failing and being retried, and it is posted once Slack is back: late, never lost, once.
 */
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ jobs: { pollMs: 50, jitterMs: 0, firstRetryDelayMs: 200, maxRetryDelayMs: 400 } });
  await stack.connectZoom('U0ALICE');
  await stack.command('U0ALICE', 'notify <#C0SALES|sales>');
});
afterAll(() => stack.stop());

function announcementsOf(invitee: string) {
  return stack.slack.messagesIn('C0SALES').filter((m) => JSON.stringify(m.blocks ?? m.text).includes(invitee));
}

it('a booking announced while Slack is down is posted once Slack is back', async () => {
  const [schedule] = (await zoomAs(stack).listSchedules()).items;
  const deliveriesBefore = stack.zoom.webhookDeliveries.length;
  stack.slack.setUnavailable(true);
  try {
    await stack.zoom.book({
      scheduleId: schedule!.schedule_id,
      invitee: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    });
    const delivery = await stack.waitFor(
      () => stack.zoom.webhookDeliveries.slice(deliveriesBefore).find((d) => d.status),
      'Zoom to get its answer',
    );
    // Stored before the answer: Zoom has nothing to redeliver.
    expect(delivery.status).toBe(200);
    // Tried and refused by Slack at least twice while it is down.
    await stack.waitFor(
      () => stack.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 503).length >= 2,
      'retries against the unavailable Slack',
    );
    expect(announcementsOf('Ada')).toEqual([]);
  } finally {
    stack.slack.setUnavailable(false);
  }
  await stack.waitFor(() => announcementsOf('Ada').length > 0, 'the announcement after Slack returns', 10_000);
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(announcementsOf('Ada')).toHaveLength(1);
}, 30_000);
