/**
 * The floor under "digest CPU per digest": a minimal Node program doing only the I/O one digest cannot do without,
 * against the same stand-ins as the fan-out run (bench/digest-fanout.ts), so the app's figure can be read against
 * the unavoidable part of it. Per digest: the three Zoom GETs the app's digest makes (analytics for yesterday and
 * for the last 7 days, one page of the week's events; src/core/digest-content.ts) with node:http on a keep-alive
 * agent, as the Zoom transport sends them (global fetch costs about three times its CPU per call), one chat.postMessage of a
 * digest-sized message through @slack/web-api's WebClient, and the two store statements that make it exactly-once
 * (claimDigestWithLease, markDigestSent) through the app's own store on a SQLite file.
 *
 * The stand-ins run here, the loop in a process of its own (this file, forked), so the CPU measured is the loop's
 * alone. Rate limits are off in both stand-ins: this measures CPU, not time. `parts` runs a subset, to split the
 * floor into Zoom, Slack and store.
 */
import { fork } from 'node:child_process';
import { Agent, get } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { startFakeSlack } from '../dev/fake-slack';
import type { DigestData } from '../src/core/model';
import { mapWithConcurrency } from '../src/lib/pacer';
import { digestMessage } from '../src/slack/blocks';
import { applyMigrations, createStore } from '../src/store';
import { dayRange, lastNDays, localDate } from '../src/time';
import { ZOOM_MAX_PAGE_SIZE } from '../src/zoom';
import { startZoomMock } from '../src/zoom/mock';

export const FLOOR_PARTS = ['zoom', 'slack', 'store'] as const;
export type FloorPart = (typeof FLOOR_PARTS)[number];

export interface FloorOptions {
  digests: number;
  concurrency: number;
  parts?: readonly FloorPart[];
  /**
   * Paced as the fan-out posts: `perSecond` digests a second, started in groups every `groupMs` (the app's
   * releaseEveryMs), each group all at once; `concurrency` is then unused. Without it, back to back.
   */
  pace?: FloorPace;
}

export interface FloorPace {
  perSecond: number;
  groupMs: number;
}

export interface FloorResult {
  digests: number;
  concurrency: number;
  parts: FloorPart[];
  pace?: FloorPace;
  /** The loop's own CPU (user + system) over the measured digests, per digest. */
  cpuMsPerDigest: number;
  wallMs: number;
  /** As the stand-ins saw them, measured digests only. */
  zoomRequests: number;
  slackPosts: number;
  /** Claims the file holds as sent after the loop, read back through the store. */
  claimsSent: number;
  /** The chat.postMessage body's JSON size. */
  messageBytes: number;
}

interface ChildInput {
  digests: number;
  concurrency: number;
  parts: FloorPart[];
  zoomApiBaseUrl: string;
  accessToken: string;
  slackApiUrl: string;
  botToken: string;
  teamId: string;
  people: string[];
  warmup: number;
  pace?: FloorPace;
}

interface ChildReport {
  cpuMs: number;
  wallMs: number;
  claimsSent: number;
  messageBytes: number;
}

const ZONE = 'UTC';
const LEASE_MS = 10 * 60_000;
// Not measured: lets V8 compile the loop's paths first, so the floor is the steady state (a lower, safer floor).
const WARMUP = 32;

/** A busy day's digest: both periods active, a week of bookings, a popular schedule, a few upcoming meetings. */
function representativeDigest(nowMs: number): DigestData {
  const counts = (n: number) => ({ created: n, completed: n - 1, canceled: 1, rescheduled: 1 });
  const upcomingToday = Array.from({ length: 6 }, (_, i) => ({
    eventId: `evt${i}`,
    title: `Intro call with a prospect number ${i}`,
    start: new Date(nowMs + (i + 1) * 3_600_000),
    end: new Date(nowMs + (i + 1) * 3_600_000 + 1_800_000),
    invitee: { name: `Invitee Person ${i}`, email: `invitee${i}@example.com` },
    where: 'Zoom meeting',
  }));
  const week = lastNDays(nowMs, ZONE, 7);
  return {
    localDate: localDate(nowMs, ZONE),
    timeZone: ZONE,
    yesterday: { current: counts(4), previous: counts(3) },
    lastSevenDays: { current: counts(23), previous: counts(19) },
    upcomingToday,
    popularSchedule: { title: '30-minute intro call', bookings: 12 },
    bookingsPerDay: Array.from({ length: 7 }, (_, i) => ({ date: localDate(week.startMs + i * 86_400_000, ZONE), count: (i * 3) % 7 })),
    noShows: { noShows: 2, attendees: 21 },
  };
}

