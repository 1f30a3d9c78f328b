import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';

/**
 * The durable job table behind every piece of background work: at least once in (a job is a row before anyone
 * is told "accepted"), claimed under a lease (a crashed process's job is taken over once its lease expires),
 * retried with backoff, and swept.
 *
 * Why not a job library: pg-boss and graphile-worker run on PostgreSQL only and BullMQ needs Redis; the app runs
 * on SQLite or PostgreSQL with one code path, so this is one small table and conditional updates, which both
 * providers make atomic (a claim is an UPDATE whose WHERE re-checks the row's state; the loser updates 0 rows).
 */

export type JobStatus = 'queued' | 'running' | 'done' | 'dead';

export interface EnqueueJobInput {
  kind: string;
  /** Unique across all jobs ever kept: the same work enqueued twice is one job. */
  dedupeKey: string;
  /** JSON-serialisable input; stored encrypted. Never put tokens here. */
  payload: unknown;
  /** Defaults to now. */
  runAfter?: Date;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  dedupeKey: string;
  payload: unknown;
  /** This attempt's number, from 1. */
  attempt: number;
  maxAttempts: number;
  /** When the job was first enqueued (e.g. to look for a message posted by an earlier attempt). */
  createdAt: Date;
  leaseUntil: Date;
}

export interface JobRecord {
  id: string;
  kind: string;
  dedupeKey: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  leaseUntil: Date | null;
  leaseOwner: string | null;
  lastError: string | null;
  finishedAt: Date | null;
}

export interface ClaimJobsInput {
  /** Names the claimer (process id + random); only it may complete, fail, release or extend the job. */
  owner: string;
  leaseMs: number;
  limit: number;
  /** Only jobs of these kinds; all kinds when absent. */
  kinds?: readonly string[];
}

const DEFAULT_MAX_ATTEMPTS = 10;
const ERROR_MAX_CHARS = 1000;

const recordSelect = {
  id: true,
  kind: true,
  dedupeKey: true,
  status: true,
  attempts: true,
  maxAttempts: true,
  runAfter: true,
  leaseUntil: true,
  leaseOwner: true,
  lastError: true,
  finishedAt: true,
} as const;

