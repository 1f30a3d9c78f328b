/** The load the bench drives at a side: signed Slack requests over loopback HTTP, as Slack sends them. */
import { sendSignedRequest, slashCommandBody } from '../dev/slack-signing';
import { BENCH_CHANNEL, BENCH_USER, type SideServer } from './sides';
import type { StandIns } from './stand-ins';

export interface SideProbe {
  cpuMs: number;
  rssMb: number;
  maxRssMb: number;
  /** Arrival times (epoch ms) of chat.postMessage calls at the side's fake Slack, from the `fromPost`-th on. */
  postTimes: number[];
  /** How many times the side's Zoom mock was asked to refresh a token. */
  refreshes: number;
  /** auth.test calls the side's fake Slack has seen: 1 (at start) for every side. */
  authTests: number;
}

/** A side server with its stand-ins: what the load drives and what it reads back. */
export interface Side {
  info: {
    eventsUrl: string;
    signingSecret: string;
    teamId: string;
    userId: string;
    channelId: string;
    scheduleId: string;
    responseUrl: string;
  };
  probe(fromPost: number): Promise<SideProbe>;
  /** Every access token the side's Zoom mock issued stops working (as after Zoom's hour). */
  expireZoomTokens(): Promise<void>;
  stop(): Promise<void>;
}

export function measuredSide(server: SideServer, standIns: StandIns): Side {
  const { slack, zoom, address } = standIns;
  return {
    info: {
      eventsUrl: server.eventsUrl,
      signingSecret: server.signingSecret,
      teamId: address.teamId,
      userId: BENCH_USER,
      channelId: BENCH_CHANNEL,
      scheduleId: address.scheduleId,
      responseUrl: address.responseUrl,
    },
    probe: async (fromPost) => ({
      ...(await server.probe()),
      postTimes: slack.calls
        .filter((call) => call.method === 'chat.postMessage')
        .slice(fromPost)
        .map((call) => call.receivedAt),
      refreshes: zoom.stats.tokenRequests['refresh_token'] ?? 0,
      authTests: slack.calls.filter((call) => call.method === 'auth.test').length,
    }),
    expireZoomTokens: async () => zoom.expireAccessTokens(),
    stop: async () => {
      await server.stop();
      await standIns.close();
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function command(side: Side, text: string): Promise<number> {
  const { info } = side;
  const request = slashCommandBody({
    teamId: info.teamId,
    userId: info.userId,
    channelId: info.channelId,
    text,
    responseUrl: info.responseUrl,
  });
  const started = performance.now();
  const response = await sendSignedRequest(info.eventsUrl, request, info.signingSecret);
  await response.text();
  if (response.status !== 200) throw new Error(`the ack failed with HTTP ${response.status}`);
  return performance.now() - started;
}

export interface AckResult {
  p50: number;
  p99: number;
  /** The side's CPU time per request, measured in its own process. */
  cpuMsPerRequest: number;
}

/** `requests` `help` commands over `connections` parallel senders; ack latency and the side's CPU per request. */
export async function helpLoad(side: Side, requests: number, connections: number): Promise<AckResult> {
  for (let i = 0; i < Math.min(50, requests); i += 1) await command(side, 'help');
  const before = await side.probe(0);
  const latencies: number[] = [];
  let left = requests;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (left-- > 0) latencies.push(await command(side, 'help'));
    }),
  );
  const after = await side.probe(0);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMsPerRequest: (after.cpuMs - before.cpuMs) / requests };
}

export interface LinkResult {
  /** Links posted per second, from the first command sent to the last post's arrival at Slack. */
  throughput: number;
  /** Command sent → its post at Slack; the i-th send is paired with the i-th post. */
  p99: number;
  totalMs: number;
  refreshes: number;
}

async function waitForPosts(side: Side, fromPost: number, count: number, timeoutMs = 60_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { postTimes } = await side.probe(fromPost);
    if (postTimes.length >= count) return postTimes.slice(0, count);
    if (Date.now() > deadline) throw new Error(`only ${postTimes.length} of ${count} links were posted`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `batch` `link <id>` commands at once (`rounds` times, one after the other); throughput and p99 to the post. */
export async function linkLoad(side: Side, batch: number, rounds = 1): Promise<LinkResult> {
  const { postTimes: earlier, refreshes: refreshesBefore } = await side.probe(0);
  let fromPost = earlier.length;
  const latencies: number[] = [];
  const started = Date.now();
  for (let round = 0; round < rounds; round += 1) {
    const sentAt: number[] = [];
    await Promise.all(
      Array.from({ length: batch }, async () => {
        sentAt.push(Date.now());
        await command(side, `link ${side.info.scheduleId}`);
      }),
    );
    const posts = await waitForPosts(side, fromPost, batch);
    fromPost += batch;
    sentAt.sort((a, b) => a - b);
    posts.sort((a, b) => a - b);
    posts.forEach((postedAt, i) => latencies.push(postedAt - sentAt[i]!));
  }
  const finished = (await side.probe(fromPost - 1)).postTimes[0] ?? Date.now();
  const totalMs = Math.max(1, finished - started);
  const { refreshes } = await side.probe(fromPost);
  return { throughput: (batch * rounds * 1000) / totalMs, p99: percentile(latencies, 99), totalMs, refreshes: refreshes - refreshesBefore };
}
