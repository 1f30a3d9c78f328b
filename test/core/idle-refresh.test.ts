import type { LocalStack } from '../../dev/local-stack';
import { IDLE_REFRESH_AFTER_MS } from '../../src/core/idle-refresh';
import { startDigestStack, TestClock } from '../jobs/digest-support';

/**
 * Connections nobody uses are refreshed before Zoom's refresh token would expire unused (the mock, like Zoom,
 * refuses a refresh token 90 days after it was issued); one refreshed too late dies and gets its owner's DM.
 */
let stack: LocalStack;
const DAY = 24 * 60 * 60 * 1000;
const clock = new TestClock(Date.parse('2026-01-05T12:00:00Z'));

beforeAll(async () => {
  stack = await startDigestStack(clock);
});
afterAll(() => stack.stop());

function refreshRequests(): number {
  return stack.zoom.stats.tokenRequests.refresh_token ?? 0;
}

async function connection(userId: string) {
  const found = await stack.app.store.getZoomConnection(stack.teamId, userId);
  if (!found) throw new Error(`${userId} is not connected`);
  return found;
}

it('refreshes a connection idle for 30 days, once, and verifies it with a call', async () => {
  const idle = stack.app.services.idleConnections!;
  const connectedAt = clock.now();
  await stack.connectZoom('U0ALICE');
  const before = refreshRequests();

  expect(await idle.runOnce(connectedAt + 10 * DAY)).toEqual({ refreshed: 0, dead: 0, failed: 0 });
  expect(refreshRequests()).toBe(before);

  const later = clock.set('2026-02-05T12:00:00Z');
  expect(later - connectedAt).toBeGreaterThan(IDLE_REFRESH_AFTER_MS);
  expect(await idle.runOnce(later)).toEqual({ refreshed: 1, dead: 0, failed: 0 });
  expect(refreshRequests()).toBe(before + 1);
  const refreshed = await connection('U0ALICE');
  expect(refreshed.needsReconnect).toBe(false);
  await stack.waitFor(async () => (await connection('U0ALICE')).lastVerifiedAt?.getTime() === later, 'the verifying call to be recorded');

  // Two processes' scans the next day: nothing is idle any more.
  expect(await Promise.all([idle.runOnce(later + DAY), idle.runOnce(later + DAY)])).toEqual([
    { refreshed: 0, dead: 0, failed: 0 },
    { refreshed: 0, dead: 0, failed: 0 },
  ]);
  expect(refreshRequests()).toBe(before + 1);
});

it('a refresh token Zoom already let expire marks the connection dead, and its owner is told', async () => {
  const idle = stack.app.services.idleConnections!;
  clock.set('2026-03-01T12:00:00Z');
  await stack.connectZoom('U0BOB');
  // Nobody ran the scan for 95 days (the app was down, say): Zoom refuses Bob's refresh token.
  const tooLate = clock.set('2026-06-04T12:00:00Z');
  const run = await idle.runOnce(tooLate);
  expect(run.dead).toBeGreaterThanOrEqual(1);
  expect((await connection('U0BOB')).needsReconnect).toBe(true);

  const alerts = await stack.app.services.connectionAlerts.runOnce(tooLate);
  expect(alerts.alerted).toBeGreaterThanOrEqual(1);
  const dm = stack.slack.messagesIn(stack.slack.dmChannelId('U0BOB'));
  expect(dm.some((m) => (m.text ?? '').includes('Zoom no longer accepts your connection'))).toBe(true);
});
