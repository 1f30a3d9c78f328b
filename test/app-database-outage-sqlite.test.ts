import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { LocalStack } from '../dev/local-stack';
import { slashCommandBody } from '../dev/slack-signing';
import { NEW_SCHEDULE_BLOCKS } from '../src/slack/command/ids';
import { DATABASE_UNAVAILABLE } from '../src/slack/failures';
import { digestsIn, isDigest, startDigestStack, TestClock } from './jobs/digest-support';
import { availabilityOptions, newScheduleValues, openNewScheduleModal, textOf } from './slack/listeners/schedules/helpers';
import { zoomAs } from './slack/listeners/e2e-helpers';
import { holdSqliteWriteLock, type SqliteLockHolder } from './support/sqlite-lock';
import { createTempDir, type TempDir } from './support/temp-dir';

/** Slack gives up on an ack after 3 s and shows the user an error instead of the app's answer. */
const SLACK_ACK_DEADLINE_MS = 3000;

/**
 * SQLite has no connection to cut: its outage is the file's write lock held by another process (a stuck migration,
 * a maintenance script holding `BEGIN EXCLUSIVE`). In WAL mode reads still work, so a command that only reads is
 * answered as usual; whatever must write gets the PostgreSQL outage test's promises: a command and a modal get the
 * one sentence, a Zoom webhook a 5xx, /healthz 503, a due digest waits; once the lock is released all of it works
 * again without a restart, and Zoom's retry of the refused webhook is announced once.
 */
describe('a database outage on SQLite (another process holds the write lock)', () => {
  let dir: TempDir;
  let databaseFile: string;
  let stack: LocalStack;
  let lock: SqliteLockHolder | undefined;
  // 11:00 in New York (Alice's zone): her 07:00 digest is due.
  const clock = new TestClock(Date.parse('2026-06-08T15:00:00Z'));

  beforeAll(async () => {
    dir = createTempDir('zs-sqlite-outage-');
    databaseFile = path.join(dir.path, 'app.db');
    stack = await startDigestStack(clock, { databaseUrl: `file:${databaseFile}` });
    await stack.connectZoom('U0ALICE');
    await stack.command('U0ALICE', 'digest on 07:00 <#C0SALES|sales>');
    await stack.command('U0ALICE', 'notify <#C0SALES|sales>');
  }, 30_000);
  afterAll(async () => {
    await lock?.release();
    await stack.stop();
    dir.remove();
  });

  async function healthStatus(): Promise<number> {
    return (await fetch(`${stack.baseUrl}/healthz`)).status;
  }

  /** A slash command as Slack sends it: its ack must beat Slack's deadline, its answer comes by response_url. */
  async function commandAnswer(text: string): Promise<string> {
    const responseId = `cmd-${randomUUID()}`;
    const request = slashCommandBody({ teamId: stack.teamId, userId: 'U0ALICE', text, responseUrl: stack.slack.responseUrl(responseId) });
    const sentAt = Date.now();
    const ack = await stack.send(request);
    const ackedWithinDeadline = Date.now() - sentAt < SLACK_ACK_DEADLINE_MS;
    expect({ status: ack.status, ackedWithinDeadline }).toEqual({ status: 200, ackedWithinDeadline: true });
    const reply = await stack.waitFor(() => stack.slack.responses.find((r) => r.id === responseId), `a reply to ${text}`, 10_000);
    return textOf(reply.body);
  }

  function announcementsOf(invitee: string) {
    return stack.slack.messagesIn('C0SALES').filter((m) => !isDigest(m) && JSON.stringify(m.blocks ?? m.text).includes(invitee));
  }

  it('answers in one sentence, keeps the modal open, refuses webhooks with a 5xx, and the digest waits; then all works again', async () => {
    const modal = await openNewScheduleModal(stack, 'U0ALICE', 'Outage call');
    const [firstAvailability] = availabilityOptions(modal);
    const values = newScheduleValues({
      title: 'Outage call',
      availability: { label: firstAvailability![0], value: firstAvailability![1] },
    });
    const schedulesBefore = (await zoomAs(stack).listSchedules()).items;
    const webhooksBefore = stack.zoom.webhookDeliveries.length;

    lock = await holdSqliteWriteLock(databaseFile);

    expect(await healthStatus()).toBe(503);

    // Reads are served under another process's write lock; a command that writes gets the sentence.
    expect(await commandAnswer('list')).toContain('Your schedules');
    const refusedCommand = await commandAnswer('digest on 08:00 <#C0SALES|sales>');
    expect(refusedCommand).toContain(DATABASE_UNAVAILABLE);
    expect(refusedCommand).not.toMatch(/at .*\.ts:\d+/);

    const submittedAt = Date.now();
    const refused = await stack.submitView('U0ALICE', modal, values);
    expect({ refused, ackedWithinDeadline: Date.now() - submittedAt < SLACK_ACK_DEADLINE_MS }).toEqual({
      refused: { response_action: 'errors', errors: { [NEW_SCHEDULE_BLOCKS.title]: DATABASE_UNAVAILABLE } },
      ackedWithinDeadline: true,
    });

    await stack.zoom.book({
      scheduleId: schedulesBefore[0]!.schedule_id,
      invitee: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    });
    const duringOutage = await stack.waitFor(
      () => stack.zoom.webhookDeliveries.slice(webhooksBefore).find((d) => d.status),
      'a webhook answer',
    );
    // A 5xx makes Zoom deliver again later; a 200 would have lost the booking.
    expect(duringOutage.status).toBeGreaterThanOrEqual(500);

    // The claim cannot be written, so nothing is sent and nothing recorded: the day stays due.
    expect(await stack.app.digestScheduler.runOnce(clock.now())).toEqual([]);
    expect(digestsIn(stack.slack, 'C0SALES')).toEqual([]);

    await lock.release();

    expect(await healthStatus()).toBe(200);
    expect(await commandAnswer('digest on 07:00 <#C0SALES|sales>')).not.toContain(DATABASE_UNAVAILABLE);
    expect(await stack.submitView('U0ALICE', modal, values)).toMatchObject({ response_action: 'update' });
    // The schedule is created after the ack; once it is there, the refused submission had not created one: it is the only new one.
    const schedulesAfter = await stack.waitFor(async () => {
      const { items } = await zoomAs(stack).listSchedules();
      return items.length > schedulesBefore.length ? items : undefined;
    }, 'the schedule created after the lock was released');
    expect(schedulesAfter).toHaveLength(schedulesBefore.length + 1);

    // The same local day, a few minutes later: the digest goes out once.
    const results = await stack.app.digestScheduler.runOnce(clock.now() + 5 * 60_000);
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    expect(digestsIn(stack.slack, 'C0SALES')).toHaveLength(1);

    expect(announcementsOf('Ada')).toEqual([]);
    // Zoom retries a notification that got no 2xx; the retry is taken in and announced, once.
    const retried = await stack.zoom.retryWebhook(duringOutage.requestId);
    expect(retried.status).toBe(200);
    await stack.app.jobRunner.idle();
    expect(announcementsOf('Ada')).toHaveLength(1);
  }, 60_000);
});
