import { planPrefetch, prefetchLeadMs, preparationStarts, type PrefetchTuning } from '../../src/jobs/digest-prefetch';
import type { DigestSubscriptionRecord } from '../../src/store';

const TUNING: PrefetchTuning = { capMs: 30 * 60_000, callsPerDigest: 3, callsPerSecond: 30, margin: 0.15, minLeadMs: 5_000 };
const NINE_UTC = Date.parse('2026-07-01T09:00:00Z');

const subscription = (id: string, timeZone = 'UTC', localTime = '09:00'): DigestSubscriptionRecord => ({
  id,
  teamId: 'T1',
  slackUserId: `U${id}`,
  localTime,
  timeZone,
  channelId: null,
  enabled: true,
});
const many = (n: number, timeZone?: string) => Array.from({ length: n }, (_, i) => subscription(`s${i}`, timeZone));

describe('how early digests are prepared', () => {
  it('leads by the paced Zoom time of the digests, with the margin, capped', () => {
    // 10 000 digests × 3 calls at 30/s is 1000 s; 15 % more and 5 s is 1155 s.
    expect(prefetchLeadMs(10_000, TUNING)).toBe(1_155_000);
    expect(prefetchLeadMs(100_000, TUNING)).toBe(TUNING.capMs);
    expect(prefetchLeadMs(1, TUNING)).toBe(5_115);
  });

  it("starts one account's 10 000 about 19 minutes before 09:00, and wakes at that start before then", () => {
    const early = planPrefetch(many(10_000), NINE_UTC - 25 * 60_000, () => 'zoom:A', TUNING);
    expect(early.startNow).toEqual([]);
    expect(early.nextWakeMs).toBe(NINE_UTC - 1_155_000);

    const started = planPrefetch(many(10_000), NINE_UTC - 1_155_000, () => 'zoom:A', TUNING);
    expect(started.startNow).toHaveLength(1);
    expect(started.startNow[0]).toMatchObject({ accountKey: 'zoom:A', dueAtMs: NINE_UTC });
    expect(started.startNow[0]?.subscriptions).toHaveLength(10_000);
  });

  it('gives each account its own lead: a small account starts later than a large one', () => {
    const people = [...many(10_000), subscription('small')];
    const plan = planPrefetch(people, NINE_UTC - 60_000, (s) => (s.id === 'small' ? 'zoom:B' : 'zoom:A'), TUNING);
    expect(plan.startNow.map((group) => group.accountKey)).toEqual(['zoom:A']);
    expect(plan.nextWakeMs).toBe(NINE_UTC - prefetchLeadMs(1, TUNING));
  });

  it("an account's later due instant waits behind its earlier ones", () => {
    const nine = many(3_000);
    const tenPast = Array.from({ length: 3_000 }, (_, i) => subscription(`p${i}`, 'UTC', '09:10'));
    // 09:00's 3 000 lead by 350 s; 09:10's are fetched after them, so their lead counts all 6 000: 695 s.
    const plan = planPrefetch([...nine, ...tenPast], Date.parse('2026-07-01T08:58:20Z'), () => 'zoom:A', TUNING);
    expect(plan.startNow.map((group) => group.dueAtMs)).toEqual([NINE_UTC]);
    expect(plan.nextWakeMs).toBe(Date.parse('2026-07-01T09:10:00Z') - 695_000);
    expect(prefetchLeadMs(6_000, TUNING)).toBe(695_000);
  });

  it('plans nothing beyond the cap, and wakes when the first digest comes within it', () => {
    const plan = planPrefetch(many(5), NINE_UTC - 3_600_000, () => 'zoom:A', TUNING);
    expect(plan).toEqual({ startNow: [], nextWakeMs: NINE_UTC - TUNING.capMs });
    expect(planPrefetch(many(5), NINE_UTC - 60_000, () => 'zoom:A', { ...TUNING, capMs: 0 })).toEqual({
      startNow: [],
      nextWakeMs: undefined,
    });
  });
});

describe('when each queued digest starts being prepared', () => {
  // 3 calls at 30/s, with the 15 % margin: 115 ms of one account's paced Zoom time per digest.
  const PER_DIGEST_MS = 115;
  const queued = (accountKey: string, expectedPostMs: number) => ({ accountKey, expectedPostMs });
  const expectWithinAMillisecond = (actual: number[], expected: number[]) =>
    actual.forEach((start, i) => expect(Math.abs(start - expected[i]!)).toBeLessThanOrEqual(1));

  it('posts slower than Zoom: each digest is prepared shortly before its own post, not all before the due time', () => {
    // One workspace's ceiling, 300 a minute: a post every 200 ms, while the account serves a digest every 115 ms.
    const queue = Array.from({ length: 1_000 }, (_, k) => queued('zoom:A', NINE_UTC + k * 200));
    const starts = preparationStarts(queue, TUNING);
    expectWithinAMillisecond(
      starts,
      queue.map(({ expectedPostMs }) => expectedPostMs - PER_DIGEST_MS - TUNING.minLeadMs),
    );
    // The last of the thousand is prepared 3 minutes after 09:00, not 2 minutes before it.
    expect(starts[999]! - NINE_UTC).toBeGreaterThan(190_000);
  });

  it('Zoom slower than the posts: the account prepares one digest after another from the lead prefetchLeadMs gives', () => {
    const queue = Array.from({ length: 1_000 }, () => queued('zoom:A', NINE_UTC));
    const starts = preparationStarts(queue, TUNING);
    expectWithinAMillisecond(
      starts,
      queue.map((_, k) => NINE_UTC - (1_000 - k) * PER_DIGEST_MS - TUNING.minLeadMs),
    );
    expect(Math.abs(starts[0]! - (NINE_UTC - prefetchLeadMs(1_000, TUNING)))).toBeLessThanOrEqual(1);
  });

  it('each account is scheduled on its own, whatever the order of the queue', () => {
    const queue = [queued('zoom:A', NINE_UTC + 400), queued('zoom:B', NINE_UTC), queued('zoom:A', NINE_UTC)];
    const starts = preparationStarts(queue, TUNING);
    // A's two digests chain (the one posted first is fetched first); B's one is on its own.
    expectWithinAMillisecond(starts, [
      NINE_UTC + 400 - PER_DIGEST_MS - TUNING.minLeadMs,
      NINE_UTC - PER_DIGEST_MS - TUNING.minLeadMs,
      NINE_UTC - PER_DIGEST_MS - TUNING.minLeadMs,
    ]);
    const tight = preparationStarts([queued('zoom:A', NINE_UTC + 100), queued('zoom:A', NINE_UTC)], TUNING);
    expectWithinAMillisecond(tight, [
      NINE_UTC + 100 - PER_DIGEST_MS - TUNING.minLeadMs,
      NINE_UTC + 100 - 2 * PER_DIGEST_MS - TUNING.minLeadMs,
    ]);
  });
});
