import { startLocalStack, type LocalStack } from '../dev/local-stack';
import { SLACK_UNAVAILABLE } from '../src/slack/failures';
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

it('a link posted while Slack is down is tried once, and the person hears why at once', async () => {
  const [schedule] = (await zoomAs(stack).listSchedules()).items;
  const postsBefore = stack.slack.calls.filter((c) => c.method === 'chat.postMessage').length;
  stack.slack.setUnavailable(true);
  try {
    const result = await stack.command('U0ALICE', `link ${schedule!.schedule_id}`, { channelId: 'C0SALES' });
    // The WebClient's default would retry this post for half an hour; the app tries once and answers.
    expect(result.reply.body.text).toBe(SLACK_UNAVAILABLE);
    const posts = stack.slack.calls.filter((c) => c.method === 'chat.postMessage').slice(postsBefore);
    expect(posts.map((c) => c.status)).toEqual([503]);
  } finally {
    stack.slack.setUnavailable(false);
  }
}, 30_000);
