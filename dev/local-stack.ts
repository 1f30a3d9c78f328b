import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type AppOptions, type RunningApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger, type Logger } from '../src/logger';
import { startZoomMock, type MockProfile, type ZoomMock } from '../src/zoom/mock';
import { startFakeSlack, type FakeSlack, type FakeUser, type FakeChannel, type FakeResponse, type FakeView } from './fake-slack';
import {
  blockActionBody,
  eventCallbackBody,
  sendSignedRequest,
  slashCommandBody,
  viewSubmissionBody,
  type BlockActionInput,
  type BuiltRequest,
} from './slack-signing';
import { freePort } from './free-port';

/**
 * The whole product on loopback: the real app (on an embedded SQLite file in a temporary folder, or a given
 * database), the built-in Zoom mock, and the fake Slack Web API. Requests go in over real HTTP, signed as Slack
 * signs them. Used by the end-to-end tests and by `npm run demo`.
 */

export const DEFAULT_USERS: FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', tz: 'America/New_York' },
  { id: 'U0BOB', name: 'bob', tz: 'Europe/Berlin' },
];

export const DEFAULT_CHANNELS: FakeChannel[] = [
  { id: 'C0GENERAL', name: 'general', isPrivate: false, botIsMember: false },
  { id: 'C0SALES', name: 'sales', isPrivate: false, botIsMember: true },
  { id: 'G0SECRET', name: 'secret-project', isPrivate: true, botIsMember: false },
  { id: 'G0TEAM', name: 'team-private', isPrivate: true, botIsMember: true },
];

export interface LocalStackOptions {
  /** Defaults to a SQLite file in a fresh temporary folder (removed by stop()). */
  databaseUrl?: string;
  users?: FakeUser[];
  channels?: FakeChannel[];
  logger?: Logger;
  /** Extra environment for the app's configuration (e.g. ZOOM_REFRESH_TOKEN). */
  env?: Record<string, string>;
  now?: () => number;
  /**
   * How the fresh Zoom mock behaves: as Zoom's published spec says or as live Zoom was observed to. Default:
   * ZOOM_MOCK_PROFILE, else `spec`.
   */
  zoomProfile?: MockProfile;
  /** A Zoom mock the caller runs and closes (e.g. to restart the app against the same Zoom); default: a fresh one. */
  zoomMock?: ZoomMock;
  /** Sees every database operation of the app (tests count a request's reads). */
  onDatabaseQuery?: AppOptions['onDatabaseQuery'];
  /** Job runner tuning, e.g. short polls and retries for tests that take Slack away and bring it back. */
  jobs?: AppOptions['jobs'];
  /** Digest scheduler settings, e.g. `{ autoStart: false }` for tests that call `runOnce(now)` themselves. */
  digestScheduler?: AppOptions['digestScheduler'];
  /** How long the app's Slack calls wait for an answer (default: no limit), for tests where Slack does not answer. */
  slackTimeoutMs?: number;
}

export interface SentRequest {
  status: number;
  /** The HTTP body the app answered with (the ack: empty, or a view_submission response_action). */
  body: string;
}

export interface LocalStack {
  app: RunningApp;
  slack: FakeSlack;
  zoom: ZoomMock;
  baseUrl: string;
  signingSecret: string;
  teamId: string;
  /** Runs `/zoom-schedule <text>` and resolves with the first answer posted to its response_url. */
  command(userId: string, text: string, options?: { channelId?: string; timeoutMs?: number }): Promise<CommandResult>;
  /** Sends a block_actions payload; its response_url answers are collected as for commands. */
  action(userId: string, input: Omit<BlockActionInput, 'teamId' | 'userId' | 'responseUrl'>): Promise<CommandResult>;
  /** Submits a modal with the given state values; resolves with the ack (e.g. `{response_action:'errors'}`). */
  submitView(
    userId: string,
    view: FakeView,
    values: Record<string, Record<string, Record<string, unknown>>>,
  ): Promise<Record<string, unknown> | undefined>;
  event(event: Record<string, unknown>): Promise<SentRequest>;
  send(request: BuiltRequest, timestamp?: number): Promise<SentRequest>;
  /** Completes Zoom OAuth for a Slack user as a browser would: follows the connect button to the callback page. */
  connectZoom(userId: string, options?: { zoomUserId?: string }): Promise<{ status: number; html: string }>;
  /** Polls until `probe` returns a value (not undefined/false), or fails after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export interface CommandResult {
  request: SentRequest;
  responseId: string;
  /** Every answer posted to the response_url so far. */
  responses(): FakeResponse[];
  /** The answer in the ack body if there is one (help, argument errors), else the first response_url answer; waits for it. */
  reply: FakeResponse;
  /** Whether `reply` came in the ack body rather than by response_url. */
  inAck: boolean;
}

