import { createSecretBox, type EncryptionKeyInput } from './crypto';
import type { StoreContext } from './context';
import { createPrismaClient, type DatabaseProvider, type ObservedQuery } from './db';
import { withUnavailableErrors } from './unavailable';
import { silentLogger, type StoreLogger } from './logger';
import { bookingNotificationRepository } from './booking-notifications';
import { notifyRouteRepository } from './notify-routes';
import { seenBookingRepository } from './seen-bookings';
import { digestRepository } from './digests';
import { installationRepository } from './installations';
import { jobRepository } from './jobs';
import { queuedWorkRepository } from './queued-work';
import { oauthStateRepository } from './oauth-states';
import { slackUserRepository } from './slack-users';
import { zoomTokenStore } from './token-store';
import { slackPostSlotRepository } from './slack-post-slots';
import { connectionAlertRepository } from './connection-alerts';
import { zoomConnectionRepository } from './zoom-connections';
import { zoomUserLinkRepository } from './zoom-user-links';

export { applyMigrations, type MigrationResult } from './migrate';
export { DecryptionError, EncryptionKeyError, parseEncryptionKey, type EncryptionKeyInput } from './crypto';
export { DatabaseUrlError, parseDatabaseUrl, type DatabaseProvider, type ObservedQuery } from './db';
export { isStoreUnavailable, StoreNotFoundError, StoreUnavailableError } from './errors';
export { SCHEDULER_REFUSED_REASON, type ConnectionAlertRecord, type DeadConnection } from './connection-alerts';
export type { StoreLogger } from './logger';
export type { InstallationLookup } from './installations';
export type { SlackUserRecord } from './slack-users';
export type { IdleZoomConnection, SaveZoomConnectionInput, ZoomConnectionOwner, ZoomConnectionRecord } from './zoom-connections';
export type { LinkZoomUserInput } from './zoom-user-links';
export type { ZoomTokenUpdate } from './token-store';
export type { ZoomTokenRecord, ZoomTokenStore } from '../zoom/auth/token-store';
export type { ConsumeOAuthStateResult, OAuthStateGrant, OAuthStateRejection } from './oauth-states';
export {
  DigestInputError,
  type DigestClaim,
  type DigestDay,
  type DigestSubscriptionRecord,
  type SentDigest,
  type UpsertDigestSubscriptionInput,
} from './digests';
export type { BookingNotificationRecord } from './booking-notifications';
export type { ChannelBookingCount, RecordSeenBookingInput, SeenBookingRecord, SeenBookingStatus } from './seen-bookings';
export type { NotifyRouteRecord } from './notify-routes';
export type { ClaimedJob, ClaimJobsInput, EnqueueJobInput, JobRecord, JobStatus } from './jobs';

export interface StoreOptions {
  databaseUrl: string;
  /** TOKEN_ENCRYPTION_KEY: 32 bytes (base64 text or the bytes). Encrypts every write. */
  encryptionKey: EncryptionKeyInput;
  /** Keys used before a rotation: they still decrypt what they wrote. */
  previousKeys?: readonly EncryptionKeyInput[];
  logger?: StoreLogger;
  /** Defaults to the system clock. */
  now?: () => Date;
  /** Sees every Prisma operation: tests and the bench count the database reads of a request with it. */
  onQuery?: (query: ObservedQuery) => void;
}

const PING_TIMEOUT_MS = 2000;
/**
 * A SQLite file whose write lock another process holds still answers reads (WAL), yet every write fails: no webhook
 * can be taken in. A write that touches no row takes the write lock like any other, so the ping asks for that.
 */
const SQLITE_WRITE_PROBE = 'DELETE FROM "BackgroundJob" WHERE 0';

function createRepositories(context: StoreContext) {
  return {
    ...installationRepository(context),
    ...slackUserRepository(context),
    ...zoomConnectionRepository(context),
    ...zoomUserLinkRepository(context),
    ...zoomTokenStore(context),
    ...oauthStateRepository(context),
    ...digestRepository(context),
    ...bookingNotificationRepository(context),
    ...seenBookingRepository(context),
    ...notifyRouteRepository(context),
    ...queuedWorkRepository(context),
    ...slackPostSlotRepository(context),
    ...connectionAlertRepository(context),
    ...jobRepository(context),
  };
}

export type Store = ReturnType<typeof createRepositories> & {
  readonly provider: DatabaseProvider;
  /** For /healthz: whether the database answers within 2 s (on SQLite: takes writes). Never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

/**
 * The only door to the database. Opens lazily (the first query connects); the schema must already be
 * migrated (`applyMigrations`).
 */
export function createStore(options: StoreOptions): Store {
  const { prisma: client, provider } = createPrismaClient(options.databaseUrl, options.onQuery);
  const prisma = withUnavailableErrors(client);
  const context: StoreContext = {
    prisma,
    secrets: createSecretBox(options.encryptionKey, options.previousKeys),
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? silentLogger,
  };

  const ping = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    const query = (provider === 'sqlite' ? prisma.$executeRawUnsafe(SQLITE_WRITE_PROBE) : prisma.$queryRawUnsafe('SELECT 1')).then(
      () => true,
      (error: unknown) => {
        context.logger.warn({ provider, err: error instanceof Error ? error.message : String(error) }, 'database ping failed');
        return false;
      },
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    ...createRepositories(context),
    provider,
    ping,
    close: () => prisma.$disconnect(),
  };
}
