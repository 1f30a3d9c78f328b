import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import { runInRequestContext } from '../lib/request-context';
import type { ClaimedJob, Store } from '../store';
import { realJobTimer, type JobTimer } from './job-timer';

/**
 * Runs the durable jobs of src/store/jobs.ts: polls with jitter (so instances do not poll in step), claims up to
 * `concurrency` jobs under a lease, keeps the lease alive while a job runs, retries a failure with exponential
 * backoff, and sweeps now and then. A process that dies mid-job loses nothing: its lease runs out and another
 * process (or this one after a restart) takes the job over. Handlers must therefore be idempotent.
 */

export type JobHandler = (payload: unknown, job: ClaimedJob) => Promise<void>;

/** Thrown by a handler for work that can never succeed (e.g. a payload it cannot read): no retry. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export interface JobRunnerTuning {
  pollMs: number;
  jitterMs: number;
  concurrency: number;
  /** A crashed process's job waits this long before another takes it over. */
  leaseMs: number;
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  sweepEveryMs: number;
  /** Finished jobs (and their dedupe keys) are kept this long; Zoom redelivers for about 85 minutes. */
  keepFinishedMs: number;
  /** On stop, running jobs get this long to finish before their leases are released. */
  drainMs: number;
  /** How long after it was enqueued a job failing on an outage is still retried (see `isOutage`). */
  outagePatienceMs: number;
}

export const DEFAULT_JOB_TUNING: JobRunnerTuning = {
  pollMs: 2_000,
  jitterMs: 1_000,
  concurrency: 4,
  leaseMs: 60_000,
  firstRetryDelayMs: 5_000,
  maxRetryDelayMs: 15 * 60_000,
  sweepEveryMs: 5 * 60_000,
  keepFinishedMs: 24 * 60 * 60_000,
  drainMs: 10_000,
  outagePatienceMs: 24 * 60 * 60_000,
};

export interface JobRunnerOptions extends Partial<JobRunnerTuning> {
  store: Store;
  logger: Logger;
  /** More kinds can be added with {@link JobRunner.register} before start. */
  handlers?: Record<string, JobHandler>;
  now?: () => number;
  timer?: JobTimer;
  random?: () => number;
  /** Names this process in leases; defaults to pid + random. */
  owner?: string;
  /**
   * Whether a failure is a passing outage (Slack or Zoom down, unreachable, rate limiting): such a job keeps
   * retrying at the capped backoff past its attempts until `outagePatienceMs` after it was enqueued, so an outage
   * longer than the attempts' hour delays the work instead of losing it.
   */
  isOutage?: (error: unknown) => boolean;
}

