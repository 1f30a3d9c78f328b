import type { DigestSubscriptionRecord } from '../store';
import { nextDigestInstant } from '../time';

/**
 * Which digests to prepare ahead of their time, and when. A digest's Zoom data takes `callsPerDigest` calls paced
 * at the account's rate, while its Slack post takes one; so the Zoom part is done ahead, and at the post only the
 * post remains. A group (an account's digests of one due instant) is taken in hand by planPrefetch as early as the
 * account's paced calls for every digest of that account due up to then need (the pacer serves them in order), plus
 * a margin, never more than `capMs` ahead, so that the content is fresh; within it, preparationStarts gives each
 * digest its latest safe start.
 */
export interface PrefetchTuning {
  /** How far ahead of its time a digest may be prepared at most; 0 turns preparing ahead off. */
  capMs: number;
  /** Zoom requests one digest makes (yesterday's and the week's analytics, one page of the week's events). */
  callsPerDigest: number;
  /** The account's paced rate. */
  callsPerSecond: number;
  /** Added to the paced time, as a fraction of it, for latency and the odd second page of events. */
  margin: number;
  /** Added on top, for the claim and store round trips around the calls. */
  minLeadMs: number;
}

export interface PrefetchGroup {
  /** The Zoom account the group's calls count against. */
  accountKey: string;
  dueAtMs: number;
  /** When preparing starts: `dueAtMs` less the lead. */
  startAtMs: number;
  subscriptions: DigestSubscriptionRecord[];
}

export interface PrefetchPlan {
  /** Groups whose preparation should start now (start time reached, due time not). */
  startNow: PrefetchGroup[];
  /** The earliest future instant at which a group starts or a digest falls due, if any is within the cap. */
  nextWakeMs: number | undefined;
}

/** How long the paced Zoom calls of `digests` digests take, with the margin, capped. */
export function prefetchLeadMs(digests: number, tuning: PrefetchTuning): number {
  const pacedMs = ((digests * tuning.callsPerDigest) / tuning.callsPerSecond) * 1000;
  return Math.min(tuning.capMs, Math.ceil(pacedMs * (1 + tuning.margin)) + tuning.minLeadMs);
}

/**
 * The plan at `nowMs` for the subscriptions not already being prepared. Due instants come from each
 * subscription's stored zone (the preparation re-reads the current one); `accountOf` names the Zoom account.
 */
export function planPrefetch(
  subscriptions: readonly DigestSubscriptionRecord[],
  nowMs: number,
  accountOf: (subscription: DigestSubscriptionRecord) => string,
  tuning: PrefetchTuning,
): PrefetchPlan {
  if (tuning.capMs <= 0) return { startNow: [], nextWakeMs: undefined };
  // Subscribers share a handful of (zone, time) pairs; the instant is computed once per pair.
  const instants = new Map<string, number>();
  const byAccount = new Map<string, Map<number, DigestSubscriptionRecord[]>>();
  const startNow: PrefetchGroup[] = [];
  let nextWakeMs: number | undefined;
  const wakeAt = (at: number) => {
    if (nextWakeMs === undefined || at < nextWakeMs) nextWakeMs = at;
  };
  for (const subscription of subscriptions) {
    const pair = `${subscription.timeZone}|${subscription.localTime}`;
    let dueAtMs = instants.get(pair);
    if (dueAtMs === undefined) {
      dueAtMs = nextDigestInstant({ nowMs, zone: subscription.timeZone, time: subscription.localTime });
      instants.set(pair, dueAtMs);
    }
    if (dueAtMs - nowMs > tuning.capMs) {
      // Planned again when it comes within the cap.
      wakeAt(dueAtMs - tuning.capMs);
      continue;
    }
    const account = accountOf(subscription);
    const dues = byAccount.get(account) ?? new Map<number, DigestSubscriptionRecord[]>();
    byAccount.set(account, dues);
    const group = dues.get(dueAtMs) ?? [];
    dues.set(dueAtMs, group);
    group.push(subscription);
  }

  for (const [accountKey, dues] of byAccount) {
    let before = 0;
    for (const dueAtMs of [...dues.keys()].sort((a, b) => a - b)) {
      const group = dues.get(dueAtMs)!;
      // The account's earlier digests are fetched first, so this group's calls finish after all of theirs.
      before += group.length;
      const startAtMs = dueAtMs - prefetchLeadMs(before, tuning);
      const planned = { accountKey, dueAtMs, startAtMs, subscriptions: group };
      if (startAtMs <= nowMs) startNow.push(planned);
      else wakeAt(startAtMs);
      wakeAt(dueAtMs);
    }
  }
  return { startNow, nextWakeMs };
}

/** A digest queued for preparation: the Zoom account its calls count against, and when its post is expected. */
export interface QueuedPreparation {
  accountKey: string;
  /** Its due time plus its expected wait behind the earlier posts of its workspace. */
  expectedPostMs: number;
}

/**
 * When each queued digest's preparation starts: as late as lets it, and every later digest of its account, be
 * ready for its expected post, with `minLeadMs` to spare. Scheduled backwards per account, since the account's paced
 * calls serve one digest after another: where Zoom is slower than the posts, the account's preparations follow
 * each other from the group's start, as before; where Zoom is faster (one Pro account posting into one workspace's
 * ceiling), each digest is prepared shortly before its post instead of all of them before the due time, so that
 * thousands of finished digests do not wait in memory at once.
 */
export function preparationStarts(queue: readonly QueuedPreparation[], tuning: PrefetchTuning): number[] {
  const perDigestMs = (tuning.callsPerDigest / tuning.callsPerSecond) * 1000 * (1 + tuning.margin);
  const byAccount = new Map<string, number[]>();
  queue.forEach(({ accountKey }, index) => {
    const indices = byAccount.get(accountKey) ?? [];
    byAccount.set(accountKey, indices);
    indices.push(index);
  });
  const starts = new Array<number>(queue.length);
  for (const indices of byAccount.values()) {
    indices.sort((a, b) => queue[a]!.expectedPostMs - queue[b]!.expectedPostMs);
    let latest = Infinity;
    for (let i = indices.length - 1; i >= 0; i -= 1) {
      const index = indices[i]!;
      latest = Math.min(latest, queue[index]!.expectedPostMs) - perDigestMs;
      starts[index] = Math.floor(latest - tuning.minLeadMs);
    }
  }
  return starts;
}
