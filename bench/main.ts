/**
 * `npm run bench`: this app against anchors measured in the same run on the same machine, as ratios.
 *
 * Every side runs in a process of its own (bench/sides.ts); its stand-ins (fake Slack, Zoom mock) and the load
 * run in this process, so a side's CPU and memory are the app's alone. Each round measures anchor and app back to back, alternating which goes first,
 * and a row's ratio is the median of the per-round ratios. A round whose anchor ran more than 30 % slower than
 * the anchor's median, or that ended with a load average above the core count, is flagged as contended (other
 * processes took the CPU); the machine's load average is printed with each round. `--smoke` runs one tiny round (the tests run it so the bench cannot rot).
 *
 * The digest fan-out rows run bench/digest-fanout.ts in a process of their own, which hosts the stand-ins and
 * runs the app in yet another (10 000 people at 09:00 in one zone, 50 000 spread over the world's zones; every
 * enforced rate × `digestScale` and the idle hours skipped, as that file says).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startFakeSlack } from '../dev/fake-slack';
import { coldBare, coldOurs } from './cold-start';
import { SLACK_WORKSPACE_PER_MINUTE, type FanOutResult, type FanOutSpread } from './digest-fanout';
import { FLOOR_PARTS, type FloorResult } from './digest-floor';
import { helpLoad, linkLoad, measuredSide, median, type Side } from './load';
import type { SideKind, SideServer } from './sides';
import { startStandIns, type StandInsAddress } from './stand-ins';

export interface BenchOptions {
  rounds: number;
  helpRequests: number;
  linkBatch: number;
  linkRounds: number;
  expiredBatch: number;
  coldStarts: boolean;
  /** The digest fan-out runs (each in a process of its own); none skips them. */
  digestRuns: Array<{ subscribers: number; spread: FanOutSpread }>;
  /** Every enforced rate × this in the digest runs, the prefetch cap ÷ this. */
  digestScale: number;
  /** Digests per run of the CPU floor (bench/digest-floor.ts), measured when there are digest runs. */
  digestFloorDigests: number;
  startSide(kind: SideKind, standIns: StandInsAddress): Promise<SideServer>;
  log?: (line: string) => void;
  /** `--only help,cold,rss`: the sections to run; all when absent. */
  only?: ReadonlySet<BenchSection>;
}

export const BENCH_SECTIONS = ['help', 'link', 'rss', 'cold', 'digest'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** Parses `--only a,b`; throws on a section name the bench does not have, so a typo is not a silently empty table. */
export function parseOnly(argv: readonly string[]): Set<BenchSection> | undefined {
  const at = argv.indexOf('--only');
  if (at < 0) return undefined;
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(BENCH_SECTIONS as readonly string[]).includes(n));
  if (unknown.length || !names.length) throw new Error(`--only takes a comma-separated list of ${BENCH_SECTIONS.join(', ')}`);
  return new Set(names as BenchSection[]);
}

export interface BenchRow {
  what: string;
  anchor: string;
  /** The median over rounds of app ÷ anchor (for throughput: app ÷ anchor too, higher is better). */
  ratio: number;
  target: string;
  met: boolean;
  detail: string;
}

export const FULL: Omit<BenchOptions, 'startSide'> = {
  rounds: 5,
  helpRequests: 300,
  linkBatch: 20,
  linkRounds: 5,
  expiredBatch: 50,
  coldStarts: true,
  digestRuns: [
    { subscribers: 10_000, spread: 'one-zone' },
    { subscribers: 50_000, spread: 'world' },
  ],
  digestScale: 10,
  digestFloorDigests: 500,
};
export const SMOKE: Omit<BenchOptions, 'startSide'> = {
  rounds: 1,
  helpRequests: 20,
  linkBatch: 4,
  linkRounds: 1,
  expiredBatch: 6,
  coldStarts: false,
  digestRuns: [],
  digestScale: 10,
  digestFloorDigests: 5,
};

interface Sample {
  anchor: number;
  ours: number;
}

/** Resolves just after the next whole second, where the Zoom mock's rate window turns over. */
const windowStart = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));

