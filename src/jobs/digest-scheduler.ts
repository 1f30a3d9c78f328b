import type { Logger } from '../logger';
import {
  DigestClaimLostError,
  DigestPostUncertainError,
  type DigestService,
  type DigestPacing,
  type DigestTarget,
} from '../slack/delivery/digest';
import { classifyDigestFailure, type DigestFailure } from '../slack/delivery/digest-failures';
import { isPassingSlackFailure } from '../slack/web/errors';
import type { DigestSubscriptionRecord, Store } from '../store';
import { digestDue } from '../time';
import { randomUUID } from 'node:crypto';
import { runInRequestContext } from '../lib/request-context';
import { KeyedPacer, mapWithConcurrency, RateLimiter, systemClock, type ConversationPacer, type PacerClock } from '../lib/pacer';

/**
 * Sends every subscriber's daily digest once per local day.
 *
 * Each tick lists the enabled subscriptions, follows each subscriber's Slack time zone, and for every digest
 * that is due CLAIMS `(subscription, local date)` in the database before anything is sent: the unique row lets
 * exactly one process (or one run after a restart) send it. A retryable failure releases the claim so a later
 * tick tries again today; a permanent one keeps it with the error and tells the subscriber the fix by DM.
 *
 * A claim is held under a lease (renewed right before posting). A process that died between claiming and
 * recording leaves its claim behind; once the lease expires another process takes it over, and before posting
 * asks Slack for a message carrying the claim's id (message metadata, set on every scheduled digest): found, it
 * is recorded as sent; not found, the digest is posted. When Slack cannot tell (the bot may not read a channel
 * it posted to without joining), the day is recorded as failed rather than risk a second digest.
 */

