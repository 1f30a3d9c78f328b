/**
 * How the client obtains a bearer token for one call. Implementations: ZoomTokenManager.authFor (user OAuth and
 * the shared account), ZoomServerToServerAuth (account_credentials), staticAccessToken (scripts, tests).
 */
export interface ZoomAuth {
  getAccessToken(): Promise<string>;
  /**
   * Called once when Zoom answers 401 code 124 for `rejectedToken`; returns a token to retry with. Absent when
   * the token cannot be renewed, in which case the 401 is raised as is.
   */
  refreshAfterUnauthorized?(rejectedToken: string): Promise<string>;
  /** Zoom user the calls act for; sent as `user_id` where the operation accepts it (admin and S2S apps). */
  actingUserId?: string;
}

/** A fixed token, for one-off scripts and tests. */
export function staticAccessToken(accessToken: string, actingUserId?: string): ZoomAuth {
  return { getAccessToken: async () => accessToken, ...(actingUserId ? { actingUserId } : {}) };
}
