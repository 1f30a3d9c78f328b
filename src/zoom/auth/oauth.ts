/**
 * Zoom's OAuth endpoints (`/oauth/authorize`, `/oauth/token`, `/oauth/revoke`): client Basic auth and a form
 * body, as Zoom documents. Token requests are never retried after a 5xx or a lost response, because a refresh
 * that reached Zoom has already rotated the refresh token; only 429s are waited out.
 */
import { ZoomOAuthError, ZoomReconnectRequiredError, ZoomResponseError } from '../errors';
import { ZoomTransport, type TransportOptions } from '../transport';
import { createPkcePair, type PkcePair } from './pkce';

export const ZOOM_OAUTH_BASE_URL = 'https://zoom.us';

export interface ZoomOAuthOptions extends TransportOptions {
  /** `https://zoom.us` for Zoom; the mock's `oauthBaseUrl` in tests. */
  oauthBaseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Needed for the user OAuth flow (authorize URL and code exchange); not for account_credentials. */
  redirectUri?: string;
}

export interface ZoomTokenSet {
  accessToken: string;
  expiresAt: Date;
  scopes: string[];
  /** Zoom's `api_url` (e.g. `https://api.zoom.us`) when it sends one. */
  apiUrl: string | undefined;
}

export interface ZoomUserTokenSet extends ZoomTokenSet {
  refreshToken: string;
}

interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  api_url?: string;
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isOptionalText = (value: unknown) => value === undefined || isText(value);

/**
 * Zoom's token answer, checked field by field in this order: the first unusable one is named (`''`: the body is
 * not an object). Unknown fields are kept. Five fields need no schema library, whose loading (zod: 95 modules)
 * every account connection would pay.
 */
function tokenResponse(body: unknown): { data: TokenResponse } | { field: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { field: '' };
  const fields = body as Record<string, unknown>;
  const expiresIn = fields['expires_in'];
  const seconds = isText(expiresIn) && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn;
  const checks: Array<[string, boolean]> = [
    ['access_token', isText(fields['access_token']) && fields['access_token'] !== ''],
    ['expires_in', typeof seconds === 'number' && Number.isFinite(seconds)],
    ['refresh_token', fields['refresh_token'] === undefined || (isText(fields['refresh_token']) && fields['refresh_token'] !== '')],
    ['scope', isOptionalText(fields['scope'])],
    ['api_url', isOptionalText(fields['api_url'])],
  ];
  const failed = checks.find(([, ok]) => !ok);
  if (failed) return { field: failed[0] };
  return { data: { ...fields, expires_in: seconds } as TokenResponse };
}

/** `error` and `reason` of an OAuth error body, when it is an object whose two fields are text or absent. */
function oauthErrorBody(body: unknown): { error?: string; reason?: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const { error, reason } = body as Record<string, unknown>;
  if (!isOptionalText(error) || !isOptionalText(reason)) return {};
  return { ...(error === undefined ? {} : { error }), ...(reason === undefined ? {} : { reason }) };
}

const SECRET_FORM_FIELDS = new Set(['code', 'code_verifier', 'refresh_token', 'token']);

export class ZoomOAuth {
  private readonly transport: ZoomTransport;
  private readonly baseUrl: string;
  private readonly now: () => number;

