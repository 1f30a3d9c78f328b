import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { LocalStack } from '../../dev/local-stack';
import type { DigestRunResult } from '../../src/jobs/digest-scheduler';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { allDigests, startDigestStack, TestClock } from './digest-support';

const SUBSCRIBERS = 200;
const TEAM_ZONE = 'America/New_York';

/** A second OS process running the digest scheduler (fixtures/digest-worker.js) on the same database. */
function startWorker(env: Record<string, string>, zoom: unknown) {
  const child: ChildProcess = fork(path.join(__dirname, 'fixtures', 'digest-worker.js'), [], { execArgv: [], stdio: 'inherit' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const nextMessage = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`digest worker exited (${code}) before ${type}`)));
    });
  const ready = nextMessage('ready');
  child.send({ type: 'open', env, zoom });
  return {
    pid: child.pid,
    ready,
    run(nowMs: number) {
      const result = nextMessage<{ results: DigestRunResult[] }>('result');
      child.send({ type: 'run', nowMs });
      return result.then((message) => message.results);
    },
    close: async () => {
      if (child.exitCode === null && child.connected) child.send({ type: 'close' });
      await exited;
    },
  };
}

describeWithPostgres('digest: two processes on one PostgreSQL database [postgresql]', () => {
  const clock = new TestClock(Date.parse('2026-06-01T12:00:00Z'));
  let database: TestDatabase;
  let stack: LocalStack;
  let worker: ReturnType<typeof startWorker>;
  const userIds = Array.from({ length: SUBSCRIBERS }, (_, i) => `U0SUB${String(i).padStart(3, '0')}`);
  const revokedUser = userIds[7]!;
  const deletedChannelUser = userIds[42]!;

  beforeAll(async () => {
    database = await createTestDatabase();
    const encryptionKey = randomBytes(32).toString('base64');
    stack = await startDigestStack(clock, { databaseUrl: database.url, env: { TOKEN_ENCRYPTION_KEY: encryptionKey }, users: [] });
    const { store } = stack.app;

    for (const slackUserId of userIds) {
      stack.slack.addUser({ id: slackUserId, name: slackUserId.toLowerCase(), tz: TEAM_ZONE });
      const zoomUser = stack.zoom.addUser({ timeZone: TEAM_ZONE });
      const issued = stack.zoom.issueTokensFor(zoomUser.id);
      const revoked = slackUserId === revokedUser;
      await store.saveZoomConnection({
        kind: 'user',
        teamId: stack.teamId,
        slackUserId,
        zoomUserId: zoomUser.id,
        // A grant Zoom no longer knows: the access token has expired and the refresh is refused (invalid_grant).
        accessToken: revoked ? 'revoked-access-token' : issued.access_token,
        refreshToken: revoked ? 'revoked-refresh-token' : issued.refresh_token,
        expiresAt: new Date(revoked ? clock.nowMs - 1000 : clock.nowMs + issued.expires_in * 1000),
        scopes: issued.scope.split(' '),
      });
      await store.upsertDigestSubscription({
        teamId: stack.teamId,
        slackUserId,
        localTime: '09:00',
        timeZone: TEAM_ZONE,
        channelId: slackUserId === deletedChannelUser ? 'C0DELETED' : null,
      });
    }

    worker = startWorker(
      {
        DATABASE_URL: database.url,
        TOKEN_ENCRYPTION_KEY: encryptionKey,
        SLACK_SIGNING_SECRET: stack.signingSecret,
        SLACK_BOT_TOKEN: stack.slack.botToken,
        SLACK_API_URL: stack.slack.apiUrl,
        IS_LIVE_SERVER: 'false',
        PUBLIC_BASE_URL: stack.baseUrl,
        LOG_LEVEL: 'silent',
      },
      stack.app.services.zoom,
    );
    await worker.ready;
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await stack?.stop();
    await database?.drop();
  });

  it('sends each of 200 digests exactly once; the two failing subscribers are told the fix and block nobody', async () => {
    const atNine = clock.set('2026-06-01T13:00:00Z'); // 09:00 in New York
    const [here, there] = await Promise.all([stack.app.digestScheduler.runOnce(atNine), worker.run(atNine)]);

    const sentHere = here.filter((r) => r.outcome === 'sent').map((r) => r.subscriptionId);
    const sentThere = there.filter((r) => r.outcome === 'sent').map((r) => r.subscriptionId);
    expect(sentHere.filter((id) => sentThere.includes(id))).toEqual([]);
    expect(new Set([...sentHere, ...sentThere]).size).toBe(SUBSCRIBERS - 2);
    expect([...here, ...there].filter((r) => r.outcome === 'failed')).toHaveLength(2);
    expect([...here, ...there].filter((r) => r.outcome === 'retry_later')).toEqual([]);

    const digests = allDigests(stack.slack);
    expect(digests).toHaveLength(SUBSCRIBERS - 2);
    expect(new Set(digests.map((m) => m.channel)).size).toBe(SUBSCRIBERS - 2);
    for (const message of digests) expect(message.text).toContain('Mon 1 Jun');

    const statuses: Record<string, number> = {};
    for (const slackUserId of userIds) {
      const subscription = await stack.app.store.getDigestSubscription(stack.teamId, slackUserId);
      const delivery = await stack.app.store.getDigestDelivery(subscription!.id, '2026-06-01');
      statuses[delivery!.status] = (statuses[delivery!.status] ?? 0) + 1;
    }
    expect(statuses).toEqual({ sent: SUBSCRIBERS - 2, failed: 2 });

    const told = (userId: string) => stack.slack.messagesIn(stack.slack.dmChannelId(userId)).filter((m) => m.text?.includes('Zoom digest'));
    expect(told(revokedUser)).toHaveLength(1);
    expect(told(revokedUser)[0]?.text).toContain('Reconnect Zoom');
    expect(told(deletedChannelUser)).toHaveLength(1);
    expect(told(deletedChannelUser)[0]?.text).toContain('/invite @zoom-scheduler');

    // Both processes tick again later that day: nothing more goes out.
    const later = clock.set('2026-06-01T13:10:00Z');
    const [again, againThere] = await Promise.all([stack.app.digestScheduler.runOnce(later), worker.run(later)]);
    expect([...again, ...againThere]).toEqual([]);
    expect(allDigests(stack.slack)).toHaveLength(SUBSCRIBERS - 2);
    expect(stack.slack.violations).toEqual([]);
    expect(stack.zoom.violations).toEqual([]);
  }, 120_000);
});