export class JobRunner {
  readonly owner: string;
  private readonly tuning: JobRunnerTuning;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timer: JobTimer;
  private readonly random: () => number;
  private readonly running = new Map<string, Promise<void>>();
  private readonly handlers: Record<string, JobHandler>;
  private handle: unknown;
  private polling: Promise<void> | undefined;
  private stopped = true;
  private wasStarted = false;
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: JobRunnerOptions) {
    const { store: _store, logger, handlers, now, timer, random, owner, isOutage: _isOutage, ...tuning } = options;
    this.handlers = { ...handlers };
    this.tuning = { ...DEFAULT_JOB_TUNING, ...definedOnly(tuning) };
    this.logger = logger.child({ component: 'job-runner' });
    this.now = now ?? Date.now;
    this.timer = timer ?? realJobTimer;
    this.random = random ?? Math.random;
    this.owner = owner ?? `${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  /** Adds the handler of one job kind (the composition root wires each kind here). */
  register(kind: string, handler: JobHandler): void {
    this.handlers[kind] = handler;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wasStarted = true;
    // The first poll comes a tick after the start, not at once: its first queries (each a first for Prisma's query
    // compiler) would hold up the process's first requests, a health check's included, by ~25 ms. A job stored
    // meanwhile kicks a poll at once (kick()).
    this.schedule(this.tuning.pollMs + this.random() * this.tuning.jitterMs);
  }

  /** Polls now instead of at the next tick (the intake calls it after storing a job, for low latency). */
  kick(): void {
    if (this.stopped || this.polling) return;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    this.schedule(0);
  }

  /**
   * Stops claiming, gives running jobs `drainMs` to finish, and releases the leases of those still running, so
   * another instance takes them at once instead of after the lease. Never drops a job.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timer.clear(this.handle);
    this.handle = undefined;
    await this.polling;
    if (this.running.size === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    const drained = Promise.allSettled([...this.running.values()]).then(() => true);
    const expired = new Promise<false>((resolve) => {
      timeout = setTimeout(() => resolve(false), this.tuning.drainMs);
    });
    const finished = await Promise.race([drained, expired]);
    clearTimeout(timeout);
    if (finished) return;
    for (const id of this.running.keys()) {
      try {
        await this.options.store.releaseJob(id, this.owner);
        this.logger.info({ jobId: id }, 'job released at shutdown; another instance will take it');
      } catch (error) {
        this.logger.warn({ err: error, jobId: id }, 'could not release a job at shutdown; it is taken over when its lease expires');
      }
    }
  }

  /** Resolves once nothing is running and no due job is left (tests; retries scheduled later stay queued). */
  async idle(): Promise<void> {
    for (;;) {
      await this.polling;
      if (this.running.size > 0) {
        await Promise.allSettled([...this.running.values()]);
        continue;
      }
      if (this.stopped && this.handle === undefined && this.wasStarted) return;
      if ((await this.runOnce()) === 0 && this.running.size === 0) return;
    }
  }

  /** One claim pass; resolves when the jobs it claimed have finished (tests drive the runner with it). */
  async runOnce(): Promise<number> {
    await this.sweepNowAndThen();
    const free = this.tuning.concurrency - this.running.size;
    const jobs = await this.options.store.claimJobs({
      owner: this.owner,
      leaseMs: this.tuning.leaseMs,
      limit: free,
      kinds: Object.keys(this.handlers),
    });
    await Promise.allSettled(jobs.map((job) => this.track(job)));
    return jobs.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        this.schedule(this.tuning.pollMs + this.random() * this.tuning.jitterMs);
      });
    }, delayMs);
  }

  /** Claims and starts jobs without waiting for them, so a slow job does not hold up the next poll. */
  private async poll(): Promise<void> {
    try {
      await this.sweepNowAndThen();
      const free = this.tuning.concurrency - this.running.size;
      if (free <= 0) return;
      const jobs = await this.options.store.claimJobs({
        owner: this.owner,
        leaseMs: this.tuning.leaseMs,
        limit: free,
        kinds: Object.keys(this.handlers),
      });
      for (const job of jobs) void this.track(job);
    } catch (error) {
      // The database being down is an outage, not a job failure: the next poll tries again.
      this.logger.warn({ err: error }, 'job poll failed');
    }
  }

  private track(job: ClaimedJob): Promise<void> {
    // The job id is the request id of every line its attempts log, so one grep follows a job across retries.
    const work = runInRequestContext({ reqId: job.id, kind: `job:${job.kind}` }, () => this.execute(job)).finally(() =>
      this.running.delete(job.id),
    );
    this.running.set(job.id, work);
    return work;
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const { store } = this.options;
    const { handlers } = this;
    const log = { jobId: job.id, kind: job.kind, attempt: job.attempt };
    const heartbeat = setInterval(
      () => {
        store.extendJobLease(job.id, this.owner, this.tuning.leaseMs).catch((error: unknown) => {
          this.logger.warn({ ...log, err: error }, 'could not extend a job lease');
        });
      },
      Math.max(1, Math.floor(this.tuning.leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      await handler(job.payload, job);
      if (!(await store.completeJob(job.id, this.owner))) {
        this.logger.warn(log, 'job finished after its lease was taken over; the new holder records it');
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentJobError || (job.attempt >= job.maxAttempts && !this.waitsOutOutage(job, error));
      const retryAt = permanent ? null : new Date(this.now() + this.backoffMs(job.attempt));
      try {
        await store.failJob(job.id, this.owner, reason, retryAt);
      } catch (recordError) {
        this.logger.warn({ ...log, err: recordError }, 'could not record a job failure; it is retried when its lease expires');
      }
      if (permanent) this.logger.error({ ...log, err: error }, 'job failed for good');
      else this.logger.warn({ ...log, err: error, retryAt }, 'job failed; will retry');
    } finally {
      clearInterval(heartbeat);
    }
  }

  private waitsOutOutage(job: ClaimedJob, error: unknown): boolean {
    const isOutage = this.options.isOutage;
    return isOutage !== undefined && isOutage(error) && this.now() - job.createdAt.getTime() < this.tuning.outagePatienceMs;
  }

  /** Exponential with full jitter: 5 s, 10 s, 20 s… up to the cap, each somewhere in its upper half. */
  private backoffMs(attempt: number): number {
    const exponential = Math.min(this.tuning.maxRetryDelayMs, this.tuning.firstRetryDelayMs * 2 ** (attempt - 1));
    return Math.round(exponential / 2 + (this.random() * exponential) / 2);
  }

  private async sweepNowAndThen(): Promise<void> {
    const nowMs = this.now();
    if (nowMs - this.lastSweepMs < this.tuning.sweepEveryMs) return;
    this.lastSweepMs = nowMs;
    try {
      const swept = await this.options.store.sweepJobs(new Date(nowMs - this.tuning.keepFinishedMs));
      if (swept.requeued > 0) this.logger.info(swept, 'swept jobs whose process died');
    } catch (error) {
      this.logger.warn({ err: error }, 'job sweep failed');
    }
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
