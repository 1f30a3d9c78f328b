import { ConnectionVerification } from './connection-verification';
import {
  createPkcePair,
  ZoomApiError,
  ZoomReconnectRequiredError,
  type ZoomOAuth,
  type ZoomSchedulerApi,
  type ZoomSchedulerClient,
  type ZoomServerToServerAuth,
  type ZoomTokenManager,
  type ZoomCurrentUser,
} from '../zoom';
import { AppError } from '../errors';
import type { Store, ZoomConnectionRecord, ZoomTokenRecord } from '../store';
import { checkSchedulerAccess, type SchedulerAccess } from './scheduler-access';

export interface SlackOwner {
  teamId: string;
  userId: string;
}

/**
 * THE owner lookup: the Slack users (in any workspace) who connected this Zoom user as their own. The shared
 * account has no Slack owner, so its bookings and deauthorization tell nobody in particular.
 */
export async function slackOwnersOf(store: Pick<Store, 'findConnectionsByZoomUserId'>, zoomUserId: string): Promise<SlackOwner[]> {
  return (await store.findConnectionsByZoomUserId(zoomUserId)).flatMap((connection) =>
    connection.kind === 'user' && connection.teamId && connection.slackUserId
      ? [{ teamId: connection.teamId, userId: connection.slackUserId }]
      : [],
  );
}

/** How long a "Connect Zoom" link stays valid. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;
/** Expired states are deleted at most this often, while new ones are being made… */
const OAUTH_STATE_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** …once expired for this long: until then a late click still gets the accurate "expired" page. */
const OAUTH_STATE_KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

/** A Slack user's way into Zoom: their own connection, the shared account, or Server-to-Server. */
export interface ZoomAccess {
  api: ZoomSchedulerApi;
  zoomUserId: string;
  displayName: string | null;
  kind: 'user' | 'shared' | 'server-to-server';
  /** Null for Server-to-Server, which has no stored connection. */
  connectionId: string | null;
  /** The Zoom account whose rate limit these calls count against, when the connection knows it. */
  zoomAccountId: string | null;
}

export class NotConnectedError extends AppError {
  constructor() {
    super('not_connected', 'Connect your Zoom account first.');
  }
}

/** Server-to-Server `connect`: Slack did not give the user's e-mail (no `users:read.email` scope, or none set). */
export class SlackEmailUnavailableError extends AppError {
  constructor() {
    super(
      'slack_email_unavailable',
      "Slack didn't share your e-mail address with this app, so it can't find your Zoom user. Ask your Slack admin to reinstall the app with the users:read.email scope.",
    );
  }
}

/** Server-to-Server `connect`: the Zoom account has no user with the Slack user's e-mail. */
export class ZoomUserNotFoundError extends AppError {
  constructor(email: string) {
    super('zoom_user_not_found', `No Zoom user with your Slack e-mail ${email} in this Zoom account. Ask your Zoom admin to add you.`);
  }
}

export type ConnectResult =
  | { ok: true; teamId: string; slackUserId: string; connection: ZoomConnectionRecord; schedulerAccess: SchedulerAccess }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'denied' | 'exchange_failed' };

export interface ZoomAccountsOptions {
  store: Store;
  client: ZoomSchedulerClient;
  oauth: ZoomOAuth;
  tokens: ZoomTokenManager;
  /** Server-to-Server mode: acts for each Slack user's own connected Zoom user id. */
  serverToServer?: ZoomServerToServerAuth;
  /** The shared account's connection, for users who have not connected their own. */
  sharedAccount?: { zoomUserId: string };
  now?: () => number;
}

/**
 * Everything about which Zoom account a Slack user acts as: the connect flow (state + PKCE), the callback's
 * code exchange, disconnecting (revoke, then delete), and handing out an API bound to the right credentials.
 */
export class ZoomAccounts {
  private nextPruneAt = 0;
  private readonly verification: ConnectionVerification;

  constructor(private readonly options: ZoomAccountsOptions) {
    this.verification = new ConnectionVerification(options.store, options.now);
  }

  /** A Zoom authorize URL bound to this Slack user by a single-use state that expires in 10 minutes. */
  async connectUrl(teamId: string, slackUserId: string): Promise<string> {
    await this.pruneExpiredStates();
    const pkce = createPkcePair();
    const state = await this.options.store.createOAuthState({
      teamId,
      slackUserId,
      codeVerifier: pkce.codeVerifier,
      ttlMs: OAUTH_STATE_TTL_MS,
    });
    return this.options.oauth.authorizeUrl({ state, codeChallenge: pkce.codeChallenge });
  }

