import type { Logger } from '../logger';
import {
  DigestClaimLostError,
  DigestPostUncertainError,
  type DigestService,
  type DigestPacing,
  type DigestTarget,
  type DigestInputs,
  type PostedDigest,
} from '../slack/delivery/digest';
import { classifyDigestFailure } from '../slack/delivery/digest-failures';
import type { DigestClaim, DigestDay, DigestSubscriptionRecord, SentDigest, Store } from '../store';
import { digestDue, nextDigestInstant } from '../time';
import { randomUUID } from 'node:crypto';
import { runInRequestContext } from '../lib/request-context';
import {
  EventLoopTurns,
  KeyedPacer,
  mapWithConcurrency,
  RateLimiter,
  systemClock,
  type ConversationPacer,
  type PacerClock,
} from '../lib/pacer';
import type { SlackMessage } from '../slack/blocks';
import { planPrefetch, preparationStarts, type PrefetchTuning } from './digest-prefetch';
import { WriteBatch } from '../lib/write-batch';
import { ChunkedInputs, WaitingRoom, type Preparation } from './digest-preparation';
import { RunZones, type SubscriberZones } from './digest-run-zones';
import { DigestSettlement, type DigestOutcome } from './digest-settlement';
import { DEFAULT_DIGEST_TUNING, type DigestSchedulerTuning } from './digest-tuning';
import { realJobTimer, type JobTimer } from './job-timer';
import { DigestWaits } from './digest-waits';
import { DigestSubscriptionList, type DigestSubscriptionListStore } from './digest-subscription-list';

/**
 * Sends every subscriber's daily digest once per local day.
 *
 * Each tick lists the enabled subscriptions, follows each subscriber's Slack time zone, and for every digest
 * that is due CLAIMS `(subscription, local date)` in the database before anything is sent: the unique row lets
 * exactly one process (or one run after a restart) send it. A retryable failure releases the claim so a later
 * tick tries again today; a permanent one keeps it with the error and tells the subscriber the fix by DM.
 *
 * A claim is held under a lease (renewed right before posting when less than half of it is left). A process that
 * died between claiming and recording leaves its claim behind; once the lease expires another process takes it
 * over, and before posting asks Slack for a message carrying the claim's id (message metadata, set on every
 * scheduled digest): found, it is recorded as sent; not found, the digest is posted. When Slack cannot tell (the bot may not read a channel
 * it posted to without joining), the day is recorded as failed rather than risk a second digest.
 */

/**
 * Posted digests are recorded together: at 09:00 one write per digest would be most of the database's work, and a
 * second's delay costs nothing (see recordSent).
 */
const SENT_MARKS = { maxItems: 100, maxDelayMs: 1_000 };

/** Prepared ahead: the lead's margin over the paced Zoom time (latency, the odd second page of events). */
const PREFETCH_MARGIN = 0.15;

/** The store's digest bookkeeping: the subscriptions and the per-day claims. */
export type DigestSchedulerStore = Pick<
  Store,
  | keyof DigestSubscriptionListStore
  | 'digestDay'
  | 'digestDays'
  | 'claimDigestWithLease'
  | 'renewDigestLease'
  | 'markDigestSent'
  | 'markDigestsSent'
  | 'markDigestFailed'
  | 'releaseDigestDelivery'
  | 'setDigestTimeZone'
  | 'claimUnsentDigest'
  | 'claimUnsentDigests'
  | 'handOverDigest'
  | 'preparedDigest'
  | 'digestZoomAccounts'
>;

/** What the scheduler needs from the app; src/app.ts passes these in. */
export interface DigestSchedulerCollaborators {
  store: DigestSchedulerStore;
  digests: Pick<DigestService, 'deliver' | 'prepare' | 'inputsFor' | 'postPrepared' | 'findPosted' | 'notifyFailure'>;
  /** Subscribers' current Slack time zones, a workspace at a time. */
  subscriberZones: SubscriberZones;
  logger: Logger;
  now: () => number;
  /** The app's one Slack pacer, shared with booking notifications; without it (tests) a pacer of its own on `pacerClock`. */
  slackPacer?: ConversationPacer;
}

export interface DigestSchedulerOptions extends Partial<DigestSchedulerTuning>, DigestSchedulerCollaborators {
  timer?: JobTimer;
  /** The pacers' clock: tests pass one that does not wait (and then get a Slack pacer of their own). */
  pacerClock?: PacerClock;
  random?: () => number;
  /** Told every due digest's outcome and how long after its local time it was handled (for metrics). */
  onOutcome?: (outcome: DigestOutcome, lateMs: number) => void;
}

export interface DigestRunResult {
  subscriptionId: string;
  localDate: string;
  outcome: DigestOutcome;
}

