/**
 * Zoom's OAuth as the mock plays it: authorization code + PKCE (S256), refresh tokens that rotate on every use
 * and die at once, one live access token per grant, Server-to-Server `account_credentials`, and revoke.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { OAuthError } from './errors';
import type { HttpResult } from './http';
import { secretToken } from './ids';
import type { MockState } from './state';
import type { TokenGrantResponse } from './types';

export const USER_SCOPES = ['scheduler:read', 'scheduler:write', 'user:read'];
export const ACCOUNT_SCOPES = ['scheduler:read:admin', 'scheduler:write:admin', 'user:read:admin'];

const AUTH_CODE_LIFETIME_MS = 5 * 60 * 1000;
/** Current Zoom docs: "Refresh tokens expire after 90 days" (zoom-api.md §8). */
const REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000;

export interface AccessTokenRecord {
  grantId: string;
  kind: 'user' | 'account';
  /** The user a user-level token acts as; absent for Server-to-Server tokens. */
  userId?: string;
  scopes: string[];
  expiresAt: number;
}

interface Grant {
  id: string;
  kind: 'user' | 'account';
  userId?: string;
  scopes: string[];
  accessToken?: string;
  refreshToken?: string;
  refreshExpiresAt?: number;
}

interface AuthorizationCode {
  userId: string;
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
}

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  accountId: string;
  accessTokenTtlSeconds: number;
  apiUrl: string;
  now: () => number;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function htmlPage(status: number, title: string): HttpResult {
  return { status, body: `<!doctype html><title>Zoom</title><h1>${title}</h1>` };
}

export class OAuthServer {
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly codes = new Map<string, AuthorizationCode>();
  readonly tokenRequests: Record<string, number> = {};
  authorizingUserId: string;

  constructor(
    private readonly config: OAuthConfig,
    private readonly state: MockState,
    defaultUserId: string,
  ) {
    this.authorizingUserId = defaultUserId;
  }

  /** The live token record, or undefined when unknown, expired, superseded or revoked. */
  authenticate(accessToken: string): AccessTokenRecord | undefined {
    const record = this.accessTokens.get(accessToken);
    if (!record) return undefined;
    if (record.expiresAt <= this.config.now()) {
      this.accessTokens.delete(accessToken);
      return undefined;
    }
    return record;
  }

  issueForUser(userId: string, scopes: string[] = USER_SCOPES): TokenGrantResponse {
    this.state.userOrThrow(userId);
    const grant: Grant = { id: secretToken(), kind: 'user', userId, scopes: [...scopes] };
    this.grants.set(grant.id, grant);
    const issued = this.issue(grant);
    return {
      access_token: issued.access_token,
      refresh_token: issued.refresh_token ?? '',
      expires_in: issued.expires_in,
      scope: issued.scope,
    };
  }

