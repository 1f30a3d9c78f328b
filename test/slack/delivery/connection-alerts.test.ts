import type { LocalStack } from '../../../dev/local-stack';
import { ACTION_IDS } from '../../../src/slack/command/ids';
import { startDigestStack, TestClock } from '../../jobs/digest-support';
import { textOf } from '../listeners/schedules/helpers';

/**
 * A Zoom connection that dies (Zoom refused its refresh token, or refuses the user Scheduler) is told to its owner once by DM, with a reconnect
 * button and Dismiss; reminders follow on days 1, 3 and 7 until they reconnect or dismiss.
 */
let stack: LocalStack;
const DAY = 24 * 60 * 60 * 1000;
const clock = new TestClock(Date.parse('2026-06-08T12:00:00Z'));

beforeAll(async () => {
  stack = await startDigestStack(clock);
});
afterAll(() => stack.stop());

function alertsTo(userId: string) {
  return stack.slack
    .messagesIn(stack.slack.dmChannelId(userId))
    .filter((m) => (m.text ?? '').includes('Zoom no longer accepts your connection'));
}

async function killConnection(userId: string): Promise<void> {
  const connection = await stack.app.store.getZoomConnection(stack.teamId, userId);
  if (!connection) throw new Error(`${userId} is not connected`);
  await stack.app.store.markNeedsReconnect(connection.id, 'refresh token rejected (invalid_grant)');
}

it('one DM with Reconnect and Dismiss, reminders on days 1, 3 and 7, and nothing more', async () => {
  await stack.connectZoom('U0ALICE');
  const alerts = stack.app.services.connectionAlerts;
  expect(await alerts.runOnce(clock.now())).toEqual({ alerted: 0, reminded: 0 });

  await killConnection('U0ALICE');
  const start = clock.now();
  expect(await alerts.runOnce(start)).toEqual({ alerted: 1, reminded: 0 });
  // A second scan, or a second process scanning at once, does not tell again.
  expect(await Promise.all([alerts.runOnce(start + 1000), alerts.runOnce(start + 1000)])).toEqual([
    { alerted: 0, reminded: 0 },
    { alerted: 0, reminded: 0 },
  ]);
  const [first] = alertsTo('U0ALICE');
  expect(textOf(first?.blocks)).toContain(ACTION_IDS.reconnectFromAlert);
  expect(textOf(first?.blocks)).toContain(ACTION_IDS.dismissConnectionAlert);
  // App Home, republished with the alert, shows the reconnect banner.
  const home = stack.slack.views.find((v) => v.type === 'home' && v.userId === 'U0ALICE');
  expect(textOf(home?.view)).toContain('Reconnect Zoom');

  expect((await alerts.runOnce(start + DAY / 2)).reminded).toBe(0);
  expect((await alerts.runOnce(start + DAY)).reminded).toBe(1);
  expect((await alerts.runOnce(start + 2 * DAY)).reminded).toBe(0);
  expect((await alerts.runOnce(start + 3 * DAY)).reminded).toBe(1);
  expect((await alerts.runOnce(start + 7 * DAY)).reminded).toBe(1);
  expect((await alerts.runOnce(start + 30 * DAY)).reminded).toBe(0);
  expect(alertsTo('U0ALICE')).toHaveLength(4);
  expect(
    alertsTo('U0ALICE')
      .slice(1)
      .every((m) => (m.text ?? '').startsWith('Reminder:')),
  ).toBe(true);
});

it('Reconnect answers with a fresh connect link; reconnecting ends the reminders, and a later death is news again', async () => {
  await stack.connectZoom('U0BOB');
  await killConnection('U0BOB');
  const alerts = stack.app.services.connectionAlerts;
  const start = clock.now();
  await alerts.runOnce(start);
  expect(alertsTo('U0BOB')).toHaveLength(1);

  const pressed = await stack.action('U0BOB', { actionId: ACTION_IDS.reconnectFromAlert });
  expect(textOf(pressed.reply.body)).toContain(ACTION_IDS.connectZoom);
  expect(textOf(pressed.reply.body)).toContain('/oauth/authorize');

  await stack.connectZoom('U0BOB');
  expect((await alerts.runOnce(start + DAY)).reminded).toBe(0);
  expect(alertsTo('U0BOB')).toHaveLength(1);

  await killConnection('U0BOB');
  expect((await alerts.runOnce(start + 2 * DAY)).alerted).toBe(1);
  expect(alertsTo('U0BOB')).toHaveLength(2);
});

