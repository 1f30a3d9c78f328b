import type { SecretBox } from './crypto';
import type { PrismaDb } from './db';
import type { StoreLogger } from './logger';

/** What every repository is built from. */
export interface StoreContext {
  prisma: PrismaDb;
  secrets: SecretBox;
  /** The store's clock (tests pass a fixed one); every expiry and lease is measured with it. */
  now: () => Date;
  logger: StoreLogger;
}