  expireAllAccessTokens(): void {
    const now = this.config.now();
    for (const record of this.accessTokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  revokeUser(userId: string): void {
    for (const grant of [...this.grants.values()]) if (grant.userId === userId) this.kill(grant);
  }

  authorize(query: URLSearchParams): HttpResult {
    if (query.get('client_id') !== this.config.clientId) return htmlPage(400, 'Invalid client_id (4702)');
    if (query.get('response_type') !== 'code') return htmlPage(400, 'Unsupported response_type');
    const redirectUri = query.get('redirect_uri') ?? '';
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      return htmlPage(400, 'Invalid redirect: redirect_uri is missing or malformed (4709)');
    }
    const challenge = query.get('code_challenge') ?? undefined;
    const method = query.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
    if (challenge !== undefined && method !== 'S256') return htmlPage(400, 'Unsupported code_challenge_method: use S256');
    const userId = query.get('mock_user') ?? this.authorizingUserId;
    if (!this.state.users.has(userId)) return htmlPage(400, 'Unknown mock_user');

    const code = secretToken();
    this.codes.set(code, { userId, redirectUri, codeChallenge: challenge, expiresAt: this.config.now() + AUTH_CODE_LIFETIME_MS });
    target.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() } };
  }

  /** Marketplace-initiated install: Zoom sends the user to the callback with a code and without `state`. */
  marketplaceRedirect(redirectUri: string, userId: string): string {
    const target = new URL(redirectUri);
    const code = secretToken();
    this.codes.set(code, { userId, redirectUri, expiresAt: this.config.now() + AUTH_CODE_LIFETIME_MS });
    target.searchParams.set('code', code);
    return target.toString();
  }

  token(authorization: string | undefined, params: URLSearchParams): HttpResult {
    const grantType = params.get('grant_type') ?? '(none)';
    this.tokenRequests[grantType] = (this.tokenRequests[grantType] ?? 0) + 1;
    try {
      this.checkClient(authorization);
      switch (grantType) {
        case 'authorization_code':
          return { status: 200, body: this.exchangeCode(params) };
        case 'refresh_token':
          return { status: 200, body: this.refresh(params.get('refresh_token') ?? '') };
        case 'account_credentials':
          return { status: 200, body: this.accountToken(params.get('account_id') ?? '') };
        default:
          throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant type');
      }
    } catch (error) {
      if (error instanceof OAuthError) return { status: error.status, body: { reason: error.reason, error: error.error } };
      throw error;
    }
  }

  /** RFC 7009 style: unknown tokens are answered with success too, so revoking twice is harmless. */
  revoke(authorization: string | undefined, params: URLSearchParams): HttpResult {
    try {
      this.checkClient(authorization);
    } catch (error) {
      if (error instanceof OAuthError) return { status: error.status, body: { reason: error.reason, error: error.error } };
      throw error;
    }
    const token = params.get('token') ?? '';
    const grantId = this.accessTokens.get(token)?.grantId ?? this.refreshTokens.get(token);
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (grant) this.kill(grant);
    return { status: 200, body: { status: 'success' } };
  }

  private checkClient(authorization: string | undefined): void {
    const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const separator = decoded.indexOf(':');
    const id = decoded.slice(0, Math.max(separator, 0));
    const secret = decoded.slice(separator + 1);
    if (separator < 0 || id !== this.config.clientId || !sameSecret(secret, this.config.clientSecret)) {
      throw new OAuthError(401, 'invalid_client', 'Invalid client_id or client_secret');
    }
  }

  private exchangeCode(params: URLSearchParams): Record<string, unknown> {
    const code = this.codes.get(params.get('code') ?? '');
    // Single use: the code is gone whatever happens next.
    this.codes.delete(params.get('code') ?? '');
    if (!code || code.expiresAt <= this.config.now()) throw new OAuthError(400, 'invalid_grant', 'Invalid authorization code');
    if (params.get('redirect_uri') !== code.redirectUri) throw new OAuthError(400, 'invalid_request', 'Redirect URI mismatch.');
    if (code.codeChallenge !== undefined) {
      const verifier = params.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (!sameSecret(computed, code.codeChallenge)) throw new OAuthError(400, 'invalid_grant', 'Invalid code_verifier');
    }
    const grant: Grant = { id: secretToken(), kind: 'user', userId: code.userId, scopes: [...USER_SCOPES] };
    this.grants.set(grant.id, grant);
    return this.issue(grant);
  }

  private refresh(refreshToken: string): Record<string, unknown> {
    const grant = this.grants.get(this.refreshTokens.get(refreshToken) ?? '');
    if (!grant || (grant.refreshExpiresAt ?? 0) <= this.config.now()) {
      throw new OAuthError(400, 'invalid_grant', 'Invalid Token!');
    }
    return this.issue(grant);
  }

  private accountToken(accountId: string): Record<string, unknown> {
    if (accountId !== this.config.accountId) throw new OAuthError(400, 'invalid_request', 'Invalid account_id.');
    const key = `account:${accountId}`;
    let grant = this.grants.get(key);
    if (!grant) {
      grant = { id: key, kind: 'account', scopes: [...ACCOUNT_SCOPES] };
      this.grants.set(key, grant);
    }
    return this.issue(grant);
  }

  /** New tokens for a grant; the grant's previous access and refresh tokens stop working at once. */
  private issue(grant: Grant): {
    access_token: string;
    token_type: 'bearer';
    refresh_token?: string;
    expires_in: number;
    scope: string;
    api_url: string;
  } {
    if (grant.accessToken) this.accessTokens.delete(grant.accessToken);
    if (grant.refreshToken) this.refreshTokens.delete(grant.refreshToken);
    const now = this.config.now();
    const accessToken = secretToken();
    grant.accessToken = accessToken;
    this.accessTokens.set(accessToken, {
      grantId: grant.id,
      kind: grant.kind,
      userId: grant.userId,
      scopes: grant.scopes,
      expiresAt: now + this.config.accessTokenTtlSeconds * 1000,
    });
    const response = {
      access_token: accessToken,
      token_type: 'bearer' as const,
      expires_in: this.config.accessTokenTtlSeconds,
      scope: grant.scopes.join(' '),
      api_url: this.config.apiUrl,
    };
    if (grant.kind === 'account') return response;
    const refreshToken = secretToken();
    grant.refreshToken = refreshToken;
    grant.refreshExpiresAt = now + REFRESH_TOKEN_LIFETIME_MS;
    this.refreshTokens.set(refreshToken, grant.id);
    return { ...response, refresh_token: refreshToken };
  }

  private kill(grant: Grant): void {
    if (grant.accessToken) this.accessTokens.delete(grant.accessToken);
    if (grant.refreshToken) this.refreshTokens.delete(grant.refreshToken);
    this.grants.delete(grant.id);
  }
}