  /** Connect links nobody used would otherwise pile up: every App Home render makes one. */
  private async pruneExpiredStates(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + OAUTH_STATE_PRUNE_INTERVAL_MS;
    await this.options.store.pruneOAuthStates(new Date(now - OAUTH_STATE_KEEP_EXPIRED_MS)).catch(() => undefined);
  }

  /** The OAuth callback: the state is consumed before anything else, so a replay stores nothing. */
  async completeConnect(input: { code: string | undefined; state: string | undefined; error?: string }): Promise<ConnectResult> {
    if (!input.state) return { ok: false, reason: 'unknown' };
    const grant = await this.options.store.consumeOAuthState(input.state);
    if (!grant.ok) return { ok: false, reason: grant.reason };
    if (input.error || !input.code) return { ok: false, reason: 'denied' };

    let tokens;
    try {
      tokens = await this.options.oauth.exchangeCode(input.code, grant.codeVerifier);
    } catch {
      return { ok: false, reason: 'exchange_failed' };
    }
    let me: ZoomCurrentUser;
    try {
      me = await this.options.client.as({ getAccessToken: async () => tokens.accessToken }).getCurrentUser();
    } catch {
      // Without knowing who authorized there is nothing to store; give the grant back rather than orphan it.
      await this.options.oauth.revoke(tokens.accessToken).catch(() => undefined);
      return { ok: false, reason: 'exchange_failed' };
    }
    const connection = await this.options.store.saveZoomConnection({
      kind: 'user',
      teamId: grant.teamId,
      slackUserId: grant.slackUserId,
      zoomUserId: me.id,
      zoomAccountId: me.account_id ?? null,
      displayName: displayNameOf(me),
      email: me.email ?? null,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scopes: tokens.scopes,
    });
    // Zoom connects users it will not serve Scheduler to; asking now lets the page and the DM say so at once.
    const schedulerAccess = await checkSchedulerAccess(this.options.client.as({ getAccessToken: async () => tokens.accessToken }));
    return { ok: true, teamId: grant.teamId, slackUserId: grant.slackUserId, connection, schedulerAccess };
  }

  /** Asks Zoom whether this Slack user may use Scheduler now (for `status`, and after a Server-to-Server link). */
  async schedulerAccess(teamId: string, slackUserId: string): Promise<SchedulerAccess> {
    return checkSchedulerAccess((await this.access(teamId, slackUserId)).api);
  }

  /** Server-to-Server mode: users are linked by e-mail (`linkByEmail`), never through Zoom's authorize page. */
  get isServerToServer(): boolean {
    return this.options.serverToServer !== undefined;
  }

  /**
   * Server-to-Server `connect`: finds the account's Zoom user with this e-mail (account token, `GET /users/{email}`)
   * and links the Slack user to it, replacing any earlier link. Throws ZoomUserNotFoundError when Zoom has no such
   * user; other Zoom failures as they come.
   */
  async linkByEmail(teamId: string, slackUserId: string, email: string): Promise<ZoomConnectionRecord> {
    const serverToServer = this.options.serverToServer;
    if (!serverToServer) throw new TypeError('linkByEmail is for Server-to-Server mode; users connect through Zoom OAuth otherwise');
    let zoomUser: ZoomCurrentUser;
    try {
      zoomUser = await this.options.client.as(serverToServer).getZoomUser(email);
    } catch (error) {
      if (error instanceof ZoomApiError && (error.status === 404 || error.zoomCode === 1001)) throw new ZoomUserNotFoundError(email);
      throw error;
    }
    return this.options.store.linkZoomUser({
      teamId,
      slackUserId,
      zoomUserId: zoomUser.id,
      zoomAccountId: zoomUser.account_id ?? null,
      displayName: displayNameOf(zoomUser),
      email: zoomUser.email ?? email,
    });
  }

  /** The user's own connection, if any (also when it needs a reconnect). */
  connection(teamId: string, slackUserId: string): Promise<ZoomConnectionRecord | null> {
    return this.options.store.getZoomConnection(teamId, slackUserId);
  }

