import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';

export function webhookReceiptRepository({ prisma, now }: StoreContext) {
  return {
    /**
     * Records a de-duplication key (e.g. `request:<x-zm-request-id>` or `event:<event>:<id>`). True the first
     * time; false for a key already recorded, by this process or any other.
     */
    async recordWebhookReceipt(key: string): Promise<boolean> {
      try {
        await prisma.webhookReceipt.create({ data: { key, receivedAt: now() } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /** Forgets keys received before `olderThan`; returns how many. */
    async pruneWebhookReceipts(olderThan: Date): Promise<number> {
      const { count } = await prisma.webhookReceipt.deleteMany({ where: { receivedAt: { lt: olderThan } } });
      return count;
    },
  };
}