it('Dismiss stops the reminders and says how to come back', async () => {
  const alerts = stack.app.services.connectionAlerts;
  const start = clock.now() + 100 * DAY;
  await stack.connectZoom('U0ALICE');
  await alerts.runOnce(start);
  await killConnection('U0ALICE');
  const before = alertsTo('U0ALICE').length;
  expect((await alerts.runOnce(start)).alerted).toBe(1);

  const dismissed = await stack.action('U0ALICE', { actionId: ACTION_IDS.dismissConnectionAlert });
  expect(dismissed.reply.body).toMatchObject({ replace_original: true });
  expect(textOf(dismissed.reply.body)).toContain('no more reminders');
  // Bob's dead connection from the test before still gets its reminders; Alice's does not.
  await alerts.runOnce(start + DAY);
  await alerts.runOnce(start + 7 * DAY);
  expect(alertsTo('U0ALICE')).toHaveLength(before + 1);
});

it('a Scheduler licence taken away gets its own DM (Dismiss, no reconnect), and its return ends the notice', async () => {
  const alerts = stack.app.services.connectionAlerts;
  const start = clock.now() + 200 * DAY;
  await stack.connectZoom('U0ALICE');
  await alerts.runOnce(start);
  const refusedDms = () =>
    stack.slack.messagesIn(stack.slack.dmChannelId('U0ALICE')).filter((m) => (m.text ?? '').includes('use Scheduler'));

  stack.zoom.control.setSchedulerAccess(stack.zoom.defaultUser.id, 'unlicensed');
  await stack.command('U0ALICE', 'list');
  await stack.waitFor(
    async () => (await stack.app.store.getZoomConnection(stack.teamId, 'U0ALICE'))?.schedulerRefusedAt ?? undefined,
    'the refusal to be recorded',
  );
  expect((await alerts.runOnce(start + 1000)).alerted).toBe(1);
  const [dm] = refusedDms();
  expect(textOf(dm?.blocks)).toContain(ACTION_IDS.dismissConnectionAlert);
  expect(textOf(dm?.blocks)).not.toContain(ACTION_IDS.reconnectFromAlert);
  expect(dm?.text).toContain('/zoom-schedule status');
  // The alert republishes App Home, whose banner says why nothing is shown.
  const home = stack.slack.views.find((v) => v.type === 'home' && v.userId === 'U0ALICE');
  expect(textOf(home?.view.blocks)).toContain('Zoom no longer lets your account use Scheduler');
  expect(await alerts.runOnce(start + 2000)).toEqual({ alerted: 0, reminded: 0 });
  expect((await alerts.runOnce(start + DAY + 2000)).reminded).toBe(1);
  expect(refusedDms()).toHaveLength(2);
  expect(textOf(refusedDms()[1]?.blocks)).toContain('Reminder');

  // The digest due meanwhile is skipped, and its DM says why.
  await stack.command('U0ALICE', 'digest on 08:00');
  const digestRun = await stack.app.digestScheduler.runOnce(clock.set('2026-06-09T12:00:30Z'));
  expect(digestRun.map((r) => r.outcome)).toEqual(['failed']);
  const skipped = stack.slack.messagesIn(stack.slack.dmChannelId('U0ALICE')).at(-1);
  expect(skipped?.text).toContain("couldn't send today's Zoom digest");
  expect(skipped?.text).toContain('Scheduler licence');

  stack.zoom.control.setSchedulerAccess(stack.zoom.defaultUser.id, 'ok');
  // What the DM asks for once the licence is back: the re-check is a successful Scheduler call.
  await stack.command('U0ALICE', 'status');
  await stack.waitFor(
    async () => (await stack.app.store.getZoomConnection(stack.teamId, 'U0ALICE'))?.schedulerRefusedAt === null,
    'the refusal to be cleared',
  );
  await alerts.runOnce(start + 3 * DAY + 2000);
  await alerts.runOnce(start + 7 * DAY + 2000);
  expect(refusedDms()).toHaveLength(2);
});
