import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';

/** Contention between processes is brief (one slot per post); this many lost races in a row means something is wrong. */
const MAX_RESERVE_ATTEMPTS = 50;

/** Keys whose last write by this store is remembered; emptied when full (the hints only choose an order). */
const REMEMBERED_KEYS_MAX = 10_000;

export function slackPostSlotRepository({ prisma }: StoreContext) {
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

  /** Creates `key` with its first slot at `earliest`; false when the key exists already. */
  const createWith = async (key: string, earliest: Date, intervalMs: number): Promise<boolean> => {
    const notBefore = new Date(earliest.getTime() + intervalMs);
    try {
      await prisma.slackPostSlot.create({ data: { key, notBefore } });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
    remember(key, notBefore.getTime());
    return true;
  };

  return {
    /**
     * Reserves the earliest start at or after `earliest` (and after every slot already reserved for `key`, by any
     * process) and moves the key's next start `intervalMs` past it. The write is conditional on the value read, so
     * two processes racing for one key get distinct slots; the loser reads again.
     */
    async reserveSlackPostSlot(key: string, earliest: Date, intervalMs: number): Promise<Date> {
      // The likely case in one statement; when it is not the case (or lost a race), the read and compare-and-swap.
      const known = lastWritten.get(key);
      if (known === undefined && (await createWith(key, earliest, intervalMs))) return earliest;
      if (known !== undefined && known <= earliest.getTime() && (await takeIfFree(key, earliest, intervalMs))) return earliest;
      for (let attempt = 0; attempt < MAX_RESERVE_ATTEMPTS; attempt++) {
        const row = await prisma.slackPostSlot.findUnique({ where: { key } });
        if (!row) {
          if (await createWith(key, earliest, intervalMs)) return earliest;
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
