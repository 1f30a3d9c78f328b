import type { LocalStack } from '../dev/local-stack';
import { NEW_SCHEDULE_BLOCKS } from '../src/slack/command/ids';
import { DATABASE_UNAVAILABLE } from '../src/slack/failures';
import { StoreUnavailableError } from '../src/store';
import { digestsIn, startDigestStack, TestClock } from './jobs/digest-support';
import { availabilityOptions, newScheduleValues, openNewScheduleModal, textOf } from './slack/listeners/schedules/helpers';
import { zoomAs } from './slack/listeners/e2e-helpers';
import { createTestDatabase, describeWithPostgres, TEST_POSTGRES_URL, type TestDatabase } from './support/postgres';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

/**
 * The database goes away under a running app (PostgreSQL behind a loopback proxy the test cuts; the real server
 * keeps running) and comes back: what a command, a modal, a Zoom webhook, a digest and /healthz get meanwhile,
 * and that all of it works again afterwards without a restart.
 */
describeWithPostgres('a database outage', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let stack: LocalStack;
  // 11:00 in New York (Alice's zone): her 07:00 digest is due.
  const clock = new TestClock(Date.parse('2026-06-08T15:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase('zs_outage');
    const server = new URL(TEST_POSTGRES_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    stack = await startDigestStack(clock, { databaseUrl: proxy.urlThrough(database.url) });
    await stack.connectZoom('U0ALICE');
    await stack.command('U0ALICE', 'digest on 07:00 <#C0SALES|sales>');
  }, 30_000);
  afterAll(async () => {
    proxy.restore();
    await stack.stop();
    await proxy.close();
    await database.drop();
  });

  async function healthStatus(): Promise<number> {
    return (await fetch(`${stack.baseUrl}/healthz`)).status;
  }

  it('answers in one sentence, keeps the modal open, refuses webhooks with a 5xx, and the digest waits; then all works again', async () => {
    const modal = await openNewScheduleModal(stack, 'U0ALICE', 'Outage call');
    const [firstAvailability] = availabilityOptions(modal);
    const values = newScheduleValues({
      title: 'Outage call',
      availability: { label: firstAvailability![0], value: firstAvailability![1] },
    });
    const [schedule] = (await zoomAs(stack).listSchedules()).items;
    const webhooksBefore = stack.zoom.webhookDeliveries.length;

    proxy.cut();

    expect(await healthStatus()).toBe(503);

    const command = await stack.command('U0ALICE', 'list');
    expect(textOf(command.reply.body)).toContain(DATABASE_UNAVAILABLE);
    expect(textOf(command.reply.body)).not.toMatch(/at .*\.ts:\d+/);

    const refused = await stack.submitView('U0ALICE', modal, values);
    expect(refused).toEqual({ response_action: 'errors', errors: { [NEW_SCHEDULE_BLOCKS.title]: DATABASE_UNAVAILABLE } });

    await stack.zoom.book({
      scheduleId: schedule!.schedule_id,
      invitee: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
    });
    const duringOutage = await stack.waitFor(
      () => stack.zoom.webhookDeliveries.slice(webhooksBefore).find((d) => d.status),
      'a webhook answer',
    );
    // A 5xx makes Zoom deliver again later; a 200 would have lost the booking.
    expect(duringOutage.status).toBeGreaterThanOrEqual(500);

    await expect(stack.app.digestScheduler.runOnce(clock.now())).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(digestsIn(stack.slack, 'C0SALES')).toEqual([]);

    proxy.restore();

    await stack.waitFor(async () => (await healthStatus()) === 200, '/healthz to recover');
    const after = await stack.command('U0ALICE', 'list');
    expect(textOf(after.reply.body)).not.toContain(DATABASE_UNAVAILABLE);
    expect(await stack.submitView('U0ALICE', modal, values)).toMatchObject({ response_action: 'update' });

    // The same local day, a few minutes later: the digest goes out once.
    const results = await stack.app.digestScheduler.runOnce(clock.now() + 5 * 60_000);
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    expect(digestsIn(stack.slack, 'C0SALES')).toHaveLength(1);

    const webhooksNow = stack.zoom.webhookDeliveries.length;
    await stack.zoom.book({
      scheduleId: schedule!.schedule_id,
      invitee: { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
    });
    const recovered = await stack.waitFor(() => stack.zoom.webhookDeliveries.slice(webhooksNow).find((d) => d.status), 'a webhook answer');
    expect(recovered.status).toBe(200);
  }, 60_000);
});