export function jobRepository({ prisma, secrets, now }: StoreContext) {
  /** What a claimer may take: due queued work, or running work whose lease has run out (its process died). */
  const claimable = (at: Date) => ({
    OR: [
      { status: 'queued', runAfter: { lte: at } },
      { status: 'running', leaseUntil: { lt: at } },
    ],
  });
  const held = (id: string, owner: string) => ({ id, status: 'running', leaseOwner: owner });

  return {
    /** True when this call created the job; false when a job with this dedupe key already exists. */
    async enqueueJob(input: EnqueueJobInput): Promise<{ created: boolean }> {
      try {
        await prisma.backgroundJob.create({
          data: {
            kind: input.kind,
            dedupeKey: input.dedupeKey,
            payloadEnc: secrets.encrypt(JSON.stringify(input.payload ?? null), 'job.payload'),
            status: 'queued',
            maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
            runAfter: input.runAfter ?? now(),
          },
        });
        return { created: true };
      } catch (error) {
        if (isUniqueViolation(error)) return { created: false };
        throw error;
      }
    },

    /**
     * Claims up to `limit` due jobs, oldest first. Each claim is a conditional update, so two processes racing
     * for one job cannot both win; a job whose lease expired is taken over with its attempt count kept.
     */
    async claimJobs({ owner, leaseMs, limit, kinds }: ClaimJobsInput): Promise<ClaimedJob[]> {
      if (limit <= 0) return [];
      const at = now();
      const kindFilter = kinds ? { kind: { in: [...kinds] } } : {};
      const candidates = await prisma.backgroundJob.findMany({
        where: { ...claimable(at), ...kindFilter },
        orderBy: { runAfter: 'asc' },
        take: limit * 2,
        select: { id: true },
      });
      const claimed: ClaimedJob[] = [];
      for (const { id } of candidates) {
        if (claimed.length >= limit) break;
        const leaseUntil = new Date(at.getTime() + leaseMs);
        const { count } = await prisma.backgroundJob.updateMany({
          where: { id, ...claimable(at) },
          data: { status: 'running', leaseOwner: owner, leaseUntil, attempts: { increment: 1 } },
        });
        if (count !== 1) continue;
        const row = await prisma.backgroundJob.findUnique({ where: { id } });
        // Lost between the update and the read only if our lease already ran out; then it is not ours.
        if (!row || row.leaseOwner !== owner) continue;
        claimed.push({
          id,
          kind: row.kind,
          dedupeKey: row.dedupeKey,
          payload: JSON.parse(secrets.decrypt(row.payloadEnc, 'job.payload')) as unknown,
          attempt: row.attempts,
          maxAttempts: row.maxAttempts,
          createdAt: row.createdAt,
          leaseUntil,
        });
      }
      return claimed;
    },

    /** False when the lease was lost (another process took the job over): the caller's result is not recorded. */
    async completeJob(id: string, owner: string): Promise<boolean> {
      const { count } = await prisma.backgroundJob.updateMany({
        where: held(id, owner),
        data: { status: 'done', finishedAt: now(), leaseUntil: null, lastError: null },
      });
      return count === 1;
    },

    /** Puts the job back for a retry at `retryAt`, or, with `retryAt` null, gives it up for good (`dead`). */
    async failJob(id: string, owner: string, error: string, retryAt: Date | null): Promise<boolean> {
      const lastError = error.slice(0, ERROR_MAX_CHARS);
      const data =
        retryAt === null
          ? { status: 'dead', finishedAt: now(), leaseUntil: null, leaseOwner: null, lastError }
          : { status: 'queued', runAfter: retryAt, leaseUntil: null, leaseOwner: null, lastError };
      const { count } = await prisma.backgroundJob.updateMany({ where: held(id, owner), data });
      return count === 1;
    },

    /** Hands an unfinished job back (shutdown): due at once, and the interrupted attempt does not count. */
    async releaseJob(id: string, owner: string): Promise<boolean> {
      const { count } = await prisma.backgroundJob.updateMany({
        where: held(id, owner),
        data: { status: 'queued', runAfter: now(), leaseUntil: null, leaseOwner: null, attempts: { decrement: 1 } },
      });
      return count === 1;
    },

    /** Keeps a long job's lease alive; false when it was already lost. */
    async extendJobLease(id: string, owner: string, leaseMs: number): Promise<boolean> {
      const at = now();
      const { count } = await prisma.backgroundJob.updateMany({
        where: { ...held(id, owner), leaseUntil: { gte: at } },
        data: { leaseUntil: new Date(at.getTime() + leaseMs) },
      });
      return count === 1;
    },

    /**
     * The sweeper: requeues running jobs whose lease expired (their process died; claims take them over too,
     * this makes them visible as queued) and forgets finished jobs older than `forgetFinishedBefore`. A dead
     * job's dedupe key is forgotten with it, so keep finished jobs longer than the sender's redelivery window.
     */
    async sweepJobs(forgetFinishedBefore: Date): Promise<{ requeued: number; forgotten: number }> {
      const at = now();
      const requeued = await prisma.backgroundJob.updateMany({
        where: { status: 'running', leaseUntil: { lt: at } },
        data: { status: 'queued', runAfter: at, leaseOwner: null, leaseUntil: null },
      });
      const forgotten = await prisma.backgroundJob.deleteMany({
        where: { status: { in: ['done', 'dead'] }, finishedAt: { lt: forgetFinishedBefore } },
      });
      return { requeued: requeued.count, forgotten: forgotten.count };
    },

    async getJobByDedupeKey(dedupeKey: string): Promise<JobRecord | null> {
      const row = await prisma.backgroundJob.findUnique({ where: { dedupeKey }, select: recordSelect });
      return row && { ...row, status: row.status as JobStatus };
    },

    async countJobs(status: JobStatus, kind?: string): Promise<number> {
      return prisma.backgroundJob.count({ where: { status, ...(kind ? { kind } : {}) } });
    },
  };
}
