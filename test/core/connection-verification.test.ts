import path from 'node:path';
import type { LocalStack } from '../../dev/local-stack';
import { ConnectionVerification, VERIFIED_WRITE_INTERVAL_MS, type ObservedConnection } from '../../src/core/connection-verification';
import { applyMigrations, createStore, type Store, type ZoomConnectionRecord } from '../../src/store';
import { ZoomLicenseRequiredError } from '../../src/zoom';
import { startDigestStack, TestClock } from '../jobs/digest-support';
import { textOf } from '../slack/listeners/schedules/helpers';
import { createSqliteDatabase, TEST_KEY } from '../store/databases';
import { createTempDir } from '../support/temp-dir';

/** "Last verified": written when Zoom accepts a call, at most once an hour, and shown by `status`. */
describe('through the app', () => {
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
    // Written with the next batch, within a second.
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
});

it('the app writes the verifications still waiting for their batch when it stops', async () => {
  const dir = createTempDir();
  const databaseUrl = `file:${path.join(dir.path, 'app.db')}`;
  const clock = new TestClock(Date.parse('2026-06-08T12:00:00Z'));
  const stack = await startDigestStack(clock, { databaseUrl });
  let stopped = false;
  try {
    await stack.connectZoom('U0ALICE');
    const connection = (await stack.app.store.getZoomConnection(stack.teamId, 'U0ALICE'))!;
    // Backdates the connection's verification (a refusal's clear writes it) instead of moving the clock past the
    // hour, which would refresh the tokens, and a refresh records a verification itself.
    const backdated = Date.parse('2026-06-08T10:00:00Z');
    await stack.app.store.markSchedulerRefused(connection.id, new Date(backdated));
    await stack.app.store.clearSchedulerRefusal(connection.id, new Date(backdated));
    const later = clock.set('2026-06-08T12:10:00Z');
    await stack.command('U0ALICE', 'list');
    // Still within the batch delay: nothing written yet.
    expect((await stack.app.store.getConnectionById(connection.id))?.lastVerifiedAt?.getTime()).toBe(backdated);
    stopped = true;
    await stack.stop();

    const store = createStore({ encryptionKey: TEST_KEY, databaseUrl });
    try {
      expect((await store.getZoomConnection(stack.teamId, 'U0ALICE'))?.lastVerifiedAt?.getTime()).toBe(later);
    } finally {
      await store.close();
    }
  } finally {
    if (!stopped) await stack.stop();
    dir.remove();
  }
});

