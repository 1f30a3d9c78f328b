/** The digest scheduler's knobs: src/app.ts, the bench and the tests set parts of them. */

export interface DigestSchedulerTuning {
  /** Time between the end of one run and the start of the next. */
  tickMs: number;
  /** Up to this much is added to each wait, so that several instances do not tick in step. */
  jitterMs: number;
  /** Subscriptions handled at once. */
  concurrency: number;
  /**
   * Subscriptions a run checks for being due at a time, their stored zones read together and let go after: a run
   * over everyone (the first after a start) holds one slice's zones, not all of them.
   */
  checkSlice: number;
  /**
   * Prepared digests posted at once. Each spends most of its time waiting for its turn under Slack's limits, so
   * more are in flight than `concurrency`, enough to keep the workspace ceiling busy while the others wait.
   */
  postConcurrency: number;
  /** Slack allows about one post per second per conversation. */
  slackPostIntervalMs: number;
  /** Zoom's Light rate limit on the Free plan; higher plans allow more. */
  zoomCallsPerSecond: number;
  /**
   * Paced Zoom calls and posts leave in groups, one per this period (RateLimiter's `releaseEveryMs`): at 09:00 a
   * second's worth of posts (5 at Slack's workspace ceiling) goes out together, within Slack's "short bursts" and
   * a second of one another, instead of one wake-up per post.
   */
  releaseEveryMs: number;
  /** After a retryable failure a subscription waits this long, doubling per failure up to `maxRetryDelayMs`. */
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** A claim whose process died is taken over after this long; renewed before the post. */
  claimLeaseMs: number;
  /**
   * Slack's workspace-wide ceiling on chat.postMessage, beyond the per-channel second. Slack publishes no number
   * ("a workspace-wide limit"); several hundred a minute is what it tolerates, so the low end is the default.
   */
  slackWorkspacePostsPerMinute: number;
  /** How far ahead of its time a digest's Zoom data may be fetched at most (its freshness); 0: fetched at the time. */
  prefetchCapMs: number;
  /** Zoom requests one digest makes, for the lead time. */
  zoomCallsPerDigest: number;
  /** Digests prepared at once. */
  prefetchConcurrency: number;
  /** Added to every lead, for the claim and store round trips around the Zoom calls. */
  prefetchMinLeadMs: number;
  /**
   * Digests that may be prepared before their latest safe start (see preparationStarts) and wait for their post at
   * once, a few kB each: they use the quiet minutes before the due time and absorb a busy CPU meanwhile. Past the
   * last of them each digest is prepared at its latest safe start; 0 prepares every digest then.
   */
  preparedAheadMax: number;
}

export const DEFAULT_DIGEST_TUNING: DigestSchedulerTuning = {
  tickMs: 30_000,
  jitterMs: 5_000,
  concurrency: 8,
  checkSlice: 1_000,
  postConcurrency: 32,
  slackPostIntervalMs: 1_000,
  zoomCallsPerSecond: 4,
  releaseEveryMs: 1_000,
  firstRetryDelayMs: 60_000,
  maxRetryDelayMs: 30 * 60_000,
  claimLeaseMs: 10 * 60_000,
  slackWorkspacePostsPerMinute: 300,
  prefetchCapMs: 30 * 60_000,
  zoomCallsPerDigest: 3,
  prefetchConcurrency: 16,
  prefetchMinLeadMs: 5_000,
  preparedAheadMax: 500,
};