const FLOOR_RUNS = 3;
const FLOOR_CONCURRENCY = 16;

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export async function runBench(options: BenchOptions): Promise<{ rows: BenchRow[]; contendedRounds: number[] }> {
  const log = options.log ?? (() => undefined);
  const runs = (section: BenchSection) => !options.only || options.only.has(section);
  const start = async (kind: SideKind): Promise<Side> => {
    const standIns = await startStandIns();
    return measuredSide(await options.startSide(kind, standIns.address), standIns);
  };
  const [bare, minimal, ours] = [await start('bare'), await start('minimal'), await start('ours')];
  const samples = new Map<string, Sample[]>();
  const add = (key: string, anchor: number, app: number) => samples.set(key, [...(samples.get(key) ?? []), { anchor, ours: app }]);
  const refreshes: number[] = [];
  const busyRounds: number[] = [];
  const authTests: number[] = [];
  try {
    if (runs('rss')) {
      const idle = { bare: (await bare.probe(0)).rssMb, ours: (await ours.probe(0)).rssMb };
      add('idle rss', idle.bare, idle.ours);
    }
    for (let round = 0; round < (runs('help') || runs('link') ? options.rounds : 0); round += 1) {
      const pairs = <T>(anchorRun: () => Promise<T>, oursRun: () => Promise<T>) =>
        round % 2 === 0 ? sequence(anchorRun, oursRun) : sequence(oursRun, anchorRun).then(([o, a]) => [a, o] as [T, T]);
      for (const connections of runs('help') ? [1, 10] : []) {
        const [a, o] = await pairs(
          () => helpLoad(bare, options.helpRequests, connections),
          () => helpLoad(ours, options.helpRequests, connections),
        );
        add(`help p50 ${connections}`, a.p50, o.p50);
        add(`help p99 ${connections}`, a.p99, o.p99);
        add(`help cpu ${connections}`, a.cpuMsPerRequest, o.cpuMsPerRequest);
      }
      if (runs('link')) {
        // Each side's batches start as a Zoom mock window opens, as the expired-token batches below do: the mock counts
        // per calendar second, so a client that fires and waits out 429s gets up to a window's worth more out of a
        // start late in one, while the app's limiter never puts more than the rate into any second wherever Zoom's
        // windows fall. Unaligned, this ratio read 0.80 and 0.86 in two runs here, 1.00 in an earlier one.
        const [a, o] = await pairs(
          () => windowStart().then(() => linkLoad(minimal, options.linkBatch, options.linkRounds)),
          () => windowStart().then(() => linkLoad(ours, options.linkBatch, options.linkRounds)),
        );
        add('link throughput', a.throughput, o.throughput);
        add('link p99', a.p99, o.p99);
        // Each batch starts as one of the Zoom mock's one-second windows opens: a batch of 50 at 30/s spans two
        // windows or three depending on where in a window it starts, which would otherwise decide the ratio.
        await windowStart();
        const valid = await linkLoad(ours, options.expiredBatch);
        await ours.expireZoomTokens();
        await windowStart();
        const expired = await linkLoad(ours, options.expiredBatch);
        add('expired', valid.totalMs, expired.totalMs);
        refreshes.push(expired.refreshes);
      }
      if (loadavg()[0]! > cpus().length) busyRounds.push(round + 1);
      log(
        `round ${round + 1}: load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} on ${cpus().length} cores`,
      );
    }
    if (runs('link')) add('peak rss', (await minimal.probe(0)).maxRssMb, (await ours.probe(0)).maxRssMb);
    for (const side of [bare, minimal, ours]) authTests.push((await side.probe(0)).authTests);
  } finally {
    await Promise.all([bare.stop(), minimal.stop(), ours.stop()]);
  }

  const anchorMedian = median((samples.get('help p50 1') ?? []).map((s) => s.anchor));
  const contendedRounds = (samples.get('help p50 1') ?? []).flatMap((s, i) =>
    s.anchor > 1.3 * anchorMedian || busyRounds.includes(i + 1) ? [i + 1] : [],
  );
  const ratioOf = (key: string) => median((samples.get(key) ?? []).map((s) => s.ours / s.anchor));
  const values = (key: string) => {
    const list = samples.get(key) ?? [];
    return `${fmt(median(list.map((s) => s.anchor)))} vs ${fmt(median(list.map((s) => s.ours)))}`;
  };
  // A row whose section did not run (`--only`) has no samples and is left out.
  const row = (what: string, key: string, anchor: string, target: string, met: (ratio: number) => boolean, unit: string) => {
    if (!samples.has(key)) return undefined;
    const ratio = ratioOf(key);
    return { what, anchor, ratio, target, met: met(ratio), detail: `${values(key)} ${unit}` };
  };
  const rows: BenchRow[] = [
    row('help ack p50, 1 connection', 'help p50 1', 'bare Bolt', '≤ 1.10×', (r) => r <= 1.1, 'ms'),
    row('help ack p50, 10 connections', 'help p50 10', 'bare Bolt', '≤ 1.10×', (r) => r <= 1.1, 'ms'),
    row('help ack p99, 1 connection', 'help p99 1', 'bare Bolt', '≤ 1.5×', (r) => r <= 1.5, 'ms'),
    row('help ack p99, 10 connections', 'help p99 10', 'bare Bolt', '≤ 1.5×', (r) => r <= 1.5, 'ms'),
    row('help server CPU per request, 1 conn', 'help cpu 1', 'bare Bolt', '≤ 1.10×', (r) => r <= 1.1, 'ms'),
    row('help server CPU per request, 10 conn', 'help cpu 10', 'bare Bolt', '≤ 1.10×', (r) => r <= 1.1, 'ms'),
    row(`link throughput, ${options.linkBatch} concurrent`, 'link throughput', 'minimal Bolt link', '≥ 0.8×', (r) => r >= 0.8, 'links/s'),
    row(`link command → post p99, ${options.linkBatch} concurrent`, 'link p99', 'minimal Bolt link', '≤ 1.5×', (r) => r <= 1.5, 'ms'),
    row(`${options.expiredBatch} concurrent links, expired token`, 'expired', 'same, valid token', '≤ 1.3×', (r) => r <= 1.3, 'ms'),
    row('RSS at idle', 'idle rss', 'bare Bolt', '≤ 1.5×', (r) => r <= 1.5, 'MB'),
    row('peak RSS after link load', 'peak rss', 'minimal Bolt link', 'reported', () => true, 'MB'),
  ].filter((r): r is BenchRow => r !== undefined);
  const oneRefresh = refreshes.every((n) => n === 1);
  if (runs('link'))
    rows.push({
      what: 'refreshes per expired batch',
      anchor: 'exactly 1',
      ratio: median(refreshes),
      target: '= 1',
      met: oneRefresh,
      detail: `per round: ${refreshes.join(', ')}`,
    });
  rows.push({
    what: 'auth.test calls per side (start only)',
    anchor: 'bare Bolt: 1',
    ratio: Math.max(...authTests),
    target: '= 1',
    met: authTests.every((n) => n === 1),
    detail: `bare, minimal, ours: ${authTests.join(', ')}`,
  });

  if (options.coldStarts && (runs('cold') || runs('rss'))) {
    const slack = await startFakeSlack();
    try {
      const cold: Sample[] = [];
      const coldExisting: Sample[] = [];
      const idleLive: Sample[] = [];
      for (let round = 0; round < options.rounds; round += 1) {
        const anchor = await coldBare(slack);
        const fresh = await coldOurs(slack);
        const existing = await coldOurs(slack, fresh.databaseFile);
        rmSync(path.dirname(fresh.databaseFile), { recursive: true, force: true });
        cold.push({ anchor: anchor.startMs, ours: fresh.startMs });
        coldExisting.push({ anchor: anchor.startMs, ours: existing.startMs });
        idleLive.push({ anchor: anchor.idleRssMb, ours: existing.idleRssMb });
      }
      const coldRow = (what: string, list: Sample[], target: string, limit: number, unit: string): BenchRow => {
        const ratio = median(list.map((s) => s.ours / s.anchor));
        return {
          what,
          anchor: 'bare Bolt',
          ratio,
          target,
          met: ratio <= limit,
          detail: `${fmt(median(list.map((s) => s.anchor)))} vs ${fmt(median(list.map((s) => s.ours)))} ${unit}`,
        };
      };
      if (runs('cold')) {
        rows.push(coldRow('cold start to /healthz 200, fresh SQLite', cold, '≤ 1.5×', 1.5, 'ms'));
        rows.push(coldRow('cold start to /healthz 200, existing SQLite', coldExisting, '≤ 1.5×', 1.5, 'ms'));
      }
      if (runs('rss')) rows.push(coldRow('idle RSS, live mode (npm start)', idleLive, '≤ 1.5×', 1.5, 'MB'));
    } catch (error) {
      // The table still prints the rest; the failure is said, not hidden.
      log(`cold start not measured: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await slack.close();
    }
  }
  // The floor under the app's CPU per digest, measured in this run like every anchor: the median of a few runs,
  // each in a process of its own, since one run's figure moves with whatever else the machine is doing. Twice: back
  // to back (the least the I/O costs), and paced as the fan-out's posts leave (the workspace ceiling's rate, in the
  // app's groups), which is what the app can at best do at 09:00: I/O spread over time costs more per digest.
  const floorOf = (paced: boolean) => {
    const pace = { perSecond: (SLACK_WORKSPACE_PER_MINUTE / 60) * options.digestScale, groupMs: 1000 / options.digestScale };
    const floorRuns: FloorResult[] = [];
    for (let i = 0; i < FLOOR_RUNS; i += 1) {
      const how = paced
        ? `paced ${fmt(pace.perSecond, 0)}/s in groups every ${fmt(pace.groupMs, 0)} ms`
        : `concurrency ${FLOOR_CONCURRENCY}`;
      log(`digest CPU floor: ${options.digestFloorDigests} digests, ${how}, run ${i + 1} of ${FLOOR_RUNS}`);
      const args = [path.join(__dirname, 'digest-floor.js'), String(options.digestFloorDigests), String(FLOOR_CONCURRENCY)];
      if (paced) args.push(FLOOR_PARTS.join(','), `${pace.perSecond}/${pace.groupMs}`);
      const output = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
      floorRuns.push(JSON.parse(output.trim().split('\n').pop()!) as FloorResult);
    }
    const cpuMsPerDigest = median(floorRuns.map((r) => r.cpuMsPerDigest));
    const first = floorRuns[0]!;
    const how = first.pace
      ? `paced ${fmt(first.pace.perSecond, 0)}/s, ${fmt((first.pace.perSecond * first.pace.groupMs) / 1000, 0)} at a time`
      : `back to back`;
    rows.push({
      what: `digest CPU floor, ${how} (minimal I/O loop)`,
      anchor: 'target 5 ms',
      ratio: cpuMsPerDigest / 5,
      // Above 1 the target is out of reach of any program doing a digest's I/O through these clients at that pace.
      target: '≤ 1.0× (reachable)',
      met: cpuMsPerDigest <= 5,
      detail:
        `${fmt(cpuMsPerDigest)} ms per digest (median of ${floorRuns.map((r) => fmt(r.cpuMsPerDigest)).join(', ')}); ` +
        `${first.digests} digests${first.pace ? '' : ` at ${first.concurrency}`}: ${fmt(first.zoomRequests / first.digests, 0)} Zoom GETs, ` +
        `1 post of ${fmt(first.messageBytes / 1024, 1)} KB, claim + mark sent on SQLite each`,
    });
    return cpuMsPerDigest;
  };
  let floor: { backToBack: number; paced: number } | undefined;
  if (runs('digest') && options.digestRuns.length) floor = { backToBack: floorOf(false), paced: floorOf(true) };
  for (const run of runs('digest') ? options.digestRuns : []) {
    const args = [path.join(__dirname, 'digest-fanout.js'), String(run.subscribers), run.spread, String(options.digestScale)];
    log(`digest fan-out: ${run.subscribers} ${run.spread}, rates ×${options.digestScale} (minutes; the world run the longest)`);
    const output = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    const fanOut = JSON.parse(output.trim().split('\n').pop()!) as FanOutResult;
    const where = fanOut.spread === 'world' ? `over ${fanOut.dueInstants} zone offsets` : 'in one zone';
    const scaled = `rates ×${fanOut.scale}`;
    rows.push({
      what: `digest fan-out, ${fanOut.subscribers} at 09:00 ${where}, one Zoom account (${scaled})`,
      anchor: 'rate-limit minimum',
      ratio: fanOut.ratio,
      target: '≤ 1.2×',
      met: fanOut.ratio <= 1.2 && fanOut.delivered === fanOut.subscribers && fanOut.duplicates === 0 && fanOut.earlyPosts === 0,
      detail:
        `${fmt(fanOut.minimumMs / 1000, 1)} vs ${fmt(fanOut.timeToLastMs / 1000, 1)} s (worst due instant); ` +
        `${fanOut.delivered} delivered, ${fanOut.duplicates} twice, ${fanOut.earlyPosts} early; first post +${fmt(fanOut.firstPostLateMs / 1000, 1)} s; ` +
        `${fmt(fanOut.wallMs / 60_000, 1)} min real, ${fmt(fanOut.skippedMs / 3_600_000, 1)} h skipped`,
    });
    rows.push({
      what: `digest CPU per digest, app alone (${fanOut.subscribers} ${fanOut.spread})`,
      anchor: 'target 5 ms',
      ratio: fanOut.cpuMsPerDigest / 5,
      target: '≤ 1.0×',
      met: fanOut.cpuMsPerDigest <= 5,
      detail:
        `${fmt(fanOut.cpuMsPerDigest)} ms per digest (stand-ins ${fmt(fanOut.standInsCpuMsPerDigest)} ms apart)` +
        (floor
          ? `; floors ${fmt(floor.backToBack)} ms back to back, ${fmt(floor.paced)} ms paced: app/paced floor ` +
            `${fmt(fanOut.cpuMsPerDigest / floor.paced, 2)}× (app ${fmt(fanOut.zoomCallsPerDigest, 1)} Zoom calls per digest)`
          : ''),
    });
    rows.push({
      what: `digest peak RSS, app alone (${fanOut.subscribers} ${fanOut.spread})`,
      anchor: 'target 250 MB',
      ratio: fanOut.peakRssMb / 250,
      target: '≤ 1.0×',
      met: fanOut.peakRssMb <= 250,
      detail: `${fmt(fanOut.peakRssMb, 0)} MB`,
    });
  }
  return { rows, contendedRounds };
}

async function sequence<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
  const a = await first();
  return [a, await second()];
}

export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['what', 'against', 'ratio', 'target', 'met', 'anchor vs app (medians)'];
  const lines = rows.map((r) => [r.what, r.anchor, `${fmt(r.ratio)}×`, r.target, r.met ? 'yes' : 'NO', r.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke');
  const { startRemoteSide } = await import('./remote-side');
  const only = parseOnly(process.argv);
  // `--digest-scale k`: the digest runs' enforced rates × k (1 is real time: about 35 min for the 10 000 alone).
  const scaleAt = process.argv.indexOf('--digest-scale');
  const digestScale = scaleAt > 0 ? Number(process.argv[scaleAt + 1]) : (smoke ? SMOKE : FULL).digestScale;
  const options = {
    ...(smoke ? SMOKE : FULL),
    digestScale,
    startSide: startRemoteSide,
    log: (line: string) => console.log(line),
    ...(only ? { only } : {}),
  };
  console.log(
    `bench: ${options.rounds} rounds${only ? ` (only ${[...only].join(', ')})` : ''}, ${cpus().length} cores, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  const { rows, contendedRounds } = await runBench(options);
  console.log(renderTable(rows));
  console.log(
    contendedRounds.length
      ? `contended rounds (anchor > 1.3× its median, or load average above ${cpus().length}): ${contendedRounds.join(', ')} of ${options.rounds}`
      : 'no contended rounds',
  );
  console.log('Stand-ins and load run in the bench process; each side in its own. Ours is live mode (npm start), SQLite.');
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