/** mapWithConcurrency settles every item; a floor where some digest failed would be a floor of less work. */
async function all<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const settled = await mapWithConcurrency(items, limit, fn);
  return settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
}

/** Starts the digests in groups, `pace.groupMs` apart, so many that `pace.perSecond` start a second. */
async function paced<T>(items: readonly T[], pace: FloorPace, fn: (item: T) => Promise<void>): Promise<void> {
  const perGroup = Math.max(1, Math.round((pace.perSecond * pace.groupMs) / 1000));
  const startedAt = Date.now();
  const groups: Promise<void[]>[] = [];
  for (let first = 0, group = 0; first < items.length; first += perGroup, group++) {
    const wait = startedAt + group * pace.groupMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    groups.push(Promise.all(items.slice(first, first + perGroup).map(fn)));
  }
  await Promise.all(groups);
}

async function runChild(input: ChildInput): Promise<ChildReport> {
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-floor-'));
  const databaseUrl = `file:${path.join(folder, 'floor.db')}`;
  const has = (part: FloorPart) => input.parts.includes(part);
  await applyMigrations(databaseUrl);
  const store = createStore({ databaseUrl, encryptionKey: randomBytes(32).toString('base64') });
  try {
    const subscriptions = await all(input.people, 8, (slackUserId) =>
      store.upsertDigestSubscription({ teamId: input.teamId, slackUserId, localTime: '09:00', timeZone: ZONE, channelId: null }),
    );
    const nowMs = Date.now();
    const day = localDate(nowMs, ZONE);
    // The query strings the app's digest sends (src/core/digest-content.ts, src/core/analytics.ts).
    const yesterday = lastNDays(nowMs, ZONE, 1);
    const week = lastNDays(nowMs, ZONE, 7);
    const today = dayRange(day, ZONE);
    const api = input.zoomApiBaseUrl;
    const urls = [
      `${api}/scheduler/analytics?${new URLSearchParams({ from: yesterday.from, to: yesterday.to, time_zone: ZONE })}`,
      `${api}/scheduler/analytics?${new URLSearchParams({ from: week.from, to: week.to, time_zone: ZONE })}`,
      `${api}/scheduler/events?${new URLSearchParams({ from: week.from, to: today.to, time_zone: ZONE, page_size: String(ZOOM_MAX_PAGE_SIZE) })}`,
    ];
    const headers = { authorization: `Bearer ${input.accessToken}` };
    const agent = new Agent({ keepAlive: true });
    const message = digestMessage(representativeDigest(nowMs));
    const slack = new WebClient(input.botToken, { slackApiUrl: input.slackApiUrl });

    const digest = async (index: number) => {
      const subscription = subscriptions[index]!;
      const claim = has('store') ? await store.claimDigestWithLease(subscription.id, day, LEASE_MS) : null;
      if (has('store') && !claim) throw new Error('a fresh subscription could not be claimed');
      if (has('zoom')) {
        await Promise.all(
          urls.map(async (url) => {
            const body = await new Promise<string>((resolve, reject) => {
              get(url, { headers, agent }, (response) => {
                if (response.statusCode !== 200) reject(new Error(`Zoom mock answered ${response.statusCode}`));
                let text = '';
                response.setEncoding('utf8');
                response.on('data', (chunk: string) => (text += chunk));
                response.on('end', () => resolve(text));
              }).on('error', reject);
            });
            JSON.parse(body);
          }),
        );
      }
      let posted = { channel: subscription.slackUserId, ts: '0.000000' };
      if (has('slack')) {
        const result = await slack.chat.postMessage({ channel: subscription.slackUserId, ...message });
        posted = { channel: String(result.channel), ts: String(result.ts) };
      }
      if (has('store')) await store.markDigestSent(subscription.id, day, posted);
    };

    const indexes = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    await all(indexes(0, input.warmup), input.concurrency, digest);
    process.send!({ warmedUp: true });
    await new Promise((resolve) => process.once('message', resolve));
    const cpuBefore = process.cpuUsage();
    const wallStart = Date.now();
    const measured = indexes(input.warmup, input.digests);
    if (input.pace) await paced(measured, input.pace, digest);
    else await all(measured, input.concurrency, digest);
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = Date.now() - wallStart;

    let claimsSent = 0;
    for (const subscription of subscriptions.slice(input.warmup)) {
      if ((await store.getDigestDelivery(subscription.id, day))?.status === 'sent') claimsSent += 1;
    }
    const messageBytes = Buffer.byteLength(JSON.stringify({ channel: input.people[0], ...message }));
    return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, claimsSent, messageBytes };
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function digestFloor(options: FloorOptions): Promise<FloorResult> {
  const parts = [...(options.parts ?? FLOOR_PARTS)];
  const total = WARMUP + options.digests;
  const people = Array.from({ length: total }, (_, i) => `U0FLR${String(i).padStart(6, '0')}`);
  const slack = await startFakeSlack({ users: people.map((id, i) => ({ id, name: `floor${i}`, tz: ZONE })) });
  const zoom = await startZoomMock({ host: '127.0.0.1', profile: 'spec' });
  // Compiled: run from dist/ by `npm run bench`, or from the sources by the tests (whose setup compiles dist/).
  const script = __filename.endsWith('.ts') ? path.join(__dirname, '..', 'dist', 'bench', 'digest-floor.js') : __filename;
  // DIGEST_FLOOR_PROF=<folder> writes the loop process's CPU profile there, to compare with the app's (DIGEST_BENCH_PROF).
  const profile = process.env.DIGEST_FLOOR_PROF;
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const child = fork(script, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let reported = false;
  try {
    const grant = zoom.issueTokensFor(zoom.defaultUser.id);
    const input: ChildInput = {
      digests: options.digests,
      concurrency: options.concurrency,
      parts,
      zoomApiBaseUrl: zoom.apiBaseUrl,
      accessToken: grant.access_token,
      slackApiUrl: slack.apiUrl,
      botToken: slack.botToken,
      teamId: slack.teamId,
      people,
      warmup: WARMUP,
      ...(options.pace ? { pace: options.pace } : {}),
    };
    const reply = (key: string) =>
      Promise.race([
        new Promise<unknown>((resolve) => {
          const onMessage = (message: Record<string, unknown>) => {
            if (!(key in message)) return;
            child.off('message', onMessage);
            resolve(message[key]);
          };
          child.on('message', onMessage);
        }),
        exited.then((code) => Promise.reject(new Error(`the digest floor exited (${code}) before "${key}"`))),
      ]);
    const warmedUp = reply('warmedUp');
    child.send(input);
    await warmedUp;
    const postsBefore = slack.calls.length;
    const zoomBefore = zoom.stats.requests.length;
    const done = reply('report');
    child.send({ go: true });
    const report = (await done) as ChildReport;
    reported = true;
    reported = true;
    const slackPosts = slack.calls
      .slice(postsBefore)
      .filter((call) => call.method === 'chat.postMessage' && call.status === undefined).length;
    const zoomRequests = zoom.stats.requests.slice(zoomBefore).filter((r) => r.status === 200).length;
    return {
      digests: options.digests,
      concurrency: options.concurrency,
      parts,
      ...(options.pace ? { pace: options.pace } : {}),
      cpuMsPerDigest: report.cpuMs / options.digests,
      wallMs: report.wallMs,
      zoomRequests,
      slackPosts,
      claimsSent: report.claimsSent,
      messageBytes: report.messageBytes,
    };
  } finally {
    // A profiled child writes its profile as it exits on its own (after the report), so it is not killed then.
    if (child.exitCode === null && !(profile && reported)) child.kill();
    await exited;
    await zoom.close();
    await slack.close();
  }
}

if (require.main === module && process.argv.includes('--child')) {
  process.once('message', (input: ChildInput) => {
    runChild(input).then(
      (report) => process.send!({ report }, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
} else if (require.main === module) {
  // `node dist/bench/digest-floor.js [digests] [concurrency] [parts, comma-separated] [paced: perSecond/groupMs]`
  const [digests = '500', concurrency = '16', parts = FLOOR_PARTS.join(','), pacedAs] = process.argv.slice(2);
  const [perSecond, groupMs] = (pacedAs ?? '').split('/').map(Number);
  digestFloor({
    digests: Number(digests),
    concurrency: Number(concurrency),
    parts: parts.split(',') as FloorPart[],
    ...(perSecond && groupMs ? { pace: { perSecond, groupMs } } : {}),
  }).then(
    (result) => {
      console.log(JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
