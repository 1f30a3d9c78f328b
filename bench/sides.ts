/**
 * The servers the bench measures, each with the same stand-ins (fake Slack and Zoom mock in its own process):
 *
 * - `bare`: a bare Bolt 5.1 app configured as Bolt documents it (token given, token verification on: one
 *   auth.test at start, none per request) answering the command in its ack. The anchor for `help`.
 * - `minimal`: the smallest Bolt app that does what `link` does: ack, ask Zoom for a single-use link, post it.
 *   The anchor for `link`.
 * - `ours`: this app, started as the tests and the demo start it (dev/local-stack), one user connected.
 *
 * A side runs in a process of its own (bench/side-process.ts) so that its CPU time and memory are its own; the
 * smoke test runs sides in the test process, where only the shape of the results is checked.
 */
import { App } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSlack, type FakeSlack } from '../dev/fake-slack';
import { DEFAULT_CHANNELS, DEFAULT_USERS, startLocalStack } from '../dev/local-stack';
import { startZoomMock, type ZoomMock } from '../src/zoom/mock';

export type SideKind = 'bare' | 'minimal' | 'ours';

export interface SideInfo {
  eventsUrl: string;
  signingSecret: string;
  teamId: string;
  userId: string;
  /** Where `link` posts: a channel the bot is in. */
  channelId: string;
  scheduleId: string;
  /** A response_url on the side's fake Slack. */
  responseUrl: string;
}

export interface SideProbe {
  cpuMs: number;
  rssMb: number;
  maxRssMb: number;
  /** Arrival times (epoch ms) of chat.postMessage calls at the fake Slack, from the `from`-th on. */
  postTimes: number[];
  /** How many times the Zoom mock was asked to refresh a token. */
  refreshes: number;
  /** auth.test calls the fake Slack has seen: 1 (at start) for every side. */
  authTests: number;
}

export interface Side {
  info: SideInfo;
  probe(fromPost: number): Promise<SideProbe>;
  /** Every access token the Zoom mock issued stops working (as after Zoom's hour): the next call must refresh. */
  expireZoomTokens(): Promise<void>;
  stop(): Promise<void>;
}

const BENCH_USER = 'U0ALICE';
const BENCH_CHANNEL = 'C0SALES';

function probeOf(slack: FakeSlack, zoom: ZoomMock, fromPost: number): SideProbe {
  const cpu = process.cpuUsage();
  const posts = slack.calls.filter((call) => call.method === 'chat.postMessage');
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMb: process.memoryUsage().rss / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1e3,
    postTimes: posts.slice(fromPost).map((call) => call.receivedAt),
    refreshes: zoom.stats.tokenRequests['refresh_token'] ?? 0,
    authTests: slack.calls.filter((call) => call.method === 'auth.test').length,
  };
}

async function oneScheduleOf(zoom: ZoomMock, accessToken: string): Promise<string> {
  const response = await fetch(`${zoom.apiBaseUrl}/scheduler/schedules?page_size=1`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const page = (await response.json()) as { items: Array<{ schedule_id: string }> };
  return page.items[0]!.schedule_id;
}

/** `bare` and `minimal`: a Bolt app on its own fake Slack and Zoom mock. */
async function boltSide(kind: 'bare' | 'minimal'): Promise<Side> {
  const signingSecret = randomBytes(16).toString('hex');
  // The same workspace and Zoom account as ours gets from the local stack.
  const slack = await startFakeSlack({ users: DEFAULT_USERS, channels: DEFAULT_CHANNELS });
  const zoom = await startZoomMock({ host: '127.0.0.1', profile: 'spec' });
  let accessToken = zoom.issueTokensFor(zoom.defaultUser.id).access_token;
  const scheduleId = await oneScheduleOf(zoom, accessToken);
  const app = new App({
    signingSecret,
    token: slack.botToken,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
  });
  if (kind === 'bare') {
    app.command('/zoom-schedule', async ({ ack }) => {
      await ack({ response_type: 'ephemeral', text: 'help' });
    });
  } else {
    // The minimal `link`: ack, one Zoom call (refreshing once when Zoom says the token expired), one post.
    let refreshing: Promise<void> | undefined;
    const singleUseLink = async (retried = false): Promise<string> => {
      const response = await fetch(`${zoom.apiBaseUrl}/scheduler/schedules/single_use_link`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schedule_id: scheduleId }),
      });
      if (response.status === 401 && !retried) {
        await response.text();
        refreshing ??= (async () => {
          accessToken = zoom.issueTokensFor(zoom.defaultUser.id).access_token;
        })().finally(() => (refreshing = undefined));
        await refreshing;
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
    info: {
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret,
      teamId: slack.teamId,
      userId: BENCH_USER,
      channelId: BENCH_CHANNEL,
      scheduleId,
      responseUrl: slack.responseUrl('bench'),
    },
    probe: async (fromPost) => probeOf(slack, zoom, fromPost),
    expireZoomTokens: async () => zoom.expireAccessTokens(),
    stop: async () => {
      await app.stop();
      await zoom.close();
      await slack.close();
    },
  };
}

async function oursSide(): Promise<Side> {
  const stack = await startLocalStack({ digestScheduler: { autoStart: false } });
  await stack.connectZoom(BENCH_USER);
  const [schedule] = await stack.app.services.schedules.list(stack.teamId, BENCH_USER);
  return {
    info: {
      eventsUrl: `${stack.baseUrl}/slack/events`,
      signingSecret: stack.signingSecret,
      teamId: stack.teamId,
      userId: BENCH_USER,
      channelId: BENCH_CHANNEL,
      scheduleId: schedule!.id,
      responseUrl: stack.slack.responseUrl('bench'),
    },
    probe: async (fromPost) => probeOf(stack.slack, stack.zoom, fromPost),
    expireZoomTokens: async () => stack.zoom.expireAccessTokens(),
    stop: () => stack.stop(),
  };
}

export function startSide(kind: SideKind): Promise<Side> {
  return kind === 'ours' ? oursSide() : boltSide(kind);
}
