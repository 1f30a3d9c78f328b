import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';

/** Contention between processes is brief (one slot per post); this many lost races in a row means something is wrong. */
const MAX_RESERVE_ATTEMPTS = 50;

export function slackPostSlotRepository({ prisma }: StoreContext) {
  return {
    /**
     * Reserves the earliest start at or after `earliest` (and after every slot already reserved for `key`, by any
     * process) and moves the key's next start `intervalMs` past it. The write is conditional on the value read, so
     * two processes racing for one key get distinct slots; the loser reads again.
     */
    async reserveSlackPostSlot(key: string, earliest: Date, intervalMs: number): Promise<Date> {
      for (let attempt = 0; attempt < MAX_RESERVE_ATTEMPTS; attempt++) {
        const row = await prisma.slackPostSlot.findUnique({ where: { key } });
        if (!row) {
          try {
            await prisma.slackPostSlot.create({ data: { key, notBefore: new Date(earliest.getTime() + intervalMs) } });
            return earliest;
          } catch (error) {
            if (isUniqueViolation(error)) continue;
            throw error;
          }
        }
        const start = new Date(Math.max(earliest.getTime(), row.notBefore.getTime()));
        const { count } = await prisma.slackPostSlot.updateMany({
          where: { key, notBefore: row.notBefore },
          data: { notBefore: new Date(start.getTime() + intervalMs) },
        });
        if (count === 1) return start;
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
