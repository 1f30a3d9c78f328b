import { randomUUID } from 'node:crypto';
import { startFakeSlack, type FakeSlack } from '../../dev/fake-slack';
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import type { AppProcess } from '../support/app-process';
import { describeOnBothDatabases, newSlackUserId, until, type CrashDatabase } from '../support/crash-harness';
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
  slack = await startFakeSlack();
  zoom = await startZoomMock({ host: '127.0.0.1' });
});
afterAll(async () => {
  await zoom.close();
  await slack.close();
});

describeOnBothDatabases('digest crashes', (database: CrashDatabase) => {
  const provider = database.provider;
  afterEach(() => slack.intercept(undefined));

  async function startProcess(name: string, cwd: string): Promise<{ app: AppProcess; token: string }> {
    const token = `xoxb-digest-${name}-${randomUUID()}`;
    slack.addBotToken(token);
    const { app } = await database.startApp(cwd, (port) => ({
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
    }));
    return { app, token };
  }

  for (const point of POINTS) {
    test(`[${provider}] SIGKILL ${point.step}: one digest for the day, recorded`, async () => {
      const dir = createTempDir();
      try {
        const slackUserId = newSlackUserId();
        slack.addUser({ id: slackUserId, name: slackUserId.toLowerCase(), tz: 'UTC' });
        const zoomUser = zoom.addUser({ timeZone: 'UTC' });
        const grant = zoom.issueTokensFor(zoomUser.id);
        await database.store.saveZoomConnection({
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
        const subscription = await database.store.upsertDigestSubscription({
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
        expect(await database.store.getDigestDelivery(subscription.id, localDate)).toMatchObject({ status: 'claimed' });

        await startProcess('b', dir.path);
        const delivery = await until(
          async () => {
            const row = await database.store.getDigestDelivery(subscription.id, localDate);
            return row?.status === 'sent' ? row : undefined;
          },
          90_000,
          200,
        );
        const digests = slack.messagesIn(dm).filter((message) => message.metadata?.event_type === 'zoom_scheduler_digest');
        expect(digests).toHaveLength(1);
        expect(delivery.messageTs).toBe(digests[0]!.ts);
        await database.store.disableDigest(TEAM, slackUserId);
        process.stdout.write(`fault injection (${provider}) · digest ${point.step}: 1 kill, taken over, 1 digest, recorded\n`);
      } finally {
        dir.remove();
      }
    });
  }
});
