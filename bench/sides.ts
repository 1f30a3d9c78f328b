/**
 * The servers the bench measures, each reaching its own stand-ins (bench/stand-ins.ts) over loopback:
 *
 * - `bare`: a bare Bolt 5.1 app configured as Bolt documents it (token given, token verification on: one
 *   auth.test at start, none per request) answering the command in its ack. The anchor for `help`.
 * - `minimal`: the smallest Bolt app that does what `link` does: ack, ask Zoom for a single-use link (refreshing
 *   the token once when Zoom says it expired, waiting out Zoom's 429), post it. The anchor for `link`.
 * - `ours`: this app as `npm start` runs it (live mode, so no Zoom mock in its process), one user connected
 *   through Zoom's OAuth pages.
 *
 * A side runs in a process of its own (bench/side-process.ts) so that its CPU time and memory are its own; the
 * smoke test runs sides in the test process, where only the shape of the results is checked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StandInsAddress } from './stand-ins';
import { freePort } from '../dev/free-port';

export type SideKind = 'bare' | 'minimal' | 'ours';

export const BENCH_USER = 'U0ALICE';
/** Where `link` posts: a channel the bot is in. */
export const BENCH_CHANNEL = 'C0SALES';

/** Measured inside the side's own process. */
export interface ProcessProbe {
  cpuMs: number;
  rssMb: number;
  maxRssMb: number;
}

export interface SideServer {
  eventsUrl: string;
  signingSecret: string;
  probe(): Promise<ProcessProbe>;
  stop(): Promise<void>;
}

export function processProbe(): ProcessProbe {
  const cpu = process.cpuUsage();
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMb: process.memoryUsage().rss / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1e3,
  };
}

async function boltSide(kind: 'bare' | 'minimal', at: StandInsAddress): Promise<SideServer> {
  // Required here, not imported: Bolt's entry module brings Socket Mode and undici (about 10 MB resident), which
  // the app never loads over HTTP (src/slack/socket-mode-on-demand.ts) and its side must not carry either.
  const { App } = require('@slack/bolt') as typeof import('@slack/bolt');
  const signingSecret = randomBytes(16).toString('hex');
  const app = new App({
    signingSecret,
    token: at.botToken,
    clientOptions: { slackApiUrl: at.slackApiUrl, retryConfig: { retries: 0 } },
  });
  if (kind === 'bare') {
    app.command('/zoom-schedule', async ({ ack }) => {
      await ack({ response_type: 'ephemeral', text: 'help' });
    });
  } else {
    let accessToken = at.zoomAccessToken;
    let refreshToken = at.zoomRefreshToken;
    let refreshing: Promise<void> | undefined;
    const refresh = async () => {
      const response = await fetch(`${at.zoomOAuthBaseUrl}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${at.zoomClientId}:${at.zoomClientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
      });
      const tokens = (await response.json()) as { access_token: string; refresh_token: string };
      accessToken = tokens.access_token;
      refreshToken = tokens.refresh_token;
    };
    const singleUseLink = async (retried = false): Promise<string> => {
      const used = accessToken;
      const response = await fetch(`${at.zoomApiBaseUrl}/scheduler/schedules/single_use_link`, {
        method: 'POST',
        headers: { authorization: `Bearer ${used}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schedule_id: at.scheduleId }),
      });
      if (response.status === 429) {
        // As any client of Zoom must: wait out the per-second window Zoom names, then ask again.
        await response.text();
        const waitSeconds = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, waitSeconds * 1000)));
        return singleUseLink(retried);
      }
      if (response.status === 401 && !retried) {
        await response.text();
        if (accessToken === used) {
          refreshing ??= refresh().finally(() => (refreshing = undefined));
          await refreshing;
        }
        return singleUseLink(true);
      }
      return ((await response.json()) as { scheduling_url: string }).scheduling_url;
    };
    app.command('/zoom-schedule', async ({ ack, command, client }) => {
      await ack();
      const url = await singleUseLink();
      await client.chat.postMessage({ channel: command.channel_id, text: `Book a time with <@${command.user_id}>: ${url}` });
    });
  }
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret,
    probe: async () => processProbe(),
    stop: async () => {
      await app.stop();
    },
  };
}

async function oursSide(at: StandInsAddress): Promise<SideServer> {
  // Required here, not imported: an anchor's process must not carry this app's modules (a few MB of its RSS).
  const { startApp } = require('../src/app') as typeof import('../src/app');
  const { loadConfig } = require('../src/config') as typeof import('../src/config');
  const { createLogger } = require('../src/logger') as typeof import('../src/logger');
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-ours-'));
  const port = await freePort();
  const signingSecret = randomBytes(16).toString('hex');
  const config = loadConfig({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: `file:${path.join(folder, 'app.db')}`,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: at.botToken,
    SLACK_API_URL: at.slackApiUrl,
    IS_LIVE_SERVER: 'true',
    ZOOM_CLIENT_ID: at.zoomClientId,
    ZOOM_CLIENT_SECRET: at.zoomClientSecret,
    ZOOM_API_BASE_URL: at.zoomApiBaseUrl,
    ZOOM_OAUTH_BASE_URL: at.zoomOAuthBaseUrl,
    LOG_LEVEL: 'silent',
  });
  const app = await startApp({
    config,
    logger: createLogger({ level: 'silent' }),
    host: '127.0.0.1',
    slackClientOptions: { retryConfig: { retries: 0 } },
    digestScheduler: { autoStart: false },
  });
  // Connects the bench user as a person would: Zoom's authorize page, then its redirect to the callback.
  const authorizeUrl = await app.services.zoomAccounts.connectUrl(at.teamId, BENCH_USER);
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = authorize.headers.get('location');
  if (!callback) throw new Error(`the Zoom mock's authorize page did not redirect (HTTP ${authorize.status})`);
  const page = await fetch(callback, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`the OAuth callback answered HTTP ${page.status}`);
  return {
    eventsUrl: `http://127.0.0.1:${app.port}/slack/events`,
    signingSecret,
    probe: async () => processProbe(),
    stop: async () => {
      await app.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function startSide(kind: SideKind, at: StandInsAddress): Promise<SideServer> {
  return kind === 'ours' ? oursSide(at) : boltSide(kind, at);
}
