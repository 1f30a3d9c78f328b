/**
 * The daily digest fan-out: `subscribers` people whose digest is at 09:00 local, in one zone (UTC) or spread
 * over the world's zones, all on one Zoom account (so Zoom's per-account light-call rate, 30/s on Pro, binds),
 * against a fake Slack enforcing one post per second per conversation and a workspace-wide ceiling (300 a minute)
 * and a Zoom mock enforcing 30 requests per second. The stand-ins run here; the app runs in a process of its own
 * (bench/digest-app.ts), so its CPU per digest and peak RSS are its own.
 *
 * What is compressed, precisely:
 * - `scale` k multiplies every enforced rate (Zoom's 30/s, Slack's per-channel second and workspace ceiling) by k,
 *   in the stand-ins and in the app's pacing alike, and divides the app's prefetch cap (30 min) by k. Times are
 *   real; the ratio to the minimum the limits allow stays meaningful while the app is not the bottleneck.
 * - The idle time before each due instant's preparation starts is skipped: the app reads an offset clock that
 *   jumps while the scheduler has nothing in hand (see digest-app.ts). From the start of a preparation to the last
 *   post of that due instant, app time is real time. The world run thus goes through a day of zones' 09:00s.
 *
 * Measured per run: delivered, people who got more than one, posts that arrived before the person's 09:00 (app
 * time), and per due instant the time from it to its last post against the least time the enforced limits allow
 * (the workspace ceiling for the posts, plus any Zoom time the cap did not leave room for before the due time);
 * the worst due instant is the run's ratio.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { startFakeSlack, type FakeUser } from '../dev/fake-slack';
import { nextDigestInstant } from '../src/time';
import { startZoomMock } from '../src/zoom/mock';
import type { DigestAppInput, DigestAppReport } from './digest-app';

export type FanOutSpread = 'one-zone' | 'world';

export interface FanOutOptions {
  subscribers: number;
  spread: FanOutSpread;
  /** Every enforced rate × scale, the prefetch cap ÷ scale. */
  scale: number;
  /** The world run's zones, when not all of WORLD_ZONES (the tests' smoke run takes a few). */
  worldZones?: readonly string[];
}

export interface FanOutResult {
  subscribers: number;
  spread: FanOutSpread;
  scale: number;
  /** Distinct due instants (zones with one offset share one). */
  dueInstants: number;
  delivered: number;
  /** People who got more than one digest: must be 0. */
  duplicates: number;
  /** Posts that arrived before the person's local 09:00 (app time): must be 0. */
  earlyPosts: number;
  /** For the worst due instant: from it to its last post, and the least time the enforced limits allow. */
  timeToLastMs: number;
  minimumMs: number;
  /** The worst due instant's time to last ÷ minimum. */
  ratio: number;
  /** The first post after its due instant, worst over due instants. */
  firstPostLateMs: number;
  zoomCalls: number;
  zoomCallsPerDigest: number;
  /** The app's own CPU from the scheduler's start to the last post, per digest. */
  cpuMsPerDigest: number;
  /** The app process's peak RSS (its maxRSS, start-up included; the seeding runs in a process of its own, so not in it). */
  peakRssMb: number;
  /** The stand-ins' and this driver's CPU over the same time, per digest (reported apart). */
  standInsCpuMsPerDigest: number;
  /** App time skipped by the offset clock. */
  skippedMs: number;
  /** From the start of the scheduler to the last post, real time. */
  wallMs: number;
  /** Starting the app and seeding its database with the subscribers, real time (not part of any other figure). */
  seedingMs: number;
}

const ZOOM_PER_SECOND = 30;
/** Slack's workspace-wide post ceiling as the fake enforces it (and the app paces to), per minute, before `scale`. */
export const SLACK_WORKSPACE_PER_MINUTE = 300;
const LOCAL_TIME = '09:00';
const CAP_MS = 30 * 60_000;

/** One zone per distinct offset from UTC−11 to UTC+14, half and quarter hours included. */
export const WORLD_ZONES = [
  'Pacific/Pago_Pago',
  'Pacific/Honolulu',
  'Pacific/Marquesas',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Atlantic/South_Georgia',
  'Atlantic/Azores',
  'UTC',
  'Europe/Paris',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Tehran',
  'Asia/Dubai',
  'Asia/Kabul',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Dhaka',
  'Asia/Yangon',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Australia/Eucla',
  'Asia/Tokyo',
  'Australia/Darwin',
  'Australia/Brisbane',
  'Australia/Adelaide',
  'Australia/Sydney',
  'Pacific/Noumea',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Pacific/Tongatapu',
  'Pacific/Kiritimati',
];

