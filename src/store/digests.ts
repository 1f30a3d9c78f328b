import { randomUUID } from 'node:crypto';
import { join, sqltag } from '@prisma/client/runtime/client';
import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';
import { normalizeHHMM } from '../time';

export interface DigestSubscriptionRecord {
  id: string;
  teamId: string;
  slackUserId: string;
  /** "HH:MM", local to `timeZone`. */
  localTime: string;
  timeZone: string;
  /** Null means a DM. */
  channelId: string | null;
  enabled: boolean;
}

export interface UpsertDigestSubscriptionInput {
  teamId: string;
  slackUserId: string;
  localTime: string;
  timeZone: string;
  channelId: string | null;
}

const subscriptionSelect = {
  id: true,
  teamId: true,
  slackUserId: true,
  localTime: true,
  timeZone: true,
  channelId: true,
  enabled: true,
} as const;

/** Subscriptions read per query when all are listed. */
const SUBSCRIPTIONS_PAGE = 2_000;

/** A claim on one subscription's digest of one local day. */
export interface DigestClaim {
  /** Carried by the posted digest (message metadata), so a takeover can find it. */
  claimId: string;
  /** This claimer's lease; renew it with `renewDigestLease` before posting. */
  leaseUntil: Date;
  /** Set when this claim took over one whose process died: it may have posted since `since`. */
  takenOver: { since: Date } | null;
}

export class DigestInputError extends Error {
  override readonly name = 'DigestInputError';
}

const deliverySelect = {
  status: true,
  claimedAt: true,
  leaseUntil: true,
  sentAt: true,
  error: true,
  channelId: true,
  messageTs: true,
} as const;

export interface DigestDeliveryRecord {
  status: string;
  claimedAt: Date;
  leaseUntil: Date | null;
  sentAt: Date | null;
  error: string | null;
  channelId: string | null;
  messageTs: string | null;
}

export interface DigestDay {
  /** The day's claim, sent or failed delivery; null when nobody claimed it yet. */
  delivery: DigestDeliveryRecord | null;
  /** The latest digest sent at or after the day's scheduled time, whatever its date; null when none was. */
  sentSince: Date | null;
}

const ACCOUNT_LOOKUP_CHUNK = 500;
const DAY_LOOKUP_CHUNK = 500;

/** A day as digestDay weighs it, from its subscription's rows of that date or sent since `scheduledAt` (and any others). */
function dayFrom(rows: readonly ({ localDate: string } & DigestDeliveryRecord)[], localDate: string, scheduledAt: Date): DigestDay {
  let sentSince: Date | null = null;
  for (const row of rows) {
    if (row.status === 'sent' && row.sentAt && row.sentAt >= scheduledAt && (!sentSince || row.sentAt > sentSince)) sentSince = row.sentAt;
  }
  const day = rows.find((row) => row.localDate === localDate);
  if (!day) return { delivery: null, sentSince };
  const { localDate: _date, ...delivery } = day;
  return { delivery, sentSince };
}

/** Three bound parameters a row: well under SQLite's bound-parameter limit. */
const SENT_MARKS_CHUNK = 200;