async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The `url` of the first button in a message's blocks whose action_id matches. */
export function buttonUrl(blocks: unknown, actionId: string): string | undefined {
  // A walk rather than a regex over the JSON: the button's nested `text` object sits between its id and url.
  if (Array.isArray(blocks)) {
    for (const item of blocks) {
      const url = buttonUrl(item, actionId);
      if (url !== undefined) return url;
    }
    return undefined;
  }
  if (typeof blocks !== 'object' || blocks === null) return undefined;
  const node = blocks as Record<string, unknown>;
  if (node.action_id === actionId && typeof node.url === 'string') return node.url;
  return buttonUrl(Object.values(node), actionId);
}

/** `ZOOM_MOCK_PROFILE=live npx jest …` runs any end-to-end suite against the live-like mock. */
function profileFromEnvironment(): MockProfile {
  return process.env.ZOOM_MOCK_PROFILE?.trim().toLowerCase() === 'live' ? 'live' : 'spec';
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const folder = options.databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), 'zoom-scheduler-'));
  const databaseUrl = options.databaseUrl ?? `file:${path.join(folder!, 'app.db')}`;
  const signingSecret = randomBytes(16).toString('hex');
  const logger = options.logger ?? createLogger({ level: 'silent' });

  const slack = await startFakeSlack({
    users: options.users ?? DEFAULT_USERS,
    channels: options.channels ?? DEFAULT_CHANNELS,
    ...(options.now ? { now: options.now } : {}),
  });
  const zoom =
    options.zoomMock ??
    (await startZoomMock({
      host: '127.0.0.1',
      profile: options.zoomProfile ?? profileFromEnvironment(),
      ...(options.now ? { now: options.now } : {}),
    }));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    DATABASE_URL: databaseUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    IS_LIVE_SERVER: 'false',
    ZOOM_WEBHOOK_SECRET_TOKEN: randomBytes(16).toString('hex'),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const app = await startApp({
    config,
    logger,
    host: '127.0.0.1',
    zoomMock: zoom,
    // The app's own Slack client policy (one try, no WebClient retries), with a shorter timeout where a test asks.
    ...(options.slackTimeoutMs ? { slackClientOptions: { timeout: options.slackTimeoutMs } } : {}),
    zoomRetry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 200 },
    ...(options.digestScheduler ? { digestScheduler: options.digestScheduler } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.onDatabaseQuery ? { onDatabaseQuery: options.onDatabaseQuery } : {}),
    ...(options.now ? { now: options.now } : {}),
  });

  const teamId = slack.teamId;
  const eventsUrl = `${baseUrl}/slack/events`;

  const send = async (request: BuiltRequest, timestamp?: number): Promise<SentRequest> => {
    const response = await sendSignedRequest(eventsUrl, request, signingSecret, timestamp);
    return { status: response.status, body: await response.text() };
  };

  const collect = async (request: BuiltRequest, responseId: string, timeoutMs?: number): Promise<CommandResult> => {
    const sent = await send(request);
    const responses = () => slack.responses.filter((r) => r.id === responseId);
    const inAck = sent.status === 200 && sent.body !== '';
    const reply = inAck
      ? { id: responseId, body: JSON.parse(sent.body) as Record<string, unknown> }
      : sent.status === 200
        ? await waitFor(() => responses()[0], `a reply to ${responseId}`, timeoutMs)
        : undefined;
    return { request: sent, responseId, responses, reply: reply!, inAck };
  };

  const command: LocalStack['command'] = (userId, text, commandOptions = {}) => {
    const responseId = `cmd-${randomUUID()}`;
    const request = slashCommandBody({
      teamId,
      userId,
      text,
      responseUrl: slack.responseUrl(responseId),
      channelId: commandOptions.channelId ?? 'C0GENERAL',
    });
    return collect(request, responseId, commandOptions.timeoutMs);
  };

  return {
    app,
    slack,
    zoom,
    baseUrl,
    signingSecret,
    teamId,
    command,
    action: (userId, input) => {
      const responseId = `act-${randomUUID()}`;
      return collect(blockActionBody({ ...input, teamId, userId, responseUrl: slack.responseUrl(responseId) }), responseId);
    },
    submitView: async (userId, view, values) => {
      const sent = await send(viewSubmissionBody({ teamId, userId, view: { ...view.view, id: view.id, hash: view.hash }, values }));
      if (sent.status !== 200) throw new Error(`view submission answered HTTP ${sent.status}`);
      return sent.body === '' ? undefined : (JSON.parse(sent.body) as Record<string, unknown>);
    },
    event: (event) => send(eventCallbackBody({ teamId, event })),
    send,
    connectZoom: async (userId, connectOptions = {}) => {
      if (connectOptions.zoomUserId) zoom.setAuthorizingUser(connectOptions.zoomUserId);
      const result = await command(userId, 'connect');
      const authorizeUrl = buttonUrl(result.reply.body.blocks, 'connect_zoom');
      if (!authorizeUrl) throw new Error('the connect answer has no Connect Zoom button');
      const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
      const callback = authorize.headers.get('location');
      if (!callback) throw new Error(`Zoom's authorize page did not redirect (HTTP ${authorize.status})`);
      const page = await fetch(callback, { redirect: 'manual' });
      return { status: page.status, html: await page.text() };
    },
    waitFor,
    stop: async () => {
      await app.stop();
      if (!options.zoomMock) await zoom.close();
      await slack.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}
