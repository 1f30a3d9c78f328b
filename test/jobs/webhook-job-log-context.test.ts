import { startLocalStack, type LocalStack } from '../../dev/local-stack';
import { zoomAs } from '../slack/listeners/e2e-helpers';
import { capturingLogger } from '../support/log-capture';

/**
 * A stored Zoom webhook's job learns its workspace when it routes the booking to the host's Slack user: from then
 * on its lines carry the team id, the delivery's and the job runner's own (a failed attempt's line included).
 */
const { logger, lines } = capturingLogger('debug');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ logger, jobs: { pollMs: 50, jitterMs: 0, firstRetryDelayMs: 200, maxRetryDelayMs: 400 } });
  await stack.connectZoom('U0ALICE');
});
afterAll(() => stack.stop());

it("a webhook job's lines after routing carry the team id, the runner's retry line included", async () => {
  const [schedule] = (await zoomAs(stack).listSchedules()).items;
  const from = lines.length;
  stack.slack.setUnavailable(true);
  try {
    await stack.zoom.book({
      scheduleId: schedule!.schedule_id,
      invitee: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    });
    await stack.waitFor(() => lines.slice(from).find((line) => line.msg === 'job failed; will retry'), 'a failed attempt', 10_000);
  } finally {
    stack.slack.setUnavailable(false);
  }
  const retry = lines.slice(from).find((line) => line.msg === 'job failed; will retry')!;
  expect(retry).toMatchObject({ kind: 'zoom.webhook', reqId: retry.jobId, teamId: stack.teamId });
  const failedNotice = lines.slice(from).find((line) => line.msg === 'booking notification failed');
  expect(failedNotice).toMatchObject({ reqId: retry.jobId, teamId: stack.teamId });
  // The Slack calls the delivery made for that team log under the job too.
  const jobLines = lines.slice(from).filter((line) => line.reqId === retry.jobId);
  expect(jobLines.length).toBeGreaterThan(2);
  expect(jobLines.filter((line) => line.teamId === stack.teamId).length).toBeGreaterThanOrEqual(2);
}, 30_000);
