import { planPrefetch, prefetchLeadMs, type PrefetchTuning } from '../../src/jobs/digest-prefetch';
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