  constructor(private readonly options: ZoomOAuthOptions) {
    this.transport = new ZoomTransport(options);
    this.baseUrl = (options.oauthBaseUrl ?? ZOOM_OAUTH_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  createPkcePair(): PkcePair {
    return createPkcePair();
  }

  authorizeUrl(args: { state: string; codeChallenge: string }): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: this.requireRedirectUri(),
      state: args.state,
      code_challenge: args.codeChallenge,
      code_challenge_method: 'S256',
    });
    return `${this.baseUrl}/oauth/authorize?${query.toString()}`;
  }

  /** An invalid or expired code raises ZoomReconnectRequiredError (connectionId undefined): start over. */
  async exchangeCode(code: string, codeVerifier: string): Promise<ZoomUserTokenSet> {
    const tokens = await this.tokenRequest('oauth.exchange_code', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.requireRedirectUri(),
      code_verifier: codeVerifier,
    });
    return withRefreshToken('oauth.exchange_code', tokens);
  }

  /** Spends `refreshToken`: from now on only the returned refresh token is valid. */
  async refresh(refreshToken: string): Promise<ZoomUserTokenSet> {
    const tokens = await this.tokenRequest('oauth.refresh', { grant_type: 'refresh_token', refresh_token: refreshToken });
    return withRefreshToken('oauth.refresh', tokens);
  }

  /** Server-to-Server OAuth: an access token for the whole account, without a refresh token. */
  async accountCredentials(accountId: string): Promise<ZoomTokenSet> {
    const { tokens } = await this.tokenRequest('oauth.account_credentials', { grant_type: 'account_credentials', account_id: accountId });
    return tokens;
  }

  /** Revokes the app's authorization for the token's user (Zoom then invalidates its refresh token too). */
  async revoke(token: string): Promise<void> {
    const response = await this.post('oauth.revoke', '/oauth/revoke', { token });
    if (response.status < 200 || response.status >= 300) throw this.oauthError(response.status, response.bodyText, [token]);
  }

  private async tokenRequest(
    operation: string,
    form: Record<string, string>,
  ): Promise<{ tokens: ZoomTokenSet; refreshToken: string | undefined }> {
    const response = await this.post(operation, '/oauth/token', form);
    const secrets = Object.entries(form)
      .filter(([field]) => SECRET_FORM_FIELDS.has(field))
      .map(([, value]) => value);
    if (response.status < 200 || response.status >= 300) throw this.oauthError(response.status, response.bodyText, secrets);

    let body: unknown;
    try {
      body = JSON.parse(response.bodyText);
    } catch {
      throw new ZoomResponseError(operation, '', 'is not JSON');
    }
    const parsed = tokenResponse(body);
    if ('field' in parsed) throw new ZoomResponseError(operation, parsed.field, 'is missing or invalid');
    const data = parsed.data;
    return {
      tokens: {
        accessToken: data.access_token,
        expiresAt: new Date(this.now() + data.expires_in * 1000),
        scopes: (data.scope ?? '').split(/[\s,]+/).filter(Boolean),
        apiUrl: data.api_url,
      },
      refreshToken: data.refresh_token,
    };
  }

  private post(operation: string, path: string, form: Record<string, string>) {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    return this.transport.send({
      operation,
      method: 'POST',
      url: `${this.baseUrl}${path}`,
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
    });
  }

  private oauthError(status: number, bodyText: string, secrets: string[]): Error {
    let error: string | undefined;
    let reason: string | undefined;
    try {
      ({ error, reason } = oauthErrorBody(JSON.parse(bodyText)));
    } catch {
      // Not JSON: the status alone describes the failure.
    }
    reason = redact(reason, [...secrets, this.options.clientSecret]);
    if (error === 'invalid_grant') return new ZoomReconnectRequiredError(undefined, `invalid_grant${reason ? ` (${reason})` : ''}`);
    return new ZoomOAuthError(status, error, reason);
  }

  private requireRedirectUri(): string {
    if (!this.options.redirectUri) throw new TypeError('ZoomOAuth: redirectUri is required for the user OAuth flow');
    return this.options.redirectUri;
  }
}

function withRefreshToken(operation: string, result: { tokens: ZoomTokenSet; refreshToken: string | undefined }): ZoomUserTokenSet {
  if (result.refreshToken === undefined) throw new ZoomResponseError(operation, 'refresh_token', 'is missing');
  return { ...result.tokens, refreshToken: result.refreshToken };
}

function redact(text: string | undefined, secrets: string[]): string | undefined {
  if (text === undefined) return undefined;
  return secrets.filter((secret) => secret.length >= 8).reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