/** A digest this process claimed and prepared ahead of its time, to post at `dueAtMs`. */
interface PreparedDigest {
  subscription: DigestSubscriptionRecord;
  target: DigestTarget;
  localDate: string;
  dueAtMs: number;
  claimId: string;
  heldUntil: Date;
  /**
   * The message as JSON, in a Buffer: thousands wait at once. Off the JS heap it is neither traced by every full GC
   * nor multiplied by V8's heap growth (up to 4 × the live heap before the next full GC, see HEAP_GROWING_FLAG in
   * src/app.ts). Not deflated: what deflateRawSync returns is a slice of a 16 kB output chunk, and at 10 000 digests the
   * allocator's share of RSS grew by more than the text saved (peak 622 MB against 584 MB kept as strings).
   */
  contentBytes: Buffer;
}

/**
 * A preparation's digest as its chunk left it (see claimChunk): claimed (null: held elsewhere, or settled) on
 * `localDate`, with its store inputs when they were read.
 */
interface ChunkClaim {
  localDate: string;
  claim: DigestClaim | null;
  inputs: DigestInputs | undefined;
}

/** A digest being prepared, or prepared: `ready` settles with it, or undefined when it was not (another holds it, Zoom failed). */
interface AheadEntry {
  subscription: DigestSubscriptionRecord;
  dueAtMs: number;
  ready: Promise<PreparedDigest | undefined>;
}

/**
 * The longest a subscriber whose digest is still ahead goes without their Slack time zone being read again: a move
 * east that brings their 09:00 forward is noticed within this.
 */
const ZONE_RECHECK_MS = 60 * 60_000;

/** A run checking its subscriptions gives the event loop a turn at least this often (see EventLoopTurns). */
const RUN_SLICE_MS = 20;

/**
 * Due digests are handled this many at a time, their days read together just before: few enough that a day read is
 * still fresh when its digest is claimed (the claim itself is conditional in any case).
 */
const DUE_SLICE = 100;

/** A subscription whose digest is due now, in `zone`. */
interface DueCheck {
  subscription: DigestSubscriptionRecord;
  zone: string;
  due: ReturnType<typeof digestDue>;
}

export class DigestScheduler {
  private readonly store: DigestSchedulerStore;
  private readonly digests: DigestSchedulerCollaborators['digests'];
  private readonly subscriberZones: DigestSchedulerCollaborators['subscriberZones'];
  private readonly logger: Logger;
  private readonly tuning: DigestSchedulerTuning;
  private readonly now: () => number;
  private readonly timer: JobTimer;
  private readonly random: () => number;
  private readonly pacing: DigestPacing;
  private readonly clock: PacerClock;
  private readonly onOutcome: (outcome: DigestOutcome, lateMs: number) => void;
  /** Runs happen every tick for every subscription: the quiet ones are passed over without touching the database. */
  private readonly waits: DigestWaits;
  private readonly subscriptions: DigestSubscriptionList;
  private readonly settlement: DigestSettlement;
  /** Per subscription, its digest claimed and being prepared (or prepared) ahead of its time by this process. */
  private readonly ahead = new Map<string, AheadEntry>();
  private readonly preparing = new Set<Promise<unknown>>();
  /** Renewed by stop(): digests handed over there never leave it. */
  private waitingRoom: WaitingRoom;
  private readonly sentMarks: WriteBatch<SentDigest>;
  /** The earliest instant the last run found something to do at (a preparation to start, a digest due). */
  private nextWakeMs: number | undefined;
  private handle: unknown;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  /** Set by stop(): no preparation starts after it, even in a run called directly. */
  private closing = false;