  /**
   * The API for this Slack user. Their own connection wins; without one, the shared account (when configured).
   * Throws NotConnectedError, or ZoomReconnectRequiredError when the stored grant is dead. `background`: see paceOf.
   */
  async access(teamId: string, slackUserId: string, options: { background?: boolean } = {}): Promise<ZoomAccess> {
    // One read per command: with OAuth the row's tokens come along (still encrypted), so the token manager needs no
    // second read, and the version lets it hand out a kept token without even decrypting them.
    const found = this.options.serverToServer
      ? { connection: await this.options.store.getZoomConnection(teamId, slackUserId), tokens: undefined }
      : await this.options.store.getZoomConnectionWithTokens(teamId, slackUserId);
    const own = found?.connection ?? null;
    if (own) return this.ownAccess(own, found?.tokens, options);
    if (this.options.sharedAccount) {
      const shared = await this.options.store.getSharedZoomConnection();
      if (shared && !shared.needsReconnect) {
        return {
          api: this.verification.observe(
            this.options.client.as(this.options.tokens.authFor(shared.id, shared.zoomUserId, shared.version), paceOf(shared, options)),
            shared,
          ),
          zoomUserId: shared.zoomUserId,
          displayName: shared.displayName,
          kind: 'shared',
          connectionId: shared.id,
          zoomAccountId: shared.zoomAccountId,
        };
      }
    }
    throw new NotConnectedError();
  }

  /**
   * access() for several users of one workspace with one read: those with a connection of their own, keyed by Slack
   * user id. The others (no connection of their own: the shared account or an error) are absent; ask access() for them.
   */
  async accessMany(
    teamId: string,
    slackUserIds: readonly string[],
    options: { background?: boolean } = {},
  ): Promise<Map<string, ZoomAccess>> {
    const accesses = new Map<string, ZoomAccess>();
    if (this.options.serverToServer) return accesses;
    const found = await this.options.store.getZoomConnectionsWithTokens(teamId, slackUserIds);
    for (const [slackUserId, { connection, tokens }] of found)
      if (!connection.needsReconnect) accesses.set(slackUserId, this.ownAccess(connection, tokens, options));
    return accesses;
  }

  private ownAccess(own: ZoomConnectionRecord, tokens: (() => ZoomTokenRecord) | undefined, options: { background?: boolean }): ZoomAccess {
    if (own.needsReconnect) throw new ZoomReconnectRequiredError(own.id, own.reconnectReason ?? 'invalid_grant');
    const auth = this.options.serverToServer
      ? this.options.serverToServer.forUser(own.zoomUserId)
      : // A digest is once a day: its tokens are not kept, which would push out those of people using commands.
        this.options.tokens.authFor(own.id, undefined, own.version, tokens, { keep: !options.background });
    return {
      api: this.verification.observe(this.options.client.as(auth, paceOf(own, options)), own),
      zoomUserId: own.zoomUserId,
      displayName: own.displayName,
      kind: this.options.serverToServer ? 'server-to-server' : 'user',
      connectionId: own.id,
      zoomAccountId: own.zoomAccountId,
    };
  }

  /** Writes the verifications still waiting for their batch: the app's stop calls it before the store closes. */
  close(): Promise<void> {
    return this.verification.flush();
  }

  /** The connection is gone (e.g. Zoom deauthorized the app): its tokens kept in memory go too. */
  forgetTokens(connectionId: string): void {
    this.options.tokens.forget(connectionId);
  }

  /**
   * Revokes grants whose rows are already deleted (the workspace uninstalled the app): best effort, since a
   * dead grant is gone anyway. Each revoke ends that grant's access and refresh tokens at Zoom.
   */
  async revokeGrants(accessTokens: readonly string[]): Promise<void> {
    await Promise.all(accessTokens.map((token) => this.options.oauth.revoke(token).catch(() => undefined)));
  }

  /**
   * Revokes the grant at Zoom (best effort: a dead grant is gone anyway), then deletes the tokens. In
   * Server-to-Server mode the row is only a link to the Zoom user, so deleting it is all there is.
   */
  async disconnect(teamId: string, slackUserId: string): Promise<ZoomConnectionRecord | null> {
    const own = await this.options.store.getZoomConnection(teamId, slackUserId);
    if (!own) return null;
    if (!this.options.serverToServer) {
      await this.options.tokens.revoke(own.id).catch(() => undefined);
    }
    await this.options.store.deleteZoomConnection({ kind: 'user', teamId, slackUserId });
    return own;
  }
}

function displayNameOf(user: ZoomCurrentUser): string | null {
  return user.display_name ?? ([user.first_name, user.last_name].filter(Boolean).join(' ') || null);
}

/**
 * `background`: the app calls on its own (the digest), so the calls take turns per Zoom account, whose rate limit
 * every user of one company shares; a person's command is never queued behind them.
 */
function paceOf(account: { zoomAccountId: string | null; zoomUserId: string }, options: { background?: boolean }): { pace?: string } {
  return options.background ? { pace: `zoom-account:${account.zoomAccountId ?? account.zoomUserId}` } : {};
}
