/**
 * Server-to-Server OAuth (`account_credentials` with the account id): one account-wide token, cached in memory
 * until less than `refreshMarginMs` remain, with at most one token request in flight. It acts for a user by
 * sending `user_id` (see forUser).
 */
import type { ZoomTokenSet } from './oauth';
import type { ZoomAuth } from './types';

export interface ZoomServerToServerAuthOptions {
  oauth: { accountCredentials(accountId: string): Promise<ZoomTokenSet> };
  accountId: string;
  now?: () => number;
  refreshMarginMs?: number;
}

export class ZoomServerToServerAuth implements ZoomAuth {
  private cached: ZoomTokenSet | undefined;
  private inFlight: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly refreshMarginMs: number;

  constructor(private readonly options: ZoomServerToServerAuthOptions) {
    this.now = options.now ?? Date.now;
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
  }

  async getAccessToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt.getTime() - this.now() >= this.refreshMarginMs) return this.cached.accessToken;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async refreshAfterUnauthorized(rejectedToken: string): Promise<string> {
    if (this.cached?.accessToken === rejectedToken) this.cached = undefined;
    return this.getAccessToken();
  }

  /** The same token, acting for `userId` (sent as `user_id`; needs the `:admin` scopes). */
  forUser(userId: string): ZoomAuth {
    return {
      getAccessToken: () => this.getAccessToken(),
      refreshAfterUnauthorized: (rejectedToken) => this.refreshAfterUnauthorized(rejectedToken),
      actingUserId: userId,
    };
  }

  private async fetchToken(): Promise<string> {
    this.cached = await this.options.oauth.accountCredentials(this.options.accountId);
    return this.cached.accessToken;
  }
}