/** A digest whose post is out, under its claim. */
export interface SentDigest {
  claimId: string;
  channel: string;
  ts: string;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function assertLocalDate(localDate: string): void {
  if (!LOCAL_DATE.test(localDate)) throw new DigestInputError(`local date must be YYYY-MM-DD, got ${localDate}`);
}

function deliveryKey(subscriptionId: string, localDate: string) {
  assertLocalDate(localDate);
  return { subscriptionId_localDate: { subscriptionId, localDate } };
}

export function digestRepository({ prisma, now }: StoreContext) {
  /**
   * The subscriptions matching `where`, oldest first, a page at a time: the client turns each row into objects
   * several times over, and 50 000 in one result made the process's largest heap (about 170 MB) at a scheduler run.
   */
  async function* subscriptionPages(where: { enabled: true } | { updatedAt: { gte: Date } }): AsyncGenerator<DigestSubscriptionRecord[]> {
    let lastId: string | undefined;
    for (;;) {
      const page = await prisma.digestSubscription.findMany({
        where,
        select: subscriptionSelect,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: SUBSCRIPTIONS_PAGE,
        ...(lastId ? { cursor: { id: lastId }, skip: 1 } : {}),
      });
      if (page.length > 0) yield page;
      if (page.length < SUBSCRIPTIONS_PAGE) return;
      lastId = page[page.length - 1]!.id;
    }
  }

  return {
    /** `digest on`: creates or replaces the user's subscription and enables it. */
    async upsertDigestSubscription(input: UpsertDigestSubscriptionInput): Promise<DigestSubscriptionRecord> {
      if (normalizeHHMM(input.localTime) !== input.localTime) {
        throw new DigestInputError(`digest time must be HH:MM (24 h), got ${input.localTime}`);
      }
      const fields = { localTime: input.localTime, timeZone: input.timeZone, channelId: input.channelId, enabled: true };
      return prisma.digestSubscription.upsert({
        where: { teamId_slackUserId: { teamId: input.teamId, slackUserId: input.slackUserId } },
        create: { teamId: input.teamId, slackUserId: input.slackUserId, ...fields },
        update: fields,
        select: subscriptionSelect,
      });
    },

    /** `digest off`. Returns whether there was a subscription. */
    async disableDigest(teamId: string, slackUserId: string): Promise<boolean> {
      const { count } = await prisma.digestSubscription.updateMany({
        where: { teamId, slackUserId },
        data: { enabled: false },
      });
      return count > 0;
    },

    async getDigestSubscription(teamId: string, slackUserId: string): Promise<DigestSubscriptionRecord | null> {
      return prisma.digestSubscription.findUnique({
        where: { teamId_slackUserId: { teamId, slackUserId } },
        select: subscriptionSelect,
      });
    },

    /** The scheduler follows the subscriber's Slack `tz`; only the zone changes, never `enabled`. */
    async setDigestTimeZone(subscriptionId: string, timeZone: string): Promise<void> {
      await prisma.digestSubscription.updateMany({ where: { id: subscriptionId }, data: { timeZone } });
    },

    /** When this subscription's latest digest went out, if ever (a zone change must not repeat it). */
    async lastDigestSentAt(subscriptionId: string): Promise<Date | null> {
      const latest = await prisma.digestDelivery.findFirst({
        where: { subscriptionId, status: 'sent' },
        orderBy: { sentAt: 'desc' },
        select: { sentAt: true },
      });
      return latest?.sentAt ?? null;
    },

    /** Every enabled subscription, oldest first. */
    async listEnabledDigestSubscriptions(): Promise<DigestSubscriptionRecord[]> {
      const all: DigestSubscriptionRecord[] = [];
      for await (const page of subscriptionPages({ enabled: true })) all.push(...page);
      return all;
    },

    /** The same, a page at a time, for a caller that keeps its own list and takes each page as it comes. */
    enabledDigestSubscriptionPages(): AsyncIterable<DigestSubscriptionRecord[]> {
      return subscriptionPages({ enabled: true });
    },

    /**
     * Every subscription, enabled or not, updated (or created) at or after `since`, oldest first and a page at a
     * time: what changed since a listing, for a caller that keeps the list (src/jobs/digest-subscription-list.ts) and
     * applies each page as it comes. The database scans the table; only the changed rows reach the process.
     */
    digestSubscriptionPagesUpdatedSince(since: Date): AsyncIterable<DigestSubscriptionRecord[]> {
      return subscriptionPages({ updatedAt: { gte: since } });
    },

    async countEnabledDigestSubscriptions(): Promise<number> {
      return prisma.digestSubscription.count({ where: { enabled: true } });
    },

    /**
     * Claims the digest of `localDate` for this subscription. The insert either creates the one row the
     * unique (subscription, date) allows, or fails: exactly one claimer wins, across processes and restarts.
     */
    async claimDigestDelivery(subscriptionId: string, localDate: string): Promise<boolean> {
      assertLocalDate(localDate);
      try {
        await prisma.digestDelivery.create({
          data: { subscriptionId, localDate, status: 'claimed', claimedAt: now() },
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /**
     * Claims the digest of `localDate` under a lease, or takes over a claim whose lease ran out (its process
     * died between claiming and recording). Null when the day is settled or another live process holds it.
     * The takeover is a conditional update on the lease it replaces: two processes cannot both win.
     */
    async claimDigestWithLease(subscriptionId: string, localDate: string, leaseMs: number): Promise<DigestClaim | null> {
      assertLocalDate(localDate);
      const at = now();
      const leaseUntil = new Date(at.getTime() + leaseMs);
      try {
        const row = await prisma.digestDelivery.create({
          data: { subscriptionId, localDate, status: 'claimed', claimedAt: at, leaseUntil },
          select: { id: true },
        });
        return { claimId: row.id, leaseUntil, takenOver: null };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const existing = await prisma.digestDelivery.findUnique({
        where: deliveryKey(subscriptionId, localDate),
        select: { id: true, status: true, claimedAt: true, leaseUntil: true },
      });
      if (!existing || existing.status !== 'claimed') return null;
      // A claim from before leases (leaseUntil null) counts as leased for `leaseMs` from when it was made.
      const expiry = existing.leaseUntil ?? new Date(existing.claimedAt.getTime() + leaseMs);
      if (expiry.getTime() >= at.getTime()) return null;
      const { count } = await prisma.digestDelivery.updateMany({
        where: { id: existing.id, status: 'claimed', leaseUntil: existing.leaseUntil },
        data: { leaseUntil },
      });
      return count === 1 ? { claimId: existing.id, leaseUntil, takenOver: { since: existing.claimedAt } } : null;
    },

    /**
     * Claims the digest of `localDate` ahead of its time, in one statement, unless the day already has a row (claimed,
     * sent or failed) or a digest went out at or after `scheduledAt` under another date (after a move west). Null when
     * it was not claimed: a claim left by a dead process is not taken over here but at the due time, which asks Slack
     * first (`claimDigestWithLease`). Raw SQL because the condition spans rows Prisma's create cannot test, and this
     * runs once per digest at 09:00: one statement instead of a read and an insert.
     */
    async claimUnsentDigest(subscriptionId: string, localDate: string, scheduledAt: Date, leaseUntil: Date): Promise<DigestClaim | null> {
      assertLocalDate(localDate);
      const claimId = randomUUID();
      const inserted = await prisma.$executeRaw`
        INSERT INTO "DigestDelivery" ("id", "subscriptionId", "localDate", "status", "claimedAt", "leaseUntil")
        SELECT ${claimId}, ${subscriptionId}, ${localDate}, 'claimed', ${now()}, ${leaseUntil}
        WHERE NOT EXISTS (
          SELECT 1 FROM "DigestDelivery"
          WHERE "subscriptionId" = ${subscriptionId}
            AND ("localDate" = ${localDate} OR ("status" = 'sent' AND "sentAt" >= ${scheduledAt}))
        )
        ON CONFLICT DO NOTHING`;
      return inserted === 1 ? { claimId, leaseUntil, takenOver: null } : null;
    },

    /**
     * `claimUnsentDigest` for several subscriptions whose digests are due at the same `scheduledAt`, in one statement;
     * the claims made, by subscription id (those missing were not claimed, for the same reasons). One lease for them
     * all: the caller gives the latest any of them needs.
     */
    async claimUnsentDigests(
      digests: readonly { subscriptionId: string; localDate: string }[],
      scheduledAt: Date,
      leaseUntil: Date,
    ): Promise<Map<string, DigestClaim>> {
      const claims = new Map<string, DigestClaim>();
      if (digests.length === 0) return claims;
      digests.forEach(({ localDate }) => assertLocalDate(localDate));
      const claimIds = new Map(digests.map(({ subscriptionId }) => [subscriptionId, randomUUID()]));
      const rows = digests.map(
        ({ subscriptionId, localDate }) => sqltag`(${claimIds.get(subscriptionId)}, ${subscriptionId}, ${localDate})`,
      );
      // The WHERE also settles SQLite's reading of ON CONFLICT after INSERT … SELECT (it needs one there).
      const claimed = await prisma.$queryRaw<{ subscriptionId: string }[]>`
        INSERT INTO "DigestDelivery" ("id", "subscriptionId", "localDate", "status", "claimedAt", "leaseUntil")
        SELECT v.column1, v.column2, v.column3, 'claimed', ${now()}, ${leaseUntil}
        FROM (VALUES ${join(rows)}) AS v
        WHERE NOT EXISTS (
          SELECT 1 FROM "DigestDelivery" AS d
          WHERE d."subscriptionId" = v.column2
            AND (d."localDate" = v.column3 OR (d."status" = 'sent' AND d."sentAt" >= ${scheduledAt}))
        )
        ON CONFLICT DO NOTHING
        RETURNING "subscriptionId"`;
      for (const { subscriptionId } of claimed)
        claims.set(subscriptionId, { claimId: claimIds.get(subscriptionId)!, leaseUntil, takenOver: null });
      return claims;
    },

    /** Extends a claim's lease if it is still the caller's (unchanged since `heldUntil`); the new lease, or null. */
    async renewDigestLease(claimId: string, heldUntil: Date, leaseMs: number): Promise<Date | null> {
      const leaseUntil = new Date(now().getTime() + leaseMs);
      const { count } = await prisma.digestDelivery.updateMany({
        where: { id: claimId, status: 'claimed', leaseUntil: heldUntil },
        data: { leaseUntil },
      });
      return count === 1 ? leaseUntil : null;
    },

    /** Gives up a claim that was not sent (e.g. Slack was unreachable), so that a later run can retry it. */
    async releaseDigestDelivery(subscriptionId: string, localDate: string): Promise<void> {
      await prisma.digestDelivery.deleteMany({ where: { subscriptionId, localDate, status: 'claimed' } });
    },

    async markDigestSent(subscriptionId: string, localDate: string, message: { channel: string; ts: string }): Promise<void> {
      await prisma.digestDelivery.update({
        where: deliveryKey(subscriptionId, localDate),
        data: { status: 'sent', sentAt: now(), channelId: message.channel, messageTs: message.ts, error: null },
      });
    },

    /**
     * Records digests as sent, their posts being out, in one statement per `SENT_MARKS_CHUNK`: at 09:00 a write per
     * digest would be most of the database's work. Raw SQL because each row gets its own message; UPDATE … FROM
     * (VALUES …) reads the same on SQLite (3.33 and later) and PostgreSQL. `sentAt` is the write's time, the batch's
     * (a second at most after its posts): PostgreSQL types the VALUES columns as text, a timestamp among them would
     * need a cast SQLite does not read the same way.
     */
    async markDigestsSent(sent: readonly SentDigest[]): Promise<void> {
      for (let i = 0; i < sent.length; i += SENT_MARKS_CHUNK) {
        const rows = sent.slice(i, i + SENT_MARKS_CHUNK).map((mark) => sqltag`(${mark.claimId}, ${mark.channel}, ${mark.ts})`);
        await prisma.$executeRaw`
          UPDATE "DigestDelivery"
          SET "status" = 'sent', "channelId" = v.column2, "messageTs" = v.column3, "sentAt" = ${now()}, "error" = NULL
          FROM (VALUES ${join(rows)}) AS v
          WHERE "DigestDelivery"."id" = v.column1`;
      }
    },

    /** Keeps the claim (so the day is not retried) and records why it failed. */
    async markDigestFailed(subscriptionId: string, localDate: string, error: string): Promise<void> {
      await prisma.digestDelivery.update({
        where: deliveryKey(subscriptionId, localDate),
        data: { status: 'failed', error: error.slice(0, 1000) },
      });
    },

    /**
     * A stopping process hands a digest it prepared ahead of `dueAt` to whoever runs then, if the claim is still the
     * caller's (lease unchanged since `heldUntil`): the content is kept with the claim and the lease cut to `until`,
     * so the next process posts it unchanged at its time without asking Zoom again.
     */
    async handOverDigest(claimId: string, heldUntil: Date, until: Date, content: string, dueAt: Date): Promise<boolean> {
      const { count } = await prisma.digestDelivery.updateMany({
        where: { id: claimId, status: 'claimed', leaseUntil: heldUntil },
        data: { content, dueAt, leaseUntil: until },
      });
      return count === 1;
    },

    /** The digest prepared under `claimId`, if one was kept and the claim is not settled. */
    async preparedDigest(claimId: string): Promise<{ content: string; dueAt: Date } | null> {
      const row = await prisma.digestDelivery.findFirst({
        where: { id: claimId, status: 'claimed' },
        select: { content: true, dueAt: true },
      });
      return row?.content && row.dueAt ? { content: row.content, dueAt: row.dueAt } : null;
    },

    /**
     * Per subscriber, the Zoom account their calls count against (the connection's account, else its user), in
     * one query: the scheduler groups the digests due soon by account to know how early to fetch them.
     */
    async digestZoomAccounts(teamId: string, slackUserIds: readonly string[]): Promise<Map<string, string>> {
      const accounts = new Map<string, string>();
      // In chunks: SQLite bounds the number of bound parameters in one statement.
      for (let i = 0; i < slackUserIds.length; i += ACCOUNT_LOOKUP_CHUNK) {
        const rows = await prisma.zoomConnection.findMany({
          where: { kind: 'user', teamId, slackUserId: { in: slackUserIds.slice(i, i + ACCOUNT_LOOKUP_CHUNK) } },
          select: { slackUserId: true, zoomAccountId: true, zoomUserId: true },
        });
        for (const row of rows) accounts.set(row.slackUserId ?? '', row.zoomAccountId ?? row.zoomUserId);
      }
      return accounts;
    },

    async getDigestDelivery(subscriptionId: string, localDate: string) {
      return prisma.digestDelivery.findUnique({
        where: deliveryKey(subscriptionId, localDate),
        select: deliverySelect,
      });
    },

    /**
     * One local day as the scheduler weighs it, in one query: the day's delivery row, and whether a digest went out
     * at or after `scheduledAt` (the day's time) under any date (after a move west, "today" may have had its
     * digest under the old zone's date). The latest send before `scheduledAt` never changes the answer, so it is
     * not read.
     */
    async digestDay(subscriptionId: string, localDate: string, scheduledAt: Date): Promise<DigestDay> {
      assertLocalDate(localDate);
      const rows = await prisma.digestDelivery.findMany({
        where: { subscriptionId, OR: [{ localDate }, { status: 'sent', sentAt: { gte: scheduledAt } }] },
        select: { localDate: true, ...deliverySelect },
      });
      return dayFrom(rows, localDate, scheduledAt);
    },

    /**
     * `digestDay` for several subscriptions, one query per `DAY_LOOKUP_CHUNK` of them (a scheduler run after a start
     * weighs every subscription whose time has passed); by subscription id. Each chunk reads its subscriptions' rows
     * of any of the days asked or sent since the earliest time asked, and each day is then weighed as digestDay does.
     */
    async digestDays(days: readonly { subscriptionId: string; localDate: string; scheduledAt: Date }[]): Promise<Map<string, DigestDay>> {
      const found = new Map<string, DigestDay>();
      for (let i = 0; i < days.length; i += DAY_LOOKUP_CHUNK) {
        const chunk = days.slice(i, i + DAY_LOOKUP_CHUNK);
        chunk.forEach(({ localDate }) => assertLocalDate(localDate));
        const earliest = new Date(Math.min(...chunk.map(({ scheduledAt }) => scheduledAt.getTime())));
        const rows = await prisma.digestDelivery.findMany({
          where: {
            subscriptionId: { in: chunk.map(({ subscriptionId }) => subscriptionId) },
            OR: [
              { localDate: { in: [...new Set(chunk.map(({ localDate }) => localDate))] } },
              { status: 'sent', sentAt: { gte: earliest } },
            ],
          },
          select: { subscriptionId: true, localDate: true, ...deliverySelect },
        });
        const bySubscription = new Map<string, typeof rows>();
        for (const row of rows) {
          const own = bySubscription.get(row.subscriptionId) ?? [];
          bySubscription.set(row.subscriptionId, own);
          own.push(row);
        }
        for (const { subscriptionId, localDate, scheduledAt } of chunk) {
          const own = (bySubscription.get(subscriptionId) ?? []).map(({ subscriptionId: _id, ...row }) => row);
          found.set(subscriptionId, dayFrom(own, localDate, scheduledAt));
        }
      }
      return found;
    },
  };
}