describe('batched writes', () => {
  const connectedAt = Date.parse('2026-06-08T12:00:00Z');
  let store: Store;
  let remove: () => Promise<void>;
  let statements: string[] = [];
  let nowMs = connectedAt;
  const connections: ZoomConnectionRecord[] = [];

  beforeAll(async () => {
    const database = await createSqliteDatabase();
    remove = database.remove;
    await applyMigrations(database.url);
    store = createStore({
      encryptionKey: TEST_KEY,
      databaseUrl: database.url,
      now: () => new Date(connectedAt),
      onQuery: ({ model, operation }) => statements.push(`${model}.${operation}`),
    });
    for (let i = 0; i < 30; i += 1) {
      connections.push(
        await store.saveZoomConnection({
          kind: 'user',
          teamId: 'TB',
          slackUserId: `U${i}`,
          zoomUserId: `zoom-${i}`,
          accessToken: 'access',
          refreshToken: 'refresh',
          expiresAt: new Date('2030-01-01T00:00:00Z'),
          scopes: ['scheduler:read'],
        }),
      );
    }
  });
  afterAll(async () => {
    await store.close();
    await remove();
  });

  /** Each test starts two hours after every connection's last verification, with none pending. */
  let verification: ConnectionVerification;
  function startVerification(batching = { delayMs: 50, size: 200 }): ConnectionVerification {
    verification = new ConnectionVerification(store, () => nowMs, batching);
    return verification;
  }
  beforeEach(async () => {
    nowMs += 2 * VERIFIED_WRITE_INTERVAL_MS;
    statements = [];
  });
  afterEach(() => verification.flush());

  const observed = (connection: ZoomConnectionRecord): ObservedConnection => ({
    id: connection.id,
    lastVerifiedAt: connection.lastVerifiedAt,
    schedulerRefusedAt: connection.schedulerRefusedAt,
  });
  const verificationWrites = () => statements.filter((statement) => statement === 'ZoomConnection.updateMany').length;
  const lastVerifiedAt = async (connection: ZoomConnectionRecord) =>
    (await store.getConnectionById(connection.id))?.lastVerifiedAt?.getTime();
  const waitForWrites = async (count: number) => {
    const deadline = Date.now() + 5000;
    while (verificationWrites() < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('many connections verified within the delay are written with one statement, at the flush instant', async () => {
    startVerification();
    const decidedAt = nowMs;
    for (const connection of connections) verification.verified(observed(connection));
    expect(verificationWrites()).toBe(0);

    const flushedAt = (nowMs += 500);
    await waitForWrites(1);
    await verification.flush();
    expect(verificationWrites()).toBe(1);
    for (const connection of connections) expect(await lastVerifiedAt(connection)).toBe(flushedAt);
    expect(flushedAt).not.toBe(decidedAt);
  });

  it('a full batch is written at once, without waiting out the delay', async () => {
    startVerification({ delayMs: 60 * 60 * 1000, size: 10 });
    for (const connection of connections.slice(0, 25)) verification.verified(observed(connection));
    await waitForWrites(2);
    expect(verificationWrites()).toBe(2);
    // The five after the second batch wait for the delay, or for the flush at stop.
    expect(await lastVerifiedAt(connections[24]!)).not.toBe(nowMs);
    await verification.flush();
    expect(verificationWrites()).toBe(3);
    for (const connection of connections.slice(0, 25)) expect(await lastVerifiedAt(connection)).toBe(nowMs);
  });

  it('flush writes what is pending, long before the delay', async () => {
    startVerification({ delayMs: 60 * 60 * 1000, size: 200 });
    for (const connection of connections.slice(0, 5)) verification.verified(observed(connection));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(verificationWrites()).toBe(0);
    await verification.flush();
    expect(verificationWrites()).toBe(1);
    for (const connection of connections.slice(0, 5)) expect(await lastVerifiedAt(connection)).toBe(nowMs);
    // Nothing left: a second flush writes nothing.
    await verification.flush();
    expect(verificationWrites()).toBe(1);
  });

  it('at most once an hour: the memo and the row read both hold a connection back', async () => {
    startVerification();
    const [first, second] = connections as [ZoomConnectionRecord, ZoomConnectionRecord];
    verification.verified(observed(first));
    await verification.flush();
    expect(verificationWrites()).toBe(1);
    const recordedAt = nowMs;

    nowMs += VERIFIED_WRITE_INTERVAL_MS - 1;
    verification.verified(observed(first));
    // The row as read says it was verified within the hour (another process wrote it).
    verification.verified({ ...observed(second), lastVerifiedAt: new Date(nowMs - 60_000) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await verification.flush();
    expect(verificationWrites()).toBe(1);
    expect(await lastVerifiedAt(first)).toBe(recordedAt);

    nowMs += 2;
    verification.verified(observed(first));
    await verification.flush();
    expect(verificationWrites()).toBe(2);
    expect(await lastVerifiedAt(first)).toBe(nowMs);
  });

  it('a success after a Scheduler refusal clears it at once, outside the batch', async () => {
    startVerification({ delayMs: 60 * 60 * 1000, size: 200 });
    const connection = connections[29]!;
    await store.markSchedulerRefused(connection.id, new Date(nowMs - 60_000));
    const refused = (await store.getConnectionById(connection.id))!;
    statements = [];

    verification.verified(observed(refused));
    await waitForWrites(1);
    expect(verificationWrites()).toBe(1);
    const cleared = await store.getConnectionById(connection.id);
    expect(cleared?.schedulerRefusedAt).toBeNull();
    expect(cleared?.lastVerifiedAt?.getTime()).toBe(nowMs);
    await verification.flush();
    expect(verificationWrites()).toBe(1);
  });

  it('a refusal drops the same connection’s success still waiting in the batch, which would clear it', async () => {
    startVerification({ delayMs: 60 * 60 * 1000, size: 200 });
    const connection = connections[28]!;
    verification.verified(observed(connection));
    const refusal = new ZoomLicenseRequiredError({ status: 400, operation: 'test' });
    const api = verification.observe({ call: () => Promise.reject(refusal) }, observed(connection));
    await expect(api.call()).rejects.toBe(refusal);
    await verification.flush();
    expect((await store.getConnectionById(connection.id))?.schedulerRefusedAt?.getTime()).toBe(nowMs);
  });
});