export interface SchedulerTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: SchedulerTimer = {
  set: (callback, ms) => setTimeout(callback, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface DigestSchedulerTuning {
  /** Time between the end of one run and the start of the next. */
  tickMs: number;
  /** Up to this much is added to each wait, so that several instances do not tick in step. */
  jitterMs: number;
  /** Subscriptions handled at once. */
  concurrency: number;
  /** Slack allows about one post per second per conversation. */
  slackPostIntervalMs: number;
  /** Zoom's Light rate limit on the Free plan; higher plans allow more. */
  zoomCallsPerSecond: number;
  /** After a retryable failure a subscription waits this long, doubling per failure up to `maxRetryDelayMs`. */
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** A claim whose process died is taken over after this long; renewed before the post. */
  claimLeaseMs: number;
}

export const DEFAULT_DIGEST_TUNING: DigestSchedulerTuning = {
  tickMs: 30_000,
  jitterMs: 5_000,
  concurrency: 8,
  slackPostIntervalMs: 1_000,
  zoomCallsPerSecond: 4,
  firstRetryDelayMs: 60_000,
  maxRetryDelayMs: 30 * 60_000,
  claimLeaseMs: 10 * 60_000,
};

/** The store's digest bookkeeping: the subscriptions and the per-day claims. */
export type DigestSchedulerStore = Pick<
  Store,
  | 'listEnabledDigestSubscriptions'
  | 'lastDigestSentAt'
  | 'getDigestDelivery'
  | 'claimDigestWithLease'
  | 'renewDigestLease'
  | 'markDigestSent'
  | 'markDigestFailed'
  | 'releaseDigestDelivery'
  | 'setDigestTimeZone'
>;

/** What the scheduler needs from the app; src/app.ts passes these in. */
export interface DigestSchedulerCollaborators {
  store: DigestSchedulerStore;
  digests: Pick<DigestService, 'deliver' | 'findPosted' | 'notifyFailure'>;
  /** The subscriber's current Slack time zone; undefined when the app is no longer installed in their workspace. */
  subscriberZone: (teamId: string, slackUserId: string) => Promise<string | undefined>;
  logger: Logger;
  now: () => number;
  /** The app's one Slack pacer, shared with booking notifications; without it (tests) a pacer of its own on `pacerClock`. */
  slackPacer?: ConversationPacer;
}

export interface DigestSchedulerOptions extends Partial<DigestSchedulerTuning>, DigestSchedulerCollaborators {
  timer?: SchedulerTimer;
  /** The pacers' clock: tests pass one that does not wait (and then get a Slack pacer of their own). */
  pacerClock?: PacerClock;
  random?: () => number;
  /** Told every due digest's outcome and how long after its local time it was handled (for metrics). */
  onOutcome?: (outcome: DigestOutcome, lateMs: number) => void;
}

export type DigestOutcome =
  | 'sent'
  /** Another process, or an earlier run, holds today's claim. */
  | 'claimed_elsewhere'
  | 'retry_later'
  | 'failed';

export interface DigestRunResult {
  subscriptionId: string;
  localDate: string;
  outcome: DigestOutcome;
}

interface RetryState {
  localDate: string;
  failures: number;
  notBeforeMs: number;
}

export class DigestScheduler {
  private readonly store: DigestSchedulerStore;
  private readonly digests: DigestSchedulerCollaborators['digests'];
  private readonly subscriberZone: DigestSchedulerCollaborators['subscriberZone'];
  private readonly logger: Logger;
  private readonly tuning: DigestSchedulerTuning;
  private readonly now: () => number;
  private readonly timer: SchedulerTimer;
  private readonly random: () => number;
  private readonly pacing: DigestPacing;
  private readonly onOutcome: (outcome: DigestOutcome, lateMs: number) => void;
  private readonly retries = new Map<string, RetryState>();
  private handle: unknown;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(options: DigestSchedulerOptions) {
    const {
      store,
      digests,
      subscriberZone,
      logger,
      now,
      timer,
      pacerClock,
      random,
      slackPacer: appSlackPacer,
      onOutcome,
      ...tuning
    } = options;
    this.onOutcome = onOutcome ?? (() => undefined);
    this.store = store;
    this.digests = digests;
    this.subscriberZone = subscriberZone;
    this.logger = logger.child({ component: 'digest-scheduler' });
    this.tuning = { ...DEFAULT_DIGEST_TUNING, ...definedOnly(tuning) };
    this.now = now;
    this.timer = timer ?? realTimer;
    this.random = random ?? Math.random;
    const clock = pacerClock ?? systemClock;
    const slackPacer: ConversationPacer = appSlackPacer ?? new KeyedPacer({ minIntervalMs: this.tuning.slackPostIntervalMs, clock });
    const zoomLimiter = new RateLimiter({ ratePerSecond: this.tuning.zoomCallsPerSecond, clock });
    this.pacing = {
      zoomCall: (key, call) => zoomLimiter.run(key, call),
      slackPost: (key, post) => slackPacer.schedule(key, post),
    };
  }

  /** The first run comes soon after start-up, so that a digest missed during downtime goes out late today. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.scheduleNext(this.random() * this.tuning.jitterMs);
  }

  /** Stops ticking and waits for a run in progress, whose claims must be settled before the store closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    await this.running;
  }

  /** One pass over every enabled subscription; one subscriber's failure never stops the others. */
  async runOnce(nowMs: number = this.now()): Promise<DigestRunResult[]> {
    const subscriptions = await this.store.listEnabledDigestSubscriptions();
    // Each subscriber's digest logs as a request of its own: its lines carry a request id and the team id.
    const settled = await mapWithConcurrency(subscriptions, this.tuning.concurrency, (subscription) =>
      runInRequestContext({ reqId: randomUUID(), kind: 'digest', teamId: subscription.teamId }, () =>
        this.handleSubscription(subscription, nowMs),
      ),
    );
    const results: DigestRunResult[] = [];
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') {
        if (result.value) results.push(result.value);
      } else {
        this.logger.error({ err: result.reason, subscriptionId: subscriptions[index]?.id }, 'digest check failed');
      }
    });
    return results;
  }

  private scheduleNext(delayMs: number): void {
    if (this.stopped) return;
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.error({ err: error }, 'digest run failed'))
        .finally(() => {
          this.running = undefined;
          this.scheduleNext(this.tuning.tickMs + this.random() * this.tuning.jitterMs);
        });
    }, delayMs);
  }

  private async handleSubscription(subscription: DigestSubscriptionRecord, nowMs: number): Promise<DigestRunResult | undefined> {
    const zone = await this.currentZone(subscription);
    if (zone === undefined) return undefined;
    const timing = { nowMs, zone, time: subscription.localTime };
    if (!digestDue(timing).due) return undefined;
    // Only now the extra query: after a move west the new zone's "today" may already have had its digest.
    const lastSent = await this.store.lastDigestSentAt(subscription.id);
    const due = digestDue(lastSent ? { ...timing, lastDeliveredAtMs: lastSent.getTime() } : timing);
    if (!due.due || this.waitingToRetry(subscription.id, due.localDate, nowMs)) return undefined;

    // A day that was sent or failed for good, or is held under a live lease, is settled: skip it without a doomed insert.
    const existing = await this.store.getDigestDelivery(subscription.id, due.localDate);
    if (existing && (existing.status !== 'claimed' || !this.leaseExpired(existing, nowMs))) return undefined;

    const result = (outcome: DigestOutcome): DigestRunResult => {
      this.onOutcome(outcome, nowMs - due.scheduledAtMs);
      return { subscriptionId: subscription.id, localDate: due.localDate, outcome };
    };
    const claim = await this.store.claimDigestWithLease(subscription.id, due.localDate, this.tuning.claimLeaseMs);
    if (!claim) return result('claimed_elsewhere');

    const target: DigestTarget = {
      teamId: subscription.teamId,
      slackUserId: subscription.slackUserId,
      channelId: subscription.channelId,
      zone,
    };
    if (claim.takenOver) {
      const settled = await this.settleTakeover(subscription, due.localDate, target, claim.claimId, claim.takenOver.since);
      if (settled) return result(settled);
    }
    let heldUntil = claim.leaseUntil;
    const confirm = async () => {
      const renewed = await this.store.renewDigestLease(claim.claimId, heldUntil, this.tuning.claimLeaseMs);
      if (renewed) heldUntil = renewed;
      return renewed !== null;
    };
    let posted;
    try {
      posted = await this.digests.deliver(target, nowMs, this.pacing, { claimId: claim.claimId, confirm });
    } catch (error) {
      if (error instanceof DigestClaimLostError) return result('claimed_elsewhere');
      if (error instanceof DigestPostUncertainError)
        return result(await this.settleUncertainPost(subscription, due.localDate, target, claim.claimId, nowMs));
      return result(await this.afterFailure(subscription, due.localDate, target, classifyDigestFailure(error, target), nowMs));
    }
    this.retries.delete(subscription.id);
    try {
      await this.store.markDigestSent(subscription.id, due.localDate, posted);
    } catch (error) {
      // The post is out: the claim must stay (as 'claimed') rather than be released into a second send.
      this.logger.error({ err: error, subscriptionId: subscription.id }, 'digest sent but not recorded');
    }
    return result('sent');
  }

  private leaseExpired(delivery: { claimedAt: Date; leaseUntil: Date | null }, nowMs: number): boolean {
    const expiry = delivery.leaseUntil?.getTime() ?? delivery.claimedAt.getTime() + this.tuning.claimLeaseMs;
    return expiry < nowMs;
  }

  /**
   * A taken-over claim: the dead process may have posted. 'sent' when Slack has the post (now recorded),
   * 'failed' when Slack cannot say (no second digest is risked), undefined when it was never posted.
   */
  private async settleTakeover(
    subscription: DigestSubscriptionRecord,
    localDate: string,
    target: DigestTarget,
    claimId: string,
    since: Date,
  ): Promise<DigestOutcome | undefined> {
    const log = { subscriptionId: subscription.id, localDate, claimId };
    let found;
    try {
      found = await this.digests.findPosted(target, claimId, since.getTime());
    } catch (error) {
      if (isPassingSlackFailure(error)) {
        // The claim (its lease just renewed by the takeover) is kept: the next takeover asks again.
        this.logger.warn({ ...log, err: error }, 'digest claim taken over, but Slack is not answering now: asking again after the lease');
        return 'retry_later';
      }
      this.logger.warn({ ...log, err: error }, 'digest claim taken over, but Slack cannot say whether it was posted: not posting again');
      await this.store.markDigestFailed(subscription.id, localDate, 'taken over after a crash; Slack could not confirm the post');
      return 'failed';
    }
    if (!found) {
      this.logger.info(log, 'digest claim taken over: never posted, posting now');
      return undefined;
    }
    await this.store.markDigestSent(subscription.id, localDate, found);
    this.logger.info(log, 'digest claim taken over: already posted, recorded');
    return 'sent';
  }

  /**
   * The post got no answer: Slack may have it. Found by its claim id, it is recorded as sent. Not found (yet:
   * Slack may still be handling it, or cannot be asked now), the claim is kept rather than released, so no new
   * claim posts a second digest: once its lease runs out, the takeover asks Slack again and posts only if the
   * digest is not there. The cost is a delay of one lease for a post that Slack really never got.
   */
  private async settleUncertainPost(
    subscription: DigestSubscriptionRecord,
    localDate: string,
    target: DigestTarget,
    claimId: string,
    postedAfterMs: number,
  ): Promise<DigestOutcome> {
    const log = { subscriptionId: subscription.id, localDate, claimId };
    let found;
    try {
      found = await this.digests.findPosted(target, claimId, postedAfterMs);
    } catch (error) {
      this.logger.warn(
        { ...log, err: error },
        'digest post unanswered and Slack cannot say yet whether it has it: asking again after the lease',
      );
      return 'retry_later';
    }
    if (!found) {
      this.logger.warn(log, 'digest post unanswered and not in Slack yet: asking again after the lease');
      return 'retry_later';
    }
    await this.store.markDigestSent(subscription.id, localDate, found);
    this.retries.delete(subscription.id);
    this.logger.info(log, 'digest post unanswered but Slack has it: recorded');
    return 'sent';
  }

  /**
   * The subscriber's Slack time zone, refreshed through SlackUsers (which keeps it in the store); a change
   * moves the schedule. Undefined when the app is no longer installed in their workspace.
   */
  private async currentZone(subscription: DigestSubscriptionRecord): Promise<string | undefined> {
    const zone = await this.subscriberZone(subscription.teamId, subscription.slackUserId);
    if (zone === undefined) return undefined;
    if (zone !== subscription.timeZone) {
      await this.store.setDigestTimeZone(subscription.id, zone);
      this.logger.info({ subscriptionId: subscription.id, from: subscription.timeZone, to: zone }, 'digest follows a new time zone');
    }
    return zone;
  }

  private async afterFailure(
    subscription: DigestSubscriptionRecord,
    localDate: string,
    target: DigestTarget,
    failure: DigestFailure,
    nowMs: number,
  ): Promise<DigestOutcome> {
    const log = { subscriptionId: subscription.id, localDate, reason: failure.reason };
    if (failure.kind === 'retry') {
      await this.store.releaseDigestDelivery(subscription.id, localDate);
      const delayMs = this.backOff(subscription.id, localDate, nowMs, failure.retryAfterMs);
      this.logger.warn({ ...log, retryInMs: delayMs }, 'digest not sent; will retry');
      return 'retry_later';
    }
    await this.store.markDigestFailed(subscription.id, localDate, failure.reason);
    this.logger.warn({ ...log, fix: failure.fix.kind }, 'digest failed; telling the subscriber');
    try {
      await this.digests.notifyFailure(target, failure.fix);
    } catch (error) {
      this.logger.warn({ err: error, subscriptionId: subscription.id }, 'could not tell the subscriber about a failed digest');
    }
    return 'failed';
  }

  private waitingToRetry(subscriptionId: string, localDate: string, nowMs: number): boolean {
    const state = this.retries.get(subscriptionId);
    return state !== undefined && state.localDate === localDate && nowMs < state.notBeforeMs;
  }

  private backOff(subscriptionId: string, localDate: string, nowMs: number, hintMs: number | undefined): number {
    const previous = this.retries.get(subscriptionId);
    const failures = previous?.localDate === localDate ? previous.failures + 1 : 1;
    const exponential = Math.min(this.tuning.maxRetryDelayMs, this.tuning.firstRetryDelayMs * 2 ** (failures - 1));
    const delayMs = Math.max(exponential, hintMs ?? 0);
    this.retries.set(subscriptionId, { localDate, failures, notBeforeMs: nowMs + delayMs });
    return delayMs;
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
