import {
  createPkcePair,
  ZoomReconnectRequiredError,
  type ZoomOAuth,
  type ZoomSchedulerApi,
  type ZoomSchedulerClient,
  type ZoomServerToServerAuth,
  type ZoomTokenManager,
  type ZoomCurrentUser,
} from '../zoom';
import { AppError } from '../errors';
import type { Store, ZoomConnectionRecord } from '../store';

/** How long a "Connect Zoom" link stays valid. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

/** A Slack user's way into Zoom: their own connection, the shared account, or Server-to-Server. */
export interface ZoomAccess {
  api: ZoomSchedulerApi;
  zoomUserId: string;
  displayName: string | null;
  kind: 'user' | 'shared' | 'server-to-server';
  /** Null for Server-to-Server, which has no stored connection. */
  connectionId: string | null;
}

export class NotConnectedError extends AppError {
  constructor() {
    super('not_connected', 'Connect your Zoom account first.');
  }
}

export type ConnectResult =
  | { ok: true; teamId: string; slackUserId: string; connection: ZoomConnectionRecord }
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
}

/**
 * Everything about which Zoom account a Slack user acts as: the connect flow (state + PKCE), the callback's
 * code exchange, disconnecting (revoke, then delete), and handing out an API bound to the right credentials.
 */
export class ZoomAccounts {
  constructor(private readonly options: ZoomAccountsOptions) {}

  /** A Zoom authorize URL bound to this Slack user by a single-use state that expires in 10 minutes. */
  async connectUrl(teamId: string, slackUserId: string): Promise<string> {
    const pkce = createPkcePair();
    const state = await this.options.store.createOAuthState({
      teamId,
      slackUserId,
      codeVerifier: pkce.codeVerifier,
      ttlMs: OAUTH_STATE_TTL_MS,
    });
    return this.options.oauth.authorizeUrl({ state, codeChallenge: pkce.codeChallenge });
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
      displayName: me.display_name ?? ([me.first_name, me.last_name].filter(Boolean).join(' ') || null),
      email: me.email ?? null,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scopes: tokens.scopes,
    });
    return { ok: true, teamId: grant.teamId, slackUserId: grant.slackUserId, connection };
  }

  /** The user's own connection, if any (also when it needs a reconnect). */
  connection(teamId: string, slackUserId: string): Promise<ZoomConnectionRecord | null> {
    return this.options.store.getZoomConnection(teamId, slackUserId);
  }

  /**
   * The API for this Slack user. Their own connection wins; without one, the shared account (when configured).
   * Throws NotConnectedError, or ZoomReconnectRequiredError when the stored grant is dead.
   */
  async access(teamId: string, slackUserId: string): Promise<ZoomAccess> {
    const own = await this.options.store.getZoomConnection(teamId, slackUserId);
    if (own) {
      if (own.needsReconnect) throw new ZoomReconnectRequiredError(own.id, own.reconnectReason ?? 'invalid_grant');
      const auth = this.options.serverToServer
        ? this.options.serverToServer.forUser(own.zoomUserId)
        : this.options.tokens.authFor(own.id);
      return {
        api: this.options.client.as(auth),
        zoomUserId: own.zoomUserId,
        displayName: own.displayName,
        kind: this.options.serverToServer ? 'server-to-server' : 'user',
        connectionId: own.id,
      };
    }
    if (this.options.sharedAccount) {
      const shared = await this.options.store.getSharedZoomConnection();
      if (shared && !shared.needsReconnect) {
        return {
          api: this.options.client.as(this.options.tokens.authFor(shared.id, shared.zoomUserId)),
          zoomUserId: shared.zoomUserId,
          displayName: shared.displayName,
          kind: 'shared',
          connectionId: shared.id,
        };
      }
    }
    throw new NotConnectedError();
  }

  /** The API for a connection found by Zoom user id (webhooks, digests). */
  apiForConnection(connection: ZoomConnectionRecord): ZoomSchedulerApi {
    if (this.options.serverToServer) return this.options.client.as(this.options.serverToServer.forUser(connection.zoomUserId));
    return this.options.client.as(
      this.options.tokens.authFor(connection.id, connection.kind === 'shared' ? connection.zoomUserId : undefined),
    );
  }

  /** Revokes the grant at Zoom (best effort: a dead grant is gone anyway), then deletes the tokens. */
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
