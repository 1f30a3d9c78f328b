import { join, sqltag } from '@prisma/client/runtime/client';
import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';

/** Contention between processes is brief (one slot per post); this many lost races in a row means something is wrong. */
const MAX_RESERVE_ATTEMPTS = 50;

/** Keys whose last write by this store is remembered; emptied when full (the hints only choose an order). */
const REMEMBERED_KEYS_MAX = 10_000;

/**
 * New keys asked for within one turn of the event loop are created in one statement: at 09:00 the digests' posts
 * leave in groups (a second's worth at the workspace ceiling), each to a DM whose key is new, and a statement per
 * post was most of the store's work then. Requests whose earliest starts lie this close share the latest of them.
 */
const CREATE_BATCH_SPREAD_MS = 100;
const CREATE_BATCH_MAX = 500;

interface CreateRequest {
  key: string;
  earliestMs: number;
  intervalMs: number;
  /** The slot's start when the key was created with it; undefined when it existed already. */
  settle: (start: Date | undefined) => void;
  fail: (error: unknown) => void;
}

export function slackPostSlotRepository({ prisma, now }: StoreContext) {
  /**
   * Per key, the next start this store last wrote. Only a hint of which statement to try first (every write stays
   * conditional on the row as it is): a key never written here is most likely new (a digest's first post to a DM),
   * one whose remembered start has passed is most likely free, and both then take one statement instead of a read
   * and a write.
   */
  const lastWritten = new Map<string, number>();
  const remember = (key: string, notBeforeMs: number) => {
    if (lastWritten.size >= REMEMBERED_KEYS_MAX && !lastWritten.has(key)) lastWritten.clear();
    lastWritten.set(key, notBeforeMs);
  };

  /** Takes `earliest` if no slot of `key` is reserved past it: one conditional write. */
  const takeIfFree = async (key: string, earliest: Date, intervalMs: number): Promise<boolean> => {
    const notBefore = new Date(earliest.getTime() + intervalMs);
    const { count } = await prisma.slackPostSlot.updateMany({ where: { key, notBefore: { lte: earliest } }, data: { notBefore } });
    if (count === 1) remember(key, notBefore.getTime());
    return count === 1;
  };

  /** Creates the keys of one group (one start for all) in one statement; settles each request. */
  const createGroup = async (group: readonly CreateRequest[], startMs: number, intervalMs: number): Promise<void> => {
    const notBefore = new Date(startMs + intervalMs);
    const values = group.map(({ key }) => sqltag`(${key})`);
    // The WHERE settles SQLite's reading of ON CONFLICT after INSERT … SELECT, as in claimUnsentDigests.
    const created = await prisma.$queryRaw<{ key: string }[]>`
      INSERT INTO "SlackPostSlot" ("key", "notBefore", "updatedAt")
      SELECT v.column1, ${notBefore}, ${now()} FROM (VALUES ${join(values)}) AS v WHERE true
      ON CONFLICT DO NOTHING
      RETURNING "key"`;
    const createdKeys = new Set(created.map(({ key }) => key));
    for (const request of group) {
      if (!createdKeys.has(request.key)) {
        request.settle(undefined);
        continue;
      }
      remember(request.key, notBefore.getTime());
      request.settle(new Date(startMs));
    }
  };

  let waiting: CreateRequest[] = [];
  const flushCreates = async (): Promise<void> => {
    const requests = waiting;
    waiting = [];
    // A key asked for twice in one turn (two stores' worth of callers): its first request creates it, the others
    // find it existing, as they would one by one.
    const firsts = new Map<string, CreateRequest>();
    for (const request of requests) {
      if (firsts.has(request.key)) request.settle(undefined);
      else firsts.set(request.key, request);
    }
    const pending = [...firsts.values()].sort((a, b) => a.intervalMs - b.intervalMs || a.earliestMs - b.earliestMs);
    while (pending.length > 0) {
      const first = pending[0]!;
      const size = pending.findIndex(
        (r, i) => i >= CREATE_BATCH_MAX || r.intervalMs !== first.intervalMs || r.earliestMs - first.earliestMs > CREATE_BATCH_SPREAD_MS,
      );
      const group = pending.splice(0, size === -1 ? pending.length : size);
      const startMs = group[group.length - 1]!.earliestMs;
      try {
        await createGroup(group, startMs, first.intervalMs);
      } catch (error) {
        for (const request of group) request.fail(error);
      }
    }
  };

  /** Creates `key` with its first slot at or after `earliest` (with this turn's other new keys); undefined when it exists. */
  const createWith = (key: string, earliest: Date, intervalMs: number): Promise<Date | undefined> =>
    new Promise((settle, fail) => {
      if (waiting.length === 0) setImmediate(() => void flushCreates());
      waiting.push({ key, earliestMs: earliest.getTime(), intervalMs, settle, fail });
    });

  return {
    /**
     * Reserves the earliest start at or after `earliest` (and after every slot already reserved for `key`, by any
     * process) and moves the key's next start `intervalMs` past it. The write is conditional on the value read, so
     * two processes racing for one key get distinct slots; the loser reads again.
     */
    async reserveSlackPostSlot(key: string, earliest: Date, intervalMs: number): Promise<Date> {
      // The likely case in one statement; when it is not the case (or lost a race), the read and compare-and-swap.
      const known = lastWritten.get(key);
      if (known === undefined) {
        const created = await createWith(key, earliest, intervalMs);
        if (created) return created;
      }
      if (known !== undefined && known <= earliest.getTime() && (await takeIfFree(key, earliest, intervalMs))) return earliest;
      for (let attempt = 0; attempt < MAX_RESERVE_ATTEMPTS; attempt++) {
        const row = await prisma.slackPostSlot.findUnique({ where: { key } });
        if (!row) {
          const created = await createWith(key, earliest, intervalMs);
          if (created) return created;
          continue;
        }
        const start = new Date(Math.max(earliest.getTime(), row.notBefore.getTime()));
        const notBefore = new Date(start.getTime() + intervalMs);
        const { count } = await prisma.slackPostSlot.updateMany({ where: { key, notBefore: row.notBefore }, data: { notBefore } });
        if (count === 1) {
          remember(key, notBefore.getTime());
          return start;
        }
      }
      throw new Error(`could not reserve a Slack post slot for ${key} after ${MAX_RESERVE_ATTEMPTS} attempts`);
    },

    /** Pushes `key`'s next start to `until` unless it is already later (a 429's Retry-After never shortens). */
    async holdSlackPostsUntil(key: string, until: Date): Promise<void> {
      const { count } = await prisma.slackPostSlot.updateMany({ where: { key, notBefore: { lt: until } }, data: { notBefore: until } });
      if (count === 1) return;
      try {
        await prisma.slackPostSlot.create({ data: { key, notBefore: until } });
      } catch (error) {
        // Present already: either later than `until` (nothing to do) or raced by another holder, who wrote a Retry-After too.
        if (!isUniqueViolation(error)) throw error;
      }
    },

    /** When posts under `key` may start again; undefined when the key was never held. */
    async slackPostsHeldUntil(key: string): Promise<Date | undefined> {
      return (await prisma.slackPostSlot.findUnique({ where: { key } }))?.notBefore;
    },
  };
}
