import type { ZoomTokenRecord } from '../zoom/auth/token-store';
import type { StoreContext } from './context';
import { isUniqueViolation } from './errors';

export type ZoomConnectionOwner =
  | { kind: 'user'; teamId: string; slackUserId: string }
  /** The one shared Zoom account from ZOOM_REFRESH_TOKEN / ZOOM_USER_ID. */
  | { kind: 'shared' };

export type SaveZoomConnectionInput = ZoomConnectionOwner & {
  zoomUserId: string;
  zoomAccountId?: string | null;
  displayName?: string | null;
  email?: string | null;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scopes: readonly string[];
};

/** A connection whose tokens Zoom issued long ago: the idle refresh's work list. */
export interface IdleZoomConnection {
  id: string;
  kind: 'user' | 'shared';
  teamId: string | null;
  slackUserId: string | null;
  zoomUserId: string;
  zoomAccountId: string | null;
  version: number;
}

/** A connection's public fields: never its tokens. */
export interface ZoomConnectionRecord {
  id: string;
  kind: 'user' | 'shared';
  teamId: string | null;
  slackUserId: string | null;
  zoomUserId: string;
  zoomAccountId: string | null;
  displayName: string | null;
  email: string | null;
  expiresAt: Date;
  scopes: string[];
  version: number;
  needsReconnect: boolean;
  reconnectReason: string | null;
  /** When Zoom last accepted the connection; null before the first success is recorded. */
  lastVerifiedAt: Date | null;
  /** Since when Zoom refuses this user Scheduler (no licence, no profile); null while it serves them. */
  schedulerRefusedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const publicSelect = {
  id: true,
  kind: true,
  teamId: true,
  slackUserId: true,
  zoomUserId: true,
  zoomAccountId: true,
  displayName: true,
  email: true,
  expiresAt: true,
  scopes: true,
  version: true,
  needsReconnect: true,
  reconnectReason: true,
  lastVerifiedAt: true,
  schedulerRefusedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

/**
 * A connection read together with its tokens, which stay encrypted until `tokens()` is called: a command's one
 * read serves both, and a process that already keeps that version's tokens decrypts nothing.
 */
export interface ZoomConnectionWithTokens {
  connection: ZoomConnectionRecord;
  tokens: () => ZoomTokenRecord;
}

type PublicRow = Omit<ZoomConnectionRecord, 'kind' | 'scopes'> & { kind: string; scopes: string };

/**
 * Ids bound in one verification write: well under SQLite's oldest bound-parameter limit (999), whichever SQLite
 * build the adapter links, with room for the statement's other parameters.
 */
const VERIFIED_IDS_PER_STATEMENT = 500;

export function ownerKeyOf(owner: ZoomConnectionOwner): string {
  return owner.kind === 'shared' ? 'shared' : `user:${owner.teamId}:${owner.slackUserId}`;
}

export function splitScopes(scopes: string): string[] {
  return scopes.split(' ').filter(Boolean);
}

function toRecord(row: PublicRow): ZoomConnectionRecord {
  return { ...row, kind: row.kind === 'shared' ? 'shared' : 'user', scopes: splitScopes(row.scopes) };
}

const withTokensSelect = { ...publicSelect, accessTokenEnc: true, refreshTokenEnc: true, refreshLeaseUntil: true } as const;

/** The record, with its tokens decrypted only when asked for (a kept token of the same version needs neither). */
function withTokens(
  secrets: StoreContext['secrets'],
  row: PublicRow & { accessTokenEnc: string; refreshTokenEnc: string; refreshLeaseUntil: Date | null },
): ZoomConnectionWithTokens {
  const { accessTokenEnc, refreshTokenEnc, refreshLeaseUntil, ...fields } = row;
  const connection = toRecord(fields);
  let tokens: ZoomTokenRecord | undefined;
  return {
    connection,
    tokens: () =>
      (tokens ??= {
        connectionId: connection.id,
        accessToken: secrets.decrypt(accessTokenEnc, 'zoom.accessToken'),
        refreshToken: secrets.decrypt(refreshTokenEnc, 'zoom.refreshToken'),
        expiresAt: connection.expiresAt,
        scopes: connection.scopes,
        version: connection.version,
        needsReconnect: connection.needsReconnect,
        refreshLeaseUntil,
      }),
  };
}

/** The columns a connection's identity and tokens are written to; the tokens encrypted. */
function connectionColumns(secrets: StoreContext['secrets'], input: Omit<SaveZoomConnectionInput, 'kind' | 'teamId' | 'slackUserId'>) {
  return {
    zoomUserId: input.zoomUserId,
    zoomAccountId: input.zoomAccountId ?? null,
    displayName: input.displayName ?? null,
    email: input.email ?? null,
    accessTokenEnc: secrets.encrypt(input.accessToken, 'zoom.accessToken'),
    refreshTokenEnc: secrets.encrypt(input.refreshToken, 'zoom.refreshToken'),
    expiresAt: input.expiresAt,
    scopes: input.scopes.join(' '),
  };
}

export function zoomConnectionRepository({ prisma, secrets, now }: StoreContext) {
  return {
    async listIdleZoomConnections(issuedBefore: Date, limit: number): Promise<IdleZoomConnection[]> {
      const rows = await prisma.zoomConnection.findMany({
        where: { needsReconnect: false, OR: [{ tokensIssuedAt: null }, { tokensIssuedAt: { lt: issuedBefore } }] },
        select: { id: true, kind: true, teamId: true, slackUserId: true, zoomUserId: true, zoomAccountId: true, version: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map((row) => ({ ...row, kind: row.kind === 'shared' ? 'shared' : 'user' }));
    },

    /**
     * Records that Zoom accepted these connections at `at`, each unless a verification within `minIntervalMs` is
     * already recorded: the condition is in the write, so racing processes write at most once per interval. One
     * statement per chunk of ids; returns how many rows were written.
     */
    async markZoomConnectionsVerified(connectionIds: readonly string[], at: Date, minIntervalMs: number): Promise<number> {
      let written = 0;
      for (let start = 0; start < connectionIds.length; start += VERIFIED_IDS_PER_STATEMENT) {
        const { count } = await prisma.zoomConnection.updateMany({
          where: {
            id: { in: connectionIds.slice(start, start + VERIFIED_IDS_PER_STATEMENT) },
            OR: [{ lastVerifiedAt: null }, { lastVerifiedAt: { lt: new Date(at.getTime() - minIntervalMs) } }],
          },
          data: { lastVerifiedAt: at, schedulerRefusedAt: null },
        });
        written += count;
      }
      return written;
    },

    /** Zoom served the connection again after refusing it Scheduler: the refusal is over (written once). */
    async clearSchedulerRefusal(connectionId: string, at: Date): Promise<void> {
      await prisma.zoomConnection.updateMany({
        where: { id: connectionId, schedulerRefusedAt: { not: null } },
        data: { schedulerRefusedAt: null, lastVerifiedAt: at },
      });
    },

    /** Zoom refused the user Scheduler (a licence removed, no profile): recorded once, from the first refusal. */
    async markSchedulerRefused(connectionId: string, at: Date): Promise<void> {
      await prisma.zoomConnection.updateMany({ where: { id: connectionId, schedulerRefusedAt: null }, data: { schedulerRefusedAt: at } });
    },

    /**
     * Stores a (re)connected Zoom account for its owner. A reconnect replaces the tokens, clears
     * "needs reconnect" and any refresh lease, and bumps the version so in-flight refreshes lose their swap.
     */
    async saveZoomConnection(input: SaveZoomConnectionInput): Promise<ZoomConnectionRecord> {
      const ownerKey = ownerKeyOf(input);
      const fields = {
        ...connectionColumns(secrets, input),
        needsReconnect: false,
        reconnectReason: null,
        refreshLeaseUntil: null,
        refreshLeaseOwner: null,
        // Zoom just granted these tokens.
        lastVerifiedAt: now(),
        tokensIssuedAt: now(),
      };
      const row = await prisma.zoomConnection.upsert({
        where: { ownerKey },
        create: {
          ownerKey,
          kind: input.kind,
          teamId: input.kind === 'user' ? input.teamId : null,
          slackUserId: input.kind === 'user' ? input.slackUserId : null,
          ...fields,
        },
        update: { ...fields, version: { increment: 1 } },
        select: publicSelect,
      });
      return toRecord(row);
    },

    async getZoomConnection(teamId: string, slackUserId: string): Promise<ZoomConnectionRecord | null> {
      const row = await prisma.zoomConnection.findUnique({
        where: { ownerKey: ownerKeyOf({ kind: 'user', teamId, slackUserId }) },
        select: publicSelect,
      });
      return row && toRecord(row);
    },

    async getZoomConnectionWithTokens(teamId: string, slackUserId: string): Promise<ZoomConnectionWithTokens | null> {
      const row = await prisma.zoomConnection.findUnique({
        where: { ownerKey: ownerKeyOf({ kind: 'user', teamId, slackUserId }) },
        select: withTokensSelect,
      });
      return row && withTokens(secrets, row);
    },

    /** Several users' connections of one workspace, each with its tokens, in one read; keyed by Slack user id. */
    async getZoomConnectionsWithTokens(teamId: string, slackUserIds: readonly string[]): Promise<Map<string, ZoomConnectionWithTokens>> {
      const found = new Map<string, ZoomConnectionWithTokens>();
      if (slackUserIds.length === 0) return found;
      const rows = await prisma.zoomConnection.findMany({
        where: { ownerKey: { in: slackUserIds.map((slackUserId) => ownerKeyOf({ kind: 'user', teamId, slackUserId })) } },
        select: withTokensSelect,
      });
      for (const row of rows) if (row.slackUserId) found.set(row.slackUserId, withTokens(secrets, row));
      return found;
    },

    async getSharedZoomConnection(): Promise<ZoomConnectionRecord | null> {
      const row = await prisma.zoomConnection.findUnique({ where: { ownerKey: 'shared' }, select: publicSelect });
      return row && toRecord(row);
    },

    async getConnectionById(connectionId: string): Promise<ZoomConnectionRecord | null> {
      const row = await prisma.zoomConnection.findUnique({ where: { id: connectionId }, select: publicSelect });
      return row && toRecord(row);
    },

    /** The Slack users' own connections in a workspace (uninstall revokes them before deleting). */
    async listZoomConnectionsOfTeam(teamId: string): Promise<ZoomConnectionRecord[]> {
      const rows = await prisma.zoomConnection.findMany({ where: { teamId, kind: 'user' }, select: publicSelect });
      return rows.map(toRecord);
    },

    /** Webhooks name the Zoom user; several Slack users (or the shared account) may map to one. */
    async findConnectionsByZoomUserId(zoomUserId: string): Promise<ZoomConnectionRecord[]> {
      const rows = await prisma.zoomConnection.findMany({
        where: { zoomUserId },
        select: publicSelect,
        orderBy: { createdAt: 'asc' },
      });
      return rows.map(toRecord);
    },

    /**
     * Inserts the shared account's row unless one exists (the unique owner key decides between instances starting
     * together). Returns whether this call inserted it. Whether to seed at all is core's decision (core/shared-account).
     */
    async createSharedZoomConnection(input: Omit<Extract<SaveZoomConnectionInput, { kind: 'shared' }>, 'kind'>): Promise<boolean> {
      try {
        await prisma.zoomConnection.create({ data: { ownerKey: 'shared', kind: 'shared', ...connectionColumns(secrets, input) } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /** What seeding the shared account decides on: the row's version, whether Zoom refused it, its refresh token. */
    async getSharedZoomSeedState(): Promise<{ version: number; needsReconnect: boolean; refreshToken: string } | null> {
      const row = await prisma.zoomConnection.findUnique({
        where: { ownerKey: 'shared' },
        select: { version: true, needsReconnect: true, refreshTokenEnc: true },
      });
      return (
        row && {
          version: row.version,
          needsReconnect: row.needsReconnect,
          refreshToken: secrets.decrypt(row.refreshTokenEnc, 'zoom.refreshToken'),
        }
      );
    },

    /**
     * Replaces the shared account's refused row with fresh tokens, only if it is still refused and at `version`
     * (so concurrent start-ups cannot clobber each other). Returns whether it was replaced.
     */
    async reseedSharedZoomConnection(
      version: number,
      input: Omit<Extract<SaveZoomConnectionInput, { kind: 'shared' }>, 'kind'>,
    ): Promise<boolean> {
      const { count } = await prisma.zoomConnection.updateMany({
        where: { ownerKey: 'shared', needsReconnect: true, version },
        data: {
          ...connectionColumns(secrets, input),
          needsReconnect: false,
          reconnectReason: null,
          refreshLeaseUntil: null,
          refreshLeaseOwner: null,
          version: { increment: 1 },
        },
      });
      return count === 1;
    },

    /** Returns whether a connection existed. */
    async deleteZoomConnection(owner: ZoomConnectionOwner): Promise<boolean> {
      const { count } = await prisma.zoomConnection.deleteMany({ where: { ownerKey: ownerKeyOf(owner) } });
      return count > 0;
    },

    /**
     * Zoom `app_deauthorized`: the user's tokens, the digests of the Slack users it was connected to,
     * and its booking notifications, in one transaction.
     */
    async deleteZoomUserData(zoomUserId: string): Promise<void> {
      const owners = await prisma.zoomConnection.findMany({
        where: { zoomUserId, kind: 'user' },
        select: { teamId: true, slackUserId: true },
      });
      const slackUsers = owners.flatMap(({ teamId, slackUserId }) => (teamId && slackUserId ? [{ teamId, slackUserId }] : []));
      const deletions = [
        prisma.zoomConnection.deleteMany({ where: { zoomUserId } }),
        prisma.bookingNotification.deleteMany({ where: { zoomUserId } }),
        // The app's own record of that host's bookings (invitee names and emails) goes with them.
        prisma.seenBooking.deleteMany({ where: { zoomUserId } }),
      ];
      if (slackUsers.length > 0) {
        deletions.push(prisma.digestSubscription.deleteMany({ where: { OR: slackUsers } }));
        deletions.push(prisma.notifyRoute.deleteMany({ where: { OR: slackUsers } }));
      }
      await prisma.$transaction(deletions);
    },
  };
}