  constructor(options: DigestSchedulerOptions) {
    const {
      store,
      digests,
      subscriberZones,
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
    this.sentMarks = new WriteBatch({ ...SENT_MARKS, write: (marks) => store.markDigestsSent(marks) });
    this.digests = digests;
    this.subscriberZones = subscriberZones;
    this.logger = logger.child({ component: 'digest-scheduler' });
    this.tuning = { ...DEFAULT_DIGEST_TUNING, ...definedOnly(tuning) };
    this.waitingRoom = new WaitingRoom(this.tuning.preparedAheadMax);
    this.waits = new DigestWaits(this.tuning);
    this.subscriptions = new DigestSubscriptionList(store);
    this.settlement = new DigestSettlement({ store, digests, logger: this.logger, waits: this.waits });
    this.now = now;
    this.timer = timer ?? realJobTimer;
    this.random = random ?? Math.random;
    const clock = pacerClock ?? systemClock;
    this.clock = clock;
    const slackPacer: ConversationPacer = appSlackPacer ?? new KeyedPacer({ minIntervalMs: this.tuning.slackPostIntervalMs, clock });
    const { releaseEveryMs } = this.tuning;
    const zoomLimiter = new RateLimiter({ ratePerSecond: this.tuning.zoomCallsPerSecond, releaseEveryMs, clock });
    // Inside the conversation's turn, so that a post waiting for its channel does not hold a workspace token.
    const workspaceLimiter = new RateLimiter({
      ratePerSecond: this.tuning.slackWorkspacePostsPerMinute / 60,
      burst: 1,
      releaseEveryMs,
      clock,
    });
    this.pacing = {
      zoomCall: (key, call) => zoomLimiter.run(key, call),
      slackPost: (key, post) => slackPacer.schedule(key, () => workspaceLimiter.run(workspaceOf(key), post)),
    };
  }

  /** The first run comes soon after start-up, so that a digest missed during downtime goes out late today. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.closing = false;
    this.scheduleNext(this.random() * this.tuning.jitterMs);
  }

  /**
   * Stops ticking and waits for a run in progress, whose claims must be settled before the store closes. Digests
   * prepared ahead and not yet due stay claimed with their content, their lease cut to their due time: whichever
   * process runs then (this one restarted, or another) takes them over and posts the kept content once.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    await this.running;
    await Promise.allSettled([...this.preparing]);
    await this.sentMarks.flush();
    const handOver = [...this.ahead.values()].map(async (entry) => {
      const prepared = await entry.ready;
      if (!prepared) return;
      const content = prepared.contentBytes.toString('utf8');
      await this.store.handOverDigest(
        prepared.claimId,
        prepared.heldUntil,
        new Date(prepared.dueAtMs - 1),
        content,
        new Date(prepared.dueAtMs),
      );
    });
    this.ahead.clear();
    await Promise.allSettled(handOver);
    this.waitingRoom = new WaitingRoom(this.tuning.preparedAheadMax);
  }

  /** Resolves once the preparations started so far have settled (tests; the scheduler itself never waits for them). */
  async preparationsSettled(): Promise<void> {
    await Promise.allSettled([...this.preparing]);
  }

  /** Digests being prepared or waiting for their time in this process. */
  get preparedAhead(): number {
    return this.ahead.size;
  }

  /**
   * Whether a run or a preparation is under way, i.e. a Zoom call, a post or a store write may be pending. When
   * not, the scheduler only waits for its timer: every digest prepared ahead is due no earlier than the next wake.
   */
  get workInFlight(): boolean {
    return this.running !== undefined || this.preparing.size > 0;
  }

  /** One pass over every enabled subscription; one subscriber's failure never stops the others. */
  async runOnce(nowMs: number = this.now()): Promise<DigestRunResult[]> {
    const all = await this.subscriptions.current();
    const subscriptions = all.filter((subscription) => !this.ahead.has(subscription.id));
    const toCheck = subscriptions.filter((subscription) => !this.waits.isQuiet(subscription, nowMs));
    const zones = new RunZones(this.subscriberZones);
    // Digests prepared by an earlier run are not among `subscriptions`, so their due instants are wakes of their
    // own: a timer fires up to a millisecond before its instant, and the run then finds them not yet due.
    let nextWakeMs = await this.startPreparing(subscriptions, nowMs, zones);
    for (const entry of this.ahead.values())
      if (entry.dueAtMs > nowMs && (nextWakeMs === undefined || entry.dueAtMs < nextWakeMs)) nextWakeMs = entry.dueAtMs;
    this.nextWakeMs = nextWakeMs;
    // Each subscriber's digest logs as a request of its own: its lines carry a request id and the team id.
    const inContext = <T>(subscription: DigestSubscriptionRecord, work: () => Promise<T>, reqId: string = randomUUID()) =>
      runInRequestContext({ reqId, kind: 'digest', teamId: subscription.teamId }, work);
    const turns = new EventLoopTurns(RUN_SLICE_MS);
    const [preparedResults, checked] = await Promise.all([
      this.postPreparedDue(nowMs, inContext, zones),
      this.checkAll(toCheck, nowMs, zones, inContext, turns),
    ]);
    await this.sentMarks.flush();
    return [...preparedResults, ...checked];
  }

  /**
   * The run's check of the subscriptions not passed over: first who is due (zones and local times, no query per
   * subscription), then the due ones a slice at a time, each slice's days read in one query just before it is handled.
   */
  private async checkAll(
    toCheck: readonly DigestSubscriptionRecord[],
    nowMs: number,
    zones: RunZones,
    inContext: <T>(subscription: DigestSubscriptionRecord, work: () => Promise<T>, reqId?: string) => Promise<T>,
    turns: EventLoopTurns,
  ): Promise<DigestRunResult[]> {
    const results: DigestRunResult[] = [];
    const failed = (subscription: DigestSubscriptionRecord | undefined, error: unknown) =>
      this.logger.error({ err: error, subscriptionId: subscription?.id }, 'digest check failed');
    // Who is due, a slice at a time with that slice's zones (read together, then let go), outside any request
    // context: a first run looks at every subscriber, most of them not due, and a context, a request id and a zone
    // each for all of them at once made the peak of a 50 000-subscriber start. Each due one gets its request id here
    // and keeps it to its handling: its log lines read as one request.
    const due: { check: DueCheck; reqId: string }[] = [];
    for (let start = 0; start < toCheck.length; start += this.tuning.checkSlice) {
      const slice = toCheck.slice(start, start + this.tuning.checkSlice);
      const wanted = zones.want(slice);
      const found = await mapWithConcurrency(slice, this.tuning.concurrency, async (subscription) => {
        await turns.take();
        return this.dueNow(subscription, nowMs, zones);
      });
      zones.release(wanted);
      found.forEach((result, index) => {
        if (result.status === 'rejected') failed(slice[index], result.reason);
        else if (result.value) due.push({ check: result.value, reqId: randomUUID() });
      });
    }
    for (let start = 0; start < due.length; start += DUE_SLICE) {
      const slice = due.slice(start, start + DUE_SLICE);
      const days = await this.store
        .digestDays(
          slice.map(
            ({
              check: {
                subscription,
                due: { localDate, scheduledAtMs },
              },
            }) => ({
              subscriptionId: subscription.id,
              localDate,
              scheduledAt: new Date(scheduledAtMs),
            }),
          ),
        )
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'digest days not read together: each is read on its own');
          return undefined;
        });
      const settled = await mapWithConcurrency(slice, this.tuning.concurrency, async ({ check, reqId }) => {
        await turns.take();
        return inContext(check.subscription, () => this.handleDue(check, days?.get(check.subscription.id), nowMs), reqId);
      });
      settled.forEach((result, index) => {
        if (result.status === 'rejected') failed(slice[index]?.check.subscription, result.reason);
        else if (result.value) results.push(result.value);
      });
    }
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
          const tickMs = this.tuning.tickMs + this.random() * this.tuning.jitterMs;
          // At a due instant the run starts at that instant, not up to a tick later.
          const untilWakeMs = this.nextWakeMs === undefined ? tickMs : Math.max(0, this.nextWakeMs - this.now());
          this.scheduleNext(Math.min(tickMs, untilWakeMs));
        });
    }, delayMs);
  }

  /** One subscription on its own: its digest handled if it is due (a prepared digest that fell back to the usual way). */
  private async handleSubscription(
    subscription: DigestSubscriptionRecord,
    nowMs: number,
    zones: RunZones,
  ): Promise<DigestRunResult | undefined> {
    const check = await this.dueNow(subscription, nowMs, zones);
    return check ? this.handleDue(check, undefined, nowMs) : undefined;
  }

  /** The subscription's digest when its time has come, in its current zone; passed over until then otherwise. */
  private async dueNow(subscription: DigestSubscriptionRecord, nowMs: number, zones: RunZones): Promise<DueCheck | undefined> {
    const zone = await this.currentZone(subscription, zones);
    if (zone === undefined) return undefined;
    const due = digestDue({ nowMs, zone, time: subscription.localTime });
    if (due.due) return { subscription, zone, due };
    this.waits.keepQuiet(subscription, zone, Math.min(due.scheduledAtMs, nowMs + ZONE_RECHECK_MS));
    return undefined;
  }

  /** A due digest: sent, unless its day is settled or held (`known`: its day as read with its slice, if it was). */
  private async handleDue(
    { subscription, zone, due }: DueCheck,
    known: DigestDay | undefined,
    nowMs: number,
  ): Promise<DigestRunResult | undefined> {
    // Read only for due digests (with their slice, or alone): after a move west the new zone's "today" may already
    // have had its digest.
    const day = known ?? (await this.store.digestDay(subscription.id, due.localDate, new Date(due.scheduledAtMs)));
    if (day.sentSince) {
      this.waits.settle(subscription, zone, due.localDate);
      return undefined;
    }
    if (this.waits.waitingToRetry(subscription.id, due.localDate, nowMs)) return undefined;

    // A day that was sent or failed for good, or is held under a live lease, is settled: skip it without a doomed insert.
    const existing = day.delivery;
    if (existing && existing.status !== 'claimed') this.waits.settle(subscription, zone, due.localDate);
    if (existing && (existing.status !== 'claimed' || !this.leaseExpired(existing, nowMs))) return undefined;

    const result = (outcome: DigestOutcome): DigestRunResult => {
      this.onOutcome(outcome, nowMs - due.scheduledAtMs);
      if (outcome === 'sent' || outcome === 'failed') this.waits.settle(subscription, zone, due.localDate);
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
      const settled = await this.settlement.afterTakeover(subscription, due.localDate, target, claim.claimId, claim.takenOver.since);
      if (settled) return result(settled);
    }
    let heldUntil = claim.leaseUntil;
    const confirm = async () => {
      if (this.leaseAmple(heldUntil)) return true;
      const renewed = await this.store.renewDigestLease(claim.claimId, heldUntil, this.tuning.claimLeaseMs);
      if (renewed) heldUntil = renewed;
      return renewed !== null;
    };
    let posted;
    try {
      const kept = claim.takenOver ? await this.keptContent(claim.claimId, nowMs) : undefined;
      const deliveryClaim = { claimId: claim.claimId, confirm };
      posted = kept
        ? await this.digests.postPrepared(target, kept, this.pacing, deliveryClaim)
        : await this.digests.deliver(target, nowMs, this.pacing, deliveryClaim);
    } catch (error) {
      if (error instanceof DigestClaimLostError) return result('claimed_elsewhere');
      if (error instanceof DigestPostUncertainError)
        return result(await this.settlement.afterUncertainPost(subscription, due.localDate, target, claim.claimId, nowMs));
      return result(await this.settlement.afterFailure(subscription, due.localDate, target, classifyDigestFailure(error, target), nowMs));
    }
    this.waits.succeeded(subscription.id);
    this.recordSent(subscription.id, claim.claimId, posted);
    return result('sent');
  }

  /**
   * Starts preparing the digests whose preparation time has come (see digest-prefetch.ts), without waiting for
   * them; returns the next instant something is to be done.
   */
  private async startPreparing(
    subscriptions: readonly DigestSubscriptionRecord[],
    nowMs: number,
    zones: RunZones,
  ): Promise<number | undefined> {
    if (this.tuning.prefetchCapMs <= 0 || this.closing) return undefined;
    const tuning: PrefetchTuning = {
      capMs: this.tuning.prefetchCapMs,
      callsPerDigest: this.tuning.zoomCallsPerDigest,
      callsPerSecond: this.tuning.zoomCallsPerSecond,
      margin: PREFETCH_MARGIN,
      minLeadMs: this.tuning.prefetchMinLeadMs,
    };
    // Accounts are looked up only for the subscriptions due within the cap: a first plan that starts all of them.
    const near = planPrefetch(subscriptions, nowMs, (s) => s.id, {
      ...tuning,
      callsPerSecond: Infinity,
      margin: 0,
      minLeadMs: tuning.capMs,
    });
    const soon = near.startNow.flatMap((group) => group.subscriptions);
    if (soon.length === 0) return near.nextWakeMs;
    const accounts = new Map<string, string>();
    const byTeam = new Map<string, DigestSubscriptionRecord[]>();
    for (const subscription of soon) {
      const members = byTeam.get(subscription.teamId) ?? [];
      byTeam.set(subscription.teamId, members);
      members.push(subscription);
    }
    for (const [teamId, members] of byTeam) {
      const found = await this.store.digestZoomAccounts(
        teamId,
        members.map((member) => member.slackUserId),
      );
      for (const member of members) accounts.set(member.id, `zoom:${found.get(member.slackUserId) ?? `${teamId}:${member.slackUserId}`}`);
    }
    const plan = planPrefetch(soon, nowMs, (s) => accounts.get(s.id)!, tuning);
    const queue = withExpectedPosts(
      plan.startNow.flatMap((group) => group.subscriptions.map((subscription) => ({ subscription, dueAtMs: group.dueAtMs }))),
      this.tuning.slackWorkspacePostsPerMinute,
    );
    zones.want(queue.map(({ subscription }) => subscription));
    const starts = preparationStarts(
      queue.map(({ subscription, dueAtMs, backlogMs }) => ({
        accountKey: accounts.get(subscription.id)!,
        expectedPostMs: dueAtMs + backlogMs,
      })),
      tuning,
    );
    // Registered in posting order (postPreparedDue posts in this order), prepared in order of their start.
    const preparations = queue.map((entry, index) => ({ ...entry, startAtMs: starts[index]! })).sort((a, b) => a.startAtMs - b.startAtMs);
    const readiness = new Map<string, (prepared: PreparedDigest | undefined) => void>();
    for (const { subscription, dueAtMs } of queue) {
      let settle!: (prepared: PreparedDigest | undefined) => void;
      const ready = new Promise<PreparedDigest | undefined>((resolve) => (settle = resolve));
      this.ahead.set(subscription.id, { subscription, dueAtMs, ready });
      readiness.set(subscription.id, settle);
    }
    const inputs = new ChunkedInputs(preparations, (chunk) =>
      this.claimChunk(chunk, zones).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'digests not claimed together: each digest of the chunk claims its own');
        return undefined;
      }),
    );
    const work = mapWithConcurrency(
      preparations,
      this.tuning.prefetchConcurrency,
      ({ subscription, dueAtMs, backlogMs, startAtMs }, index) =>
        runInRequestContext({ reqId: randomUUID(), kind: 'digest', teamId: subscription.teamId }, async () => {
          let prepared: PreparedDigest | undefined;
          try {
            await this.waitingRoom.enter((cancelled) => this.waitUntil(startAtMs, cancelled));
            if (!this.closing) prepared = await this.prepareAhead(subscription, dueAtMs, backlogMs, zones, await inputs.take(index));
            else await this.giveBack(subscription, await inputs.takeIfRead(index));
          } catch (error) {
            this.logger.warn({ err: error, subscriptionId: subscription.id }, 'digest not prepared ahead; it is built at its time');
          }
          if (!prepared) {
            this.ahead.delete(subscription.id);
            this.waitingRoom.leave();
          }
          // Dropped as it settles: each settle function's scope holds its promise, so the map would keep every
          // prepared digest (posted or not) until the last preparation of the batch ends.
          const settle = readiness.get(subscription.id)!;
          readiness.delete(subscription.id);
          settle(prepared);
        }),
    );
    this.preparing.add(work);
    void work.finally(() => this.preparing.delete(work));
    const wakes = [near.nextWakeMs, plan.nextWakeMs, ...plan.startNow.map((group) => group.dueAtMs)].filter((at) => at !== undefined);
    return wakes.length > 0 ? Math.min(...wakes) : undefined;
  }

  /**
   * Claims a chunk of preparations' digests and reads their store inputs, per workspace and due instant: one claim
   * statement, then one read of connections and one booking count for those claimed; by subscription id. A subscriber
   * whose zone moved the time is left out (prepareAhead claims theirs), as is one whose workspace is gone, and so is
   * every member of a group whose zones or claim could not be had (an error here never hides a claim that was made).
   */
  private async claimChunk(chunk: readonly Preparation[], zones: RunZones): Promise<Map<string, ChunkClaim>> {
    const groups = new Map<string, Preparation[]>();
    for (const preparation of chunk) {
      const key = `${preparation.subscription.teamId} ${preparation.dueAtMs}`;
      const group = groups.get(key) ?? [];
      groups.set(key, group);
      group.push(preparation);
    }
    const bySubscription = new Map<string, ChunkClaim>();
    for (const group of groups.values()) {
      try {
        for (const [id, chunkClaim] of await this.claimGroup(group, zones)) bySubscription.set(id, chunkClaim);
      } catch (error) {
        this.logger.warn({ err: error }, 'digests not claimed together: each digest of the group claims its own');
      }
    }
    return bySubscription;
  }

  /** claimChunk for one workspace and due instant. */
  private async claimGroup(group: readonly Preparation[], zones: RunZones): Promise<Map<string, ChunkClaim>> {
    const { teamId } = group[0]!.subscription;
    const { dueAtMs } = group[0]!;
    const claimable: { subscription: DigestSubscriptionRecord; localDate: string }[] = [];
    let latestPostMs = dueAtMs;
    for (const { subscription, backlogMs } of group) {
      if ((await zones.zoneOf(subscription)) !== subscription.timeZone) continue;
      const due = digestDue({ nowMs: dueAtMs, zone: subscription.timeZone, time: subscription.localTime });
      if (!due.due || due.scheduledAtMs !== dueAtMs) continue;
      claimable.push({ subscription, localDate: due.localDate });
      latestPostMs = Math.max(latestPostMs, dueAtMs + backlogMs);
    }
    // One lease for the group, to the latest expected post: a little longer than some need, which only delays a
    // takeover after a crash.
    const claims = await this.store.claimUnsentDigests(
      claimable.map(({ subscription, localDate }) => ({ subscriptionId: subscription.id, localDate })),
      new Date(dueAtMs),
      new Date(latestPostMs + this.tuning.claimLeaseMs),
    );
    const claimed = claimable.filter(({ subscription }) => claims.has(subscription.id));
    let inputs: Map<string, DigestInputs> | undefined;
    try {
      if (claimed.length > 0)
        inputs = await this.digests.inputsFor(
          teamId,
          claimed.map(({ subscription }) => subscription.slackUserId),
          dueAtMs,
        );
    } catch (error) {
      // The claims stand: each claimed digest reads its own inputs.
      this.logger.warn({ err: error }, 'digest inputs not read together: each digest of the chunk reads its own');
    }
    return new Map(
      claimable.map(({ subscription, localDate }) => [
        subscription.id,
        { localDate, claim: claims.get(subscription.id) ?? null, inputs: inputs?.get(subscription.slackUserId) },
      ]),
    );
  }

  /** A chunk's claim for a preparation that will not run (the process is stopping): released for whoever runs next. */
  private async giveBack(subscription: DigestSubscriptionRecord, chunkClaim: ChunkClaim | undefined): Promise<void> {
    if (chunkClaim?.claim) await this.store.releaseDigestDelivery(subscription.id, chunkClaim.localDate);
  }

  /**
   * Waits until `atMs` (app time) on the pacers' clock, which tests replace with one that does not wait, in steps of
   * at most a second so that stop() (or the caller's `cancelled`) is not kept waiting by a preparation not started.
   */
  private async waitUntil(atMs: number, cancelled: () => boolean = () => false): Promise<void> {
    const endMs = this.clock.now() + (atMs - this.now());
    for (let leftMs = endMs - this.clock.now(); leftMs > 0 && !this.closing && !cancelled(); leftMs = endMs - this.clock.now())
      await this.clock.sleep(Math.min(leftMs, 1_000));
  }

  /**
   * Claims one digest ahead of its time and builds it from Zoom as of that time. The lease runs to when its post is
   * expected (the due time plus `backlogMs`, its wait behind the workspace's earlier posts) plus the usual lease, so
   * no live process loses it while it waits, and the post need not renew it. The content stays in this process;
   * it is written with the claim only when the process stops before posting it (see stop()). A process that dies
   * leaves the claim alone: at its lease the next process builds the digest afresh.
   * Undefined when there is nothing to prepare (settled, held elsewhere, the zone moved the time out of reach).
   */
  private async prepareAhead(
    subscription: DigestSubscriptionRecord,
    plannedDueAtMs: number,
    backlogMs: number,
    zones: RunZones,
    chunkClaim: ChunkClaim | undefined,
  ): Promise<PreparedDigest | undefined> {
    // Claimed with its chunk (or found held elsewhere or settled): its zone and time were checked there.
    if (chunkClaim) {
      const { claim, localDate, inputs } = chunkClaim;
      return claim ? this.buildAhead(subscription, subscription.timeZone, plannedDueAtMs, localDate, claim, inputs) : undefined;
    }
    const zone = await this.currentZone(subscription, zones);
    if (zone === undefined) return undefined;
    const now = this.now();
    const dueAtMs = zone === subscription.timeZone ? plannedDueAtMs : nextDigestInstant({ nowMs: now, zone, time: subscription.localTime });
    if (dueAtMs - now > this.tuning.prefetchCapMs) return undefined;
    const due = digestDue({ nowMs: dueAtMs, zone, time: subscription.localTime });
    if (!due.due || due.scheduledAtMs !== dueAtMs) return undefined;
    // A day with any row (a claim left by a dead process included) goes the usual way at its time: Slack is asked first.
    const leaseUntil = new Date(dueAtMs + backlogMs + this.tuning.claimLeaseMs);
    const claim = await this.store.claimUnsentDigest(subscription.id, due.localDate, new Date(due.scheduledAtMs), leaseUntil);
    return claim ? this.buildAhead(subscription, zone, dueAtMs, due.localDate, claim, undefined) : undefined;
  }

  /** Builds a claimed digest from Zoom as of its due time (with the store inputs read for its chunk, if any). */
  private async buildAhead(
    subscription: DigestSubscriptionRecord,
    zone: string,
    dueAtMs: number,
    localDate: string,
    claim: DigestClaim,
    known: DigestInputs | undefined,
  ): Promise<PreparedDigest> {
    const target: DigestTarget = {
      teamId: subscription.teamId,
      slackUserId: subscription.slackUserId,
      channelId: subscription.channelId,
      zone,
    };
    let message: SlackMessage;
    try {
      message = await this.digests.prepare(target, dueAtMs, this.pacing, known);
    } catch (error) {
      // Given back: at its time the digest is built and sent the usual way, with the usual retries and notices.
      await this.store.releaseDigestDelivery(subscription.id, localDate);
      throw error;
    }
    const content = JSON.stringify(message);
    // A buffer of its own, of the exact size: Buffer.from would slice an 8 kB pool shared with short-lived buffers,
    // and each kept slice would pin its whole pool.
    const contentBytes = Buffer.allocUnsafeSlow(Buffer.byteLength(content, 'utf8'));
    contentBytes.write(content, 'utf8');
    return { subscription, target, localDate, dueAtMs, claimId: claim.claimId, heldUntil: claim.leaseUntil, contentBytes };
  }

  /** Posts this process's prepared digests that are due at `nowMs`: never one before its time. */
  private async postPreparedDue(
    nowMs: number,
    inContext: <T>(subscription: DigestSubscriptionRecord, work: () => Promise<T>) => Promise<T>,
    zones: RunZones,
  ): Promise<DigestRunResult[]> {
    // Each entry is let go as its post starts: a list of them all would hold every prepared digest until the last
    // one of the due instant is out (at 09:00, thousands over minutes).
    const due = new Map<string, AheadEntry>();
    for (const [subscriptionId, entry] of this.ahead) if (entry.dueAtMs <= nowMs) due.set(subscriptionId, entry);
    for (const subscriptionId of due.keys()) this.ahead.delete(subscriptionId);
    const settled = await mapWithConcurrency([...due.keys()], this.tuning.postConcurrency, async (subscriptionId) => {
      const entry = due.get(subscriptionId)!;
      due.delete(subscriptionId);
      const prepared = await entry.ready;
      // Its post has started: no longer waiting, so another may be prepared ahead.
      if (prepared) this.waitingRoom.leave();
      // Not prepared after all (held elsewhere, Zoom failed): the usual way, in this same run.
      return inContext(entry.subscription, () =>
        prepared ? this.postPrepared(prepared, nowMs) : this.handleSubscription(entry.subscription, nowMs, zones),
      );
    });
    const results: DigestRunResult[] = [];
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value) results.push(result.value);
      else if (result.status === 'rejected') this.logger.error({ err: result.reason }, 'prepared digest failed');
    }
    return results;
  }

  private async postPrepared(prepared: PreparedDigest, nowMs: number): Promise<DigestRunResult> {
    const { subscription, target, localDate, claimId } = prepared;
    const result = (outcome: DigestOutcome): DigestRunResult => {
      this.onOutcome(outcome, nowMs - prepared.dueAtMs);
      if (outcome === 'sent' || outcome === 'failed') this.waits.settle(subscription, target.zone, localDate);
      return { subscriptionId: subscription.id, localDate, outcome };
    };
    let heldUntil = prepared.heldUntil;
    const confirm = async () => {
      // The last word on "never early": the post waits for the due time even if it was handed out early.
      if (this.now() < prepared.dueAtMs) return false;
      if (this.leaseAmple(heldUntil)) return true;
      const renewed = await this.store.renewDigestLease(claimId, heldUntil, this.tuning.claimLeaseMs);
      if (renewed) heldUntil = renewed;
      return renewed !== null;
    };
    let posted;
    try {
      const message = JSON.parse(prepared.contentBytes.toString('utf8')) as SlackMessage;
      posted = await this.digests.postPrepared(target, message, this.pacing, { claimId, confirm });
    } catch (error) {
      if (error instanceof DigestClaimLostError) return result('claimed_elsewhere');
      // Slack may have it: looked up by the claim, never released into a second digest.
      if (error instanceof DigestPostUncertainError)
        return result(await this.settlement.afterUncertainPost(subscription, localDate, target, claimId, nowMs));
      return result(await this.settlement.afterFailure(subscription, localDate, target, classifyDigestFailure(error, target), nowMs));
    }
    this.waits.succeeded(subscription.id);
    this.recordSent(subscription.id, claimId, posted);
    return result('sent');
  }

  /**
   * Records a posted digest with the others posted within a second (see SENT_MARKS), without waiting: until it is
   * written its claim stays 'claimed' under a lease, so nobody sends it again, and a takeover after a crash finds
   * the post by its claim id. A run ends only once its digests are recorded. A failed write leaves the claim the
   * same way: it must never be released into a second send.
   */
  private recordSent(subscriptionId: string, claimId: string, posted: PostedDigest): void {
    this.sentMarks
      .add({ claimId, channel: posted.channel, ts: posted.ts })
      .catch((error: unknown) => this.logger.error({ err: error, subscriptionId }, 'digest sent but not recorded'));
  }

  /** The content a stopped process handed over under this claim, if it is still fresh enough to post. */
  private async keptContent(claimId: string, nowMs: number): Promise<SlackMessage | undefined> {
    const kept = await this.store.preparedDigest(claimId);
    if (!kept || nowMs - kept.dueAt.getTime() > this.tuning.prefetchCapMs) return undefined;
    return JSON.parse(kept.content) as SlackMessage;
  }

  /**
   * Whether a lease of ours has at least half its length left: nobody can take the claim over before it ends, and a
   * post (its Slack call bounded by the client's timeout) is done long before. Renewing it would be a write per digest.
   */
  private leaseAmple(heldUntil: Date): boolean {
    return heldUntil.getTime() - this.now() > this.tuning.claimLeaseMs / 2;
  }

  private leaseExpired(delivery: { claimedAt: Date; leaseUntil: Date | null }, nowMs: number): boolean {
    const expiry = delivery.leaseUntil?.getTime() ?? delivery.claimedAt.getTime() + this.tuning.claimLeaseMs;
    return expiry < nowMs;
  }

  /**
   * The subscriber's Slack time zone, refreshed through SlackUsers (which keeps it in the store); a change
   * moves the schedule. Undefined when the app is no longer installed in their workspace.
   */
  private async currentZone(subscription: DigestSubscriptionRecord, zones: RunZones): Promise<string | undefined> {
    const zone = await zones.zoneOf(subscription);
    if (zone === undefined) return undefined;
    if (zone !== subscription.timeZone) {
      await this.store.setDigestTimeZone(subscription.id, zone);
      // Logged with its team: a run's check of who is due runs outside any request context.
      this.logger.info(
        { subscriptionId: subscription.id, teamId: subscription.teamId, from: subscription.timeZone, to: zone },
        'digest follows a new time zone',
      );
    }
    return zone;
  }
}

/**
 * Each queued digest with how long its post is expected to wait behind the earlier ones of its workspace and due
 * instant under the workspace's post ceiling (the queue is in posting order).
 */
function withExpectedPosts<T extends { subscription: DigestSubscriptionRecord; dueAtMs: number }>(
  queue: readonly T[],
  postsPerMinute: number,
): (T & { backlogMs: number })[] {
  const ahead = new Map<string, number>();
  return queue.map((entry) => {
    const key = `${entry.subscription.teamId} ${entry.dueAtMs}`;
    const position = ahead.get(key) ?? 0;
    ahead.set(key, position + 1);
    return { ...entry, backlogMs: (position * 60_000) / postsPerMinute };
  });
}

/** Conversation keys are `team:channel` (src/slack/web/post.ts); the workspace ceiling is per team. */
function workspaceOf(conversationKey: string): string {
  return conversationKey.slice(0, conversationKey.indexOf(':'));
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
