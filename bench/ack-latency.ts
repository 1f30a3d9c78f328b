/**
 * `npm run bench`: what a Slack user feels — how fast `/zoom-schedule` is acknowledged — and what the app costs
 * in memory, each as a ratio against a bare Bolt app measured in the same run on the same machine.
 *
 * Both apps get the same signed slash commands over loopback HTTP, sequentially then 20 at a time. Both answer
 * in the ack body: the bare app with one line; ours parses, renders and answers `help`. Both learn the bot's
 * identity once at start-up (one auth.test each, checked), so no measured request waits on Slack.
 * Each side runs in a child process of its own, so memory is that process's resident set after the load.
 */
import { App } from '@slack/bolt';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startFakeSlack } from '../dev/fake-slack';
import { startLocalStack } from '../dev/local-stack';
import { sendSignedRequest, slashCommandBody } from '../dev/slack-signing';

const WARMUP = 50;
const SEQUENTIAL = 400;
const CONCURRENT_BATCHES = 20;
const CONCURRENCY = 20;

interface Measurement {
  p50: number;
  p95: number;
  p99: number;
  concurrentP95: number;
  rssMb: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(url: string, secret: string, teamId: string, responseUrl: () => string): Promise<Omit<Measurement, 'rssMb'>> {
  const send = async () => {
    const request = slashCommandBody({ teamId, userId: 'U0BENCH', text: 'help', responseUrl: responseUrl() });
    const started = performance.now();
    const response = await sendSignedRequest(url, request, secret);
    await response.text();
    if (response.status !== 200) throw new Error(`ack failed with HTTP ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARMUP; i++) await send();
  const sequential: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await send());
  const concurrent: number[] = [];
  for (let b = 0; b < CONCURRENT_BATCHES; b++) {
    concurrent.push(...(await Promise.all(Array.from({ length: CONCURRENCY }, send))));
  }
  sequential.sort((a, b) => a - b);
  concurrent.sort((a, b) => a - b);
  return {
    p50: percentile(sequential, 50),
    p95: percentile(sequential, 95),
    p99: percentile(sequential, 99),
    concurrentP95: percentile(concurrent, 95),
  };
}

/** Bolt's start-up auth.test has gone out (the warm-up requests cover its answer). */
async function slackIdentityKnown(calls: ReadonlyArray<{ method: string }>): Promise<void> {
  for (let waited = 0; !calls.some((c) => c.method === 'auth.test'); waited += 10) {
    if (waited > 5000) throw new Error('Bolt made no start-up auth.test');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Like with like: each side learns the bot's identity once, not per request. */
function expectOneAuthTest(calls: ReadonlyArray<{ method: string }>, side: string): void {
  const count = calls.filter((c) => c.method === 'auth.test').length;
  if (count !== 1) throw new Error(`${side} called auth.test ${count} times; expected once, at start-up`);
}

async function bareBolt(): Promise<Measurement> {
  const secret = randomBytes(16).toString('hex');
  // The fake Slack is hosted here too, so both processes carry it.
  const slack = await startFakeSlack();
  // Configured as Bolt documents it: token verification on, so Bolt calls auth.test once (against the fake
  // Slack) and knows the bot's identity from then on; no request waits on auth.test, as in ours.
  const app = new App({
    signingSecret: secret,
    token: slack.botToken,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/zoom-schedule', async ({ ack }) => {
    await ack({ response_type: 'ephemeral', text: 'help' });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  try {
    await slackIdentityKnown(slack.calls);
    const result = await measure(`http://127.0.0.1:${port}/slack/events`, secret, slack.teamId, () => slack.responseUrl(randomUUID()));
    expectOneAuthTest(slack.calls, 'bare Bolt');
    return { ...result, rssMb: process.memoryUsage().rss / 1e6 };
  } finally {
    await app.stop();
    await slack.close();
  }
}

async function ours(): Promise<Measurement> {
  const stack = await startLocalStack();
  try {
    const result = await measure(`${stack.baseUrl}/slack/events`, stack.signingSecret, stack.teamId, () =>
      stack.slack.responseUrl(randomUUID()),
    );
    expectOneAuthTest(stack.slack.calls, 'this app');
    return { ...result, rssMb: process.memoryUsage().rss / 1e6 };
  } finally {
    await stack.stop();
  }
}

function runSide(side: 'bare' | 'ours'): Measurement {
  const output = execFileSync(process.execPath, [__filename, side], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!) as Measurement;
}

async function main(): Promise<void> {
  const side = process.argv[2];
  if (side === 'bare' || side === 'ours') {
    console.log(JSON.stringify(side === 'bare' ? await bareBolt() : await ours()));
    return;
  }
  const baseline = runSide('bare');
  const app = runSide('ours');
  const rows: Array<[string, number, number]> = [
    ['ack latency p50 (ms)', baseline.p50, app.p50],
    ['ack latency p95 (ms)', baseline.p95, app.p95],
    ['ack latency p99 (ms)', baseline.p99, app.p99],
    [`ack latency p95, ${CONCURRENCY} concurrent (ms)`, baseline.concurrentP95, app.concurrentP95],
  ];
  console.log(`Slash-command ack, ${SEQUENTIAL} sequential + ${CONCURRENT_BATCHES}×${CONCURRENCY} concurrent, loopback`);
  console.log('metric'.padEnd(40), 'bare Bolt'.padStart(10), 'this app'.padStart(10), 'ratio'.padStart(8));
  for (const [name, base, ours] of rows) {
    console.log(name.padEnd(40), base.toFixed(2).padStart(10), ours.toFixed(2).padStart(10), `${(ours / base).toFixed(2)}×`.padStart(8));
  }
  console.log(
    'process RSS after load (MB)'.padEnd(40),
    baseline.rssMb.toFixed(1).padStart(10),
    app.rssMb.toFixed(1).padStart(10),
    `${(app.rssMb / baseline.rssMb).toFixed(2)}×`.padStart(8),
  );
  console.log('Both processes also host the fake Slack; ours also hosts the Zoom mock and SQLite.');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
