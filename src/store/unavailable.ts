import type { PrismaDb } from './db';
import { isStoreUnavailable, StoreUnavailableError } from './errors';

/**
 * Every operation of the returned client throws StoreUnavailableError when the database cannot be reached, so the
 * layers above decide on one typed error instead of Prisma's codes and driver messages.
 */
export function withUnavailableErrors(prisma: PrismaDb): PrismaDb {
  const extended = prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          if (isStoreUnavailable(error) && !(error instanceof StoreUnavailableError)) throw new StoreUnavailableError({ cause: error });
          throw error;
        }
      },
    },
  });
  return extended as unknown as PrismaDb;
}
