import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSlack, type FakeSlack } from '../../dev/fake-slack';
import { sendSignedRequest, slashCommandBody } from '../../dev/slack-signing';
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import type { AppProcess } from '../support/app-process';
import { describeOnBothDatabases, newSlackUserId, until, type CrashDatabase } from '../support/crash-harness';
import { createTempDir } from '../support/temp-dir';

/**
 * The one window no client can close: Zoom has answered a refresh (rotating the refresh token) and the process
 * dies before writing the new tokens. Driven from outside: a proxy in front of the Zoom mock's OAuth endpoint
 * relays the refresh to the mock, then SIGKILLs the app instead of passing the answer on. The next process finds
 * the stored refresh token spent (invalid_grant): the connection must be marked for reconnecting and the user
 * told so in one sentence, never silence.
 */

jest.setTimeout(120_000);

const SIGNING_SECRET = 'refresh-fault-signing-secret';
const TEAM = 'T0FAKETEAM';

let slack: FakeSlack;
let zoom: ZoomMock;
let proxy: Server;
let proxyUrl: string;
let killOnRefresh: (() => Promise<void>) | undefined;
let refreshesAnswered = 0;
let lastStatus = '';

beforeAll(async () => {
  slack = await startFakeSlack();
  zoom = await startZoomMock({ host: '127.0.0.1' });
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const upstream = await fetch(`${zoom.oauthBaseUrl}${req.url}`, {
          method: req.method ?? 'POST',
          headers: Object.fromEntries(
            Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'),
          ),
          ...(body.length > 0 ? { body } : {}),
        });
        const answer = Buffer.from(await upstream.arrayBuffer());
        const isRefresh = new URLSearchParams(body.toString('utf8')).get('grant_type') === 'refresh_token';
        if (isRefresh && upstream.ok) refreshesAnswered += 1;
        if (isRefresh && upstream.ok && killOnRefresh) {
          const kill = killOnRefresh;
          killOnRefresh = undefined;
          await kill();
          res.destroy();
          return;
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(answer);
      })();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await zoom.close();
  await slack.close();
});

describeOnBothDatabases('token refresh crash', (database: CrashDatabase) => {
  const provider = database.provider;

  function startProcess(cwd: string): Promise<{ app: AppProcess; port: number }> {
    return database.startApp(cwd, (port) => ({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_API_URL: slack.apiUrl,
      IS_LIVE_SERVER: 'true',
      ZOOM_CLIENT_ID: zoom.clientId,
      ZOOM_CLIENT_SECRET: zoom.clientSecret,
      ZOOM_API_BASE_URL: zoom.apiBaseUrl,
      ZOOM_OAUTH_BASE_URL: proxyUrl,
      ZOOM_REDIRECT_URI: `http://127.0.0.1:${port}/zoom/oauth/callback`,
      ZOOM_WEBHOOK_SECRET_TOKEN: 'unused-webhook-secret',
    }));
  }

  async function command(port: number, userId: string, text: string): Promise<string> {
    const responseId = randomUUID();
    const request = slashCommandBody({ teamId: TEAM, userId, text, responseUrl: slack.responseUrl(responseId) });
    const response = await sendSignedRequest(`http://127.0.0.1:${port}/slack/events`, request, SIGNING_SECRET).catch(() => undefined);
    lastStatus = response ? `${response.status} ${await response.text()}` : 'no answer';
    return responseId;
  }

  test(`[${provider}] SIGKILL after Zoom answered the refresh, before the new token is written: the user is told to reconnect`, async () => {
    const dir = createTempDir();
    try {
      const slackUserId = newSlackUserId();
      slack.addUser({ id: slackUserId, name: slackUserId.toLowerCase(), tz: 'America/New_York' });
      const zoomUser = zoom.addUser({ timeZone: 'America/New_York' });
      const grant = zoom.issueTokensFor(zoomUser.id);
      await database.store.saveZoomConnection({
        kind: 'user',
        teamId: TEAM,
        slackUserId,
        zoomUserId: zoomUser.id,
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token!,
        // Expired: the first Zoom call refreshes.
        expiresAt: new Date(Date.now() - 60_000),
        scopes: grant.scope.split(' '),
      });

      const a = await startProcess(dir.path);
      const refreshesBefore = refreshesAnswered;
      killOnRefresh = async () => {
        a.app.child.kill('SIGKILL');
        await a.app.exited;
      };
      await command(a.port, slackUserId, 'list');
      await a.app.exited;
      expect(a.app.child.signalCode).toBe('SIGKILL');
      expect(refreshesAnswered).toBe(refreshesBefore + 1);
      // The rotated tokens died with the process; the stored refresh token is the spent one.
      expect((await database.store.getZoomConnection(TEAM, slackUserId))?.needsReconnect).toBe(false);

      const b = await startProcess(dir.path);
      const responseId = await command(b.port, slackUserId, 'list');
      // The answer comes by response_url (the command's reply) or by DM; either way it is one sentence to reconnect.
      const told = await until(async () => {
        const answers = [
          ...slack.responses.filter((response) => response.id === responseId).map((response) => response.body),
          ...slack.messagesIn(slack.dmChannelId(slackUserId)),
        ];
        const text = answers.map((answer) => JSON.stringify(answer)).join('\n');
        return /reconnect|connect your zoom|connect again/i.test(text) ? text : undefined;
        // The dead process still holds the 30-second refresh lease: B waits it out, then refreshes.
      }, 60_000).catch((error: unknown) => {
        throw new Error(
          `${String(error)}; status ${lastStatus}; responses: ${JSON.stringify(slack.responses.filter((r) => r.id === responseId))}; B log: ${b.app.stdout.join('\n')}`,
        );
      });
      expect(told).toMatch(/connect/i);
      const connection = await database.store.getZoomConnection(TEAM, slackUserId);
      expect(connection).toMatchObject({ needsReconnect: true });
      process.stdout.write(
        `fault injection (${provider}): 1 kill after the refresh answer; next process: invalid_grant → needsReconnect, user told to reconnect\n`,
      );
    } finally {
      dir.remove();
    }
  });
});