export async function digestFanOut(options: FanOutOptions): Promise<FanOutResult> {
  const { subscribers, spread, scale } = options;
  const zones = spread === 'world' ? (options.worldZones ?? WORLD_ZONES) : ['UTC'];
  const people: Array<FakeUser & { zone: string }> = Array.from({ length: subscribers }, (_, i) => {
    const zone = zones[i % zones.length]!;
    return { id: `U0SUB${String(i).padStart(6, '0')}`, name: `subscriber${i}`, tz: zone, zone };
  });
  const slack = await startFakeSlack({ users: people });
  const zoom = await startZoomMock({ host: '127.0.0.1', profile: 'spec', rateLimit: { perSecond: ZOOM_PER_SECOND * scale } });
  slack.enforcePostRate({ burst: scale, workspacePerMinute: SLACK_WORKSPACE_PER_MINUTE * scale });
  const grant = zoom.issueTokensFor(zoom.defaultUser.id);

  // The app's day starts now; every person's next 09:00 lies beyond the first prefetch window.
  const startAtMs = Date.now();
  const dueOf = new Map<string, number>();
  const dueByZone = new Map(
    zones.map((zone) => [zone, nextDigestInstant({ nowMs: startAtMs + CAP_MS / scale + 5_000, zone, time: LOCAL_TIME })]),
  );
  for (const person of people) dueOf.set(person.id, dueByZone.get(person.zone)!);
  const lastDueMs = Math.max(...dueByZone.values());

  // Compiled: run from dist/ by `npm run bench`, or from the sources by the tests (whose setup compiles dist/).
  const appScript = __filename.endsWith('.ts')
    ? path.join(__dirname, '..', 'dist', 'bench', 'digest-app.js')
    : path.join(__dirname, 'digest-app.js');
  // DIGEST_BENCH_PROF=<folder> writes the app process's CPU profile there, to see where its time goes.
  const profile = process.env.DIGEST_BENCH_PROF;
  // DIGEST_BENCH_APP_FLAGS="--max-old-space-size=… …": V8 flags for the app process alone (what a deployment may set).
  const appFlags = (process.env.DIGEST_BENCH_APP_FLAGS ?? '').split(' ').filter(Boolean);
  const execArgv = [...appFlags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])];
  const child = fork(appScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const messages: Array<Record<string, unknown>> = [];
  let notify: (() => void) | undefined;
  child.on('message', (message: Record<string, unknown>) => {
    messages.push(message);
    notify?.();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = async (key: string): Promise<unknown> => {
    for (;;) {
      const found = messages.find((m) => key in m);
      if (found) return found[key];
      const code = await Promise.race([new Promise<'message'>((resolve) => (notify = () => resolve('message'))), exited]);
      if (code !== 'message') throw new Error(`the digest app exited (${code}) before "${key}"`);
    }
  };
  try {
    const input: DigestAppInput = {
      slackApiUrl: slack.apiUrl,
      botToken: slack.botToken,
      teamId: slack.teamId,
      zoomApiBaseUrl: zoom.apiBaseUrl,
      zoomOAuthBaseUrl: zoom.oauthBaseUrl,
      zoomClientId: zoom.clientId,
      zoomClientSecret: zoom.clientSecret,
      zoomUserId: zoom.defaultUser.id,
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token,
      scopes: grant.scope.split(' '),
      subscribers: people.map((p) => ({ slackUserId: p.id, zone: p.zone })),
      localTime: LOCAL_TIME,
      startAtMs,
      scale,
      zoomPerSecond: ZOOM_PER_SECOND,
      slackWorkspacePerMinute: SLACK_WORKSPACE_PER_MINUTE,
      noJumpsAfterMs: lastDueMs + 1,
    };
    const seedingStart = Date.now();
    child.send({ op: 'init', input });
    await next('seeded');
    const seedingMs = Date.now() - seedingStart;

    const callsBefore = slack.calls.length;
    const zoomBefore = zoom.stats.requests.length;
    const ownCpuBefore = process.cpuUsage();
    const wallStart = Date.now();
    child.send({ op: 'start' });
    const okPosts = () => slack.calls.slice(callsBefore).filter((call) => call.method === 'chat.postMessage' && call.status === undefined);
    // Generous: the posts alone need subscribers ÷ the workspace rate; the preparation of the last zone is added.
    const postsMs = (subscribers / ((SLACK_WORKSPACE_PER_MINUTE * scale) / 60)) * 1000;
    const deadline = wallStart + 3 * postsMs + (zones.length * CAP_MS) / scale + 120_000;
    let seen = 0;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const count = slack.calls.length;
      if (count === seen) continue;
      seen = count;
      if (new Set(okPosts().map((call) => String(call.args.channel))).size >= subscribers) break;
    }
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const wallMs = Date.now() - wallStart;
    child.send({ op: 'stop' });
    const report = (await next('report')) as DigestAppReport;

    const appTime = (realMs: number) => {
      let offset = report.offsets[0]!.offsetMs;
      for (const jump of report.offsets) if (jump.realAtMs <= realMs) offset = jump.offsetMs;
      return realMs + offset;
    };
    const posts = okPosts();
    const perPerson = new Map<string, number>();
    let earlyPosts = 0;
    const byDue = new Map<number, { first: number; last: number; count: number }>();
    for (const post of posts) {
      const person = String(post.args.channel);
      perPerson.set(person, (perPerson.get(person) ?? 0) + 1);
      const due = dueOf.get(person);
      if (due === undefined) continue;
      const at = appTime(post.receivedAt);
      if (at < due) earlyPosts += 1;
      const batch = byDue.get(due) ?? { first: at, last: at, count: 0 };
      batch.first = Math.min(batch.first, at);
      batch.last = Math.max(batch.last, at);
      batch.count += 1;
      byDue.set(due, batch);
    }
    const zoomCalls = zoom.stats.requests.slice(zoomBefore).filter((r) => r.status !== 429).length;
    const callsPerDigest = zoomCalls / Math.max(1, posts.length);
    const workspacePerMs = (SLACK_WORKSPACE_PER_MINUTE * scale) / 60_000;
    const workspaceBurst = Math.max(1, Math.round((SLACK_WORKSPACE_PER_MINUTE * scale) / 30));
    let worst = { ratio: 0, timeToLastMs: 0, minimumMs: 0 };
    let firstPostLateMs = 0;
    for (const [due, batch] of byDue) {
      const postsMinMs = Math.max(0, batch.count - workspaceBurst) / workspacePerMs;
      const zoomMs = ((batch.count * callsPerDigest) / (ZOOM_PER_SECOND * scale)) * 1000;
      const minimumMs = Math.max(postsMinMs, zoomMs - CAP_MS / scale, 1);
      const timeToLastMs = batch.last - due;
      const ratio = timeToLastMs / minimumMs;
      if (ratio > worst.ratio) worst = { ratio, timeToLastMs, minimumMs };
      firstPostLateMs = Math.max(firstPostLateMs, batch.first - due);
      if (process.env.DIGEST_BENCH_LOG)
        console.error(`due ${new Date(due).toISOString()}: ${batch.count} posts, first +${batch.first - due} ms, last +${timeToLastMs} ms`);
    }
    const delivered = [...perPerson.keys()].filter((person) => dueOf.has(person)).length;
    return {
      subscribers,
      spread,
      scale,
      dueInstants: new Set(dueByZone.values()).size,
      delivered,
      duplicates: [...perPerson.values()].filter((n) => n > 1).length,
      earlyPosts,
      ...worst,
      firstPostLateMs,
      zoomCalls,
      zoomCallsPerDigest: callsPerDigest,
      cpuMsPerDigest: report.cpuMs / Math.max(1, posts.length),
      peakRssMb: report.peakRssMb,
      standInsCpuMsPerDigest: (ownCpu.user + ownCpu.system) / 1000 / Math.max(1, posts.length),
      skippedMs: report.offsets[report.offsets.length - 1]!.offsetMs - report.offsets[0]!.offsetMs,
      wallMs,
      seedingMs,
    };
  } finally {
    // A profiled app exits by itself once its profile is written.
    if (child.exitCode === null && !profile) child.kill();
    await exited;
    await zoom.close();
    await slack.close();
  }
}

if (require.main === module) {
  const [subscribers = '200', spread = 'one-zone', scale = '10'] = process.argv.slice(2);
  digestFanOut({ subscribers: Number(subscribers), spread: spread as FanOutSpread, scale: Number(scale) }).then(
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
