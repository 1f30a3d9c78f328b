import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { startFakeSlack, type FakeSlack } from '../../dev/fake-slack';
import { applyMigrations, createStore, type Store } from '../../src/store';
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { buildOnce, freePort, spawnApp, waitForLogLine, type AppProcess } from '../support/app-process';
import { createTestDatabase, describeWithPostgres } from '../support/postgres';
import { createTempDir } from '../support/temp-dir';

/**
 * Digest crashes, driven from outside: process A's scheduler claims a due digest and the fake Slack SIGKILLs it
 * at the post (before Slack acts on it, or after the post is in the DM but before A can record it). Process B,
 * started on the same database, takes the claim over once its lease expires and must leave exactly one digest
 * for the day, recorded as sent.
 */

jest.setTimeout(150_000);

const TEAM = 'T0FAKETEAM';
const POINTS = [
  { step: 'after the claim, before the post reaches Slack', phase: 'received' as const },
  { step: 'after the post, before it is recorded', phase: 'handled' as const },
];

let slack: FakeSlack;
let zoom: ZoomMock;
beforeAll(async () => {
  buildOnce();
  slack = await startFakeSlack();
  zoom = await startZoomMock({ host: '127.0.0.1' });
});
afterAll(async () => {
  await zoom.close();
  await slack.close();
});

function suiteFor(provider: string, createDatabase: () => Promise<{ url: string; cleanup(): Promise<void> }>) {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  let store: Store;
  const key = randomBytes(32).toString('base64');
  const running: AppProcess[] = [];

  beforeAll(async () => {
    ({ url: databaseUrl, cleanup } = await createDatabase());
    await applyMigrations(databaseUrl);
    store = createStore({ databaseUrl, encryptionKey: key });
  });
  afterEach(async () => {
    slack.intercept(undefined);
    for (const app of running.splice(0)) {
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      await app.exited;
    }
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  async function startProcess(name: string, cwd: string): Promise<{ app: AppProcess; token: string }> {
    const token = `xoxb-digest-${name}-${randomUUID()}`;
    slack.addBotToken(token);
    const port = await freePort();
    const app = spawnApp(
      {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        TOKEN_ENCRYPTION_KEY: key,
        SLACK_SIGNING_SECRET: 'digest-fault-signing-secret',
        SLACK_BOT_TOKEN: token,
        SLACK_API_URL: slack.apiUrl,
        IS_LIVE_SERVER: 'true',
        ZOOM_CLIENT_ID: zoom.clientId,
        ZOOM_CLIENT_SECRET: zoom.clientSecret,
        ZOOM_API_BASE_URL: zoom.apiBaseUrl,
        ZOOM_OAUTH_BASE_URL: zoom.oauthBaseUrl,
        ZOOM_REDIRECT_URI: `http://127.0.0.1:${port}/zoom/oauth/callback`,
        ZOOM_WEBHOOK_SECRET_TOKEN: 'unused-webhook-secret',
        // A digest claim is held ten times this: 10 s.
        JOB_LEASE_SECONDS: '1',
      },
      cwd,
    );
    running.push(app);
    await waitForLogLine(app, 'zoom scheduler for slack started', 30_000);
    return { app, token };
  }

  for (const point of POINTS) {
    test(`[${provider}] SIGKILL ${point.step}: one digest for the day, recorded`, async () => {
      const dir = createTempDir();
      try {
        const slackUserId = `U0${randomBytes(4).toString('hex').toUpperCase()}`;
        slack.addUser({ id: slackUserId, name: slackUserId.toLowerCase(), tz: 'UTC' });
        const zoomUser = zoom.addUser({ timeZone: 'UTC' });
        const grant = zoom.issueTokensFor(zoomUser.id);
        await store.saveZoomConnection({
          kind: 'user',
          teamId: TEAM,
          slackUserId,
          zoomUserId: zoomUser.id,
          accessToken: grant.access_token,
          refreshToken: grant.refresh_token!,
          expiresAt: new Date(Date.now() + 3600_000),
          scopes: grant.scope.split(' '),
        });
        // Two minutes ago, or midnight in the first minutes of a UTC day: due today either way.
        const twoMinutesAgo = new Date(Date.now() - 2 * 60_000).toISOString();
        const dueMinute = twoMinutesAgo.slice(0, 10) === new Date().toISOString().slice(0, 10) ? twoMinutesAgo.slice(11, 16) : '00:00';
        const subscription = await store.upsertDigestSubscription({
          teamId: TEAM,
          slackUserId,
          localTime: dueMinute,
          timeZone: 'UTC',
          channelId: null,
        });
        const localDate = new Date().toISOString().slice(0, 10);

        const a = await startProcess('a', dir.path);
        let killed = false;
        const dm = slack.dmChannelId(slackUserId);
        slack.intercept(async (call, phase, token) => {
          if (killed || token !== a.token || call.method !== 'chat.postMessage' || phase !== point.phase) return undefined;
          if (call.args.channel !== slackUserId && call.args.channel !== dm) return undefined;
          killed = true;
          a.app.child.kill('SIGKILL');
          await a.app.exited;
          return phase === 'received' ? 'drop' : undefined;
        });
        await until(async () => (killed ? true : undefined), 45_000);
        expect(await store.getDigestDelivery(subscription.id, localDate)).toMatchObject({ status: 'claimed' });

        await startProcess('b', dir.path);
        const delivery = await until(async () => {
          const row = await store.getDigestDelivery(subscription.id, localDate);
          return row?.status === 'sent' ? row : undefined;
        }, 90_000);
        const digests = slack.messagesIn(dm).filter((message) => message.metadata?.event_type === 'zoom_scheduler_digest');
        expect(digests).toHaveLength(1);
        expect(delivery.messageTs).toBe(digests[0]!.ts);
        await store.disableDigest(TEAM, slackUserId);
        process.stdout.write(`fault injection (${provider}) · digest ${point.step}: 1 kill, taken over, 1 digest, recorded\n`);
      } finally {
        dir.remove();
      }
    });
  }
}

describe('digest crashes on SQLite', () => {
  suiteFor('sqlite', async () => {
    const dir = createTempDir();
    return { url: `file:${path.join(dir.path, 'digest.db')}`, cleanup: async () => dir.remove() };
  });
});

describeWithPostgres('digest crashes on PostgreSQL', () => {
  suiteFor('postgresql', async () => {
    const db = await createTestDatabase('zs_digest_faults');
    return { url: db.url, cleanup: () => db.drop() };
  });
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
