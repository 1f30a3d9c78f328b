import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../src/config';

const key = randomBytes(32).toString('base64');

const minimal = {
  TOKEN_ENCRYPTION_KEY: key,
  SLACK_SIGNING_SECRET: 'signing-secret',
  SLACK_BOT_TOKEN: 'xoxb-123',
  ZOOM_CLIENT_ID: 'zoom-client',
  ZOOM_CLIENT_SECRET: 'zoom-secret',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('names every missing variable in one error', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/TOKEN_ENCRYPTION_KEY is required: it must be 32 bytes, base64/);
    expect(problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET is required/);
    expect(problems.join('\n')).toMatch(
      /SLACK_BOT_TOKEN is required .* or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/,
    );
    expect(problems.join('\n')).toMatch(/ZOOM_CLIENT_ID is required/);
    expect(problems.join('\n')).toMatch(/ZOOM_CLIENT_SECRET is required/);
  });

  it('reports malformed values with their expected form, together with the missing ones', () => {
    const problems = problemsOf({
      TOKEN_ENCRYPTION_KEY: randomBytes(16).toString('base64'),
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      IS_LIVE_SERVER: 'maybe',
      LOG_LEVEL: 'loud',
      PUBLIC_BASE_URL: 'not a url',
    });
    const text = problems.join('\n');
    expect(text).toContain('TOKEN_ENCRYPTION_KEY must be 32 bytes, base64');
    expect(text).toContain('PORT must be a port number between 1 and 65535');
    expect(text).toContain('DATABASE_URL must be file:<path> (SQLite) or postgresql://');
    expect(text).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(text).toContain('IS_LIVE_SERVER must be true or false');
    expect(text).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(text).toContain('PUBLIC_BASE_URL must be an http(s) URL');
    expect(text).toContain('SLACK_SIGNING_SECRET is required');
    // A malformed variable is reported once, not also as missing.
    expect(problems.filter((p) => p.startsWith('TOKEN_ENCRYPTION_KEY'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('SLACK_BOT_TOKEN'))).toHaveLength(1);
  });

  it('never echoes a secret value in its message', () => {
    const error = (() => {
      try {
        loadConfig({ ...minimal, TOKEN_ENCRYPTION_KEY: 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtdG9vLXNob3J0' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected failure');
    })();
    expect(error.message).not.toContain('c2VjcmV0LXZhbHVlLXRoYXQtaXMtdG9vLXNob3J0');
  });

  it('applies the defaults of SPEC.md', () => {
    const config = loadConfig(minimal);
    expect(config.port).toBe(3000);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBe('file:./data/zoom-scheduler.db');
    expect(config.tokenEncryptionKey.equals(Buffer.from(key, 'base64'))).toBe(true);
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.slack.mode).toEqual({ kind: 'single-workspace', botToken: 'xoxb-123' });
    expect(config.zoom).toMatchObject({
      live: true,
      redirectUri: 'http://localhost:3000/zoom/oauth/callback',
      apiBaseUrl: 'https://api.zoom.us/v2',
      oauthBaseUrl: 'https://zoom.us',
      webhookSecretToken: undefined,
      auth: { kind: 'user-oauth' },
      sharedAccount: undefined,
    });
    expect(config.logLevel).toBe('info');
  });

  it('derives the redirect URI from PUBLIC_BASE_URL and PORT', () => {
    expect(loadConfig({ ...minimal, PORT: '8080' }).zoom.redirectUri).toBe('http://localhost:8080/zoom/oauth/callback');
    expect(loadConfig({ ...minimal, PUBLIC_BASE_URL: 'https://sched.example.com/' }).zoom.redirectUri).toBe(
      'https://sched.example.com/zoom/oauth/callback',
    );
  });

  it('selects multi-workspace mode from the Slack OAuth variables and insists on all three', () => {
    const { SLACK_BOT_TOKEN: _unused, ...withoutToken } = minimal;
    void _unused;
    const config = loadConfig({ ...withoutToken, SLACK_CLIENT_ID: 'id', SLACK_CLIENT_SECRET: 'secret', SLACK_STATE_SECRET: 'state' });
    expect(config.slack.mode).toEqual({ kind: 'multi-workspace', clientId: 'id', clientSecret: 'secret', stateSecret: 'state' });
    expect(problemsOf({ ...withoutToken, SLACK_CLIENT_ID: 'id' })).toEqual([
      'SLACK_CLIENT_SECRET is required for a multi-workspace install (with SLACK_CLIENT_ID)',
      'SLACK_STATE_SECRET is required for a multi-workspace install (with SLACK_CLIENT_ID)',
    ]);
    expect(problemsOf({ ...minimal, SLACK_CLIENT_ID: 'id' })[0]).toMatch(/SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set/);
  });

  it('needs no Zoom credentials against the built-in mock', () => {
    const config = loadConfig({ TOKEN_ENCRYPTION_KEY: key, SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', IS_LIVE_SERVER: 'false' });
    expect(config.zoom.live).toBe(false);
  });

  it('picks the mock profile from ZOOM_MOCK_PROFILE (spec by default) and refuses other values', () => {
    const mockOnly = { TOKEN_ENCRYPTION_KEY: key, SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', IS_LIVE_SERVER: 'false' };
    expect(loadConfig(mockOnly).zoom.mockProfile).toBe('spec');
    expect(loadConfig({ ...mockOnly, ZOOM_MOCK_PROFILE: 'live' }).zoom.mockProfile).toBe('live');
    expect(loadConfig({ ...mockOnly, ZOOM_MOCK_PROFILE: ' LIVE ' }).zoom.mockProfile).toBe('live');
    expect(problemsOf({ ...mockOnly, ZOOM_MOCK_PROFILE: 'prod' })).toEqual([
      "ZOOM_MOCK_PROFILE must be spec (the mock follows Zoom's published spec) or live (it behaves as live Zoom was observed to)",
    ]);
  });

  it('selects Server-to-Server and the shared account from what is set', () => {
    const config = loadConfig({ ...minimal, ZOOM_ACCOUNT_ID: 'acct', ZOOM_REFRESH_TOKEN: 'r', ZOOM_USER_ID: 'u' });
    expect(config.zoom.auth).toEqual({ kind: 'server-to-server', accountId: 'acct' });
    expect(config.zoom.sharedAccount).toEqual({ refreshToken: 'r', userId: 'u' });
    expect(problemsOf({ ...minimal, ZOOM_REFRESH_TOKEN: 'r' })).toEqual([
      'ZOOM_USER_ID is required when ZOOM_REFRESH_TOKEN is set: the shared Zoom account needs both',
    ]);
  });

  it('accepts PostgreSQL URLs and previous encryption keys for rotation', () => {
    const old = randomBytes(32).toString('base64');
    const config = loadConfig({
      ...minimal,
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/app',
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: old,
    });
    expect(config.databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/app');
    expect(config.previousTokenEncryptionKeys.map((k) => k.toString('base64'))).toEqual([old]);
  });
});

describe('LOG_FORMAT and METRICS_TOKEN', () => {
  it('log JSON with no metrics route by default', () => {
    expect(loadConfig(minimal)).toMatchObject({ logFormat: 'json', metricsToken: undefined });
  });

  it('take pretty logs and a metrics token', () => {
    expect(loadConfig({ ...minimal, LOG_FORMAT: 'Pretty', METRICS_TOKEN: ' scrape-me ' })).toMatchObject({
      logFormat: 'pretty',
      metricsToken: 'scrape-me',
    });
  });

  it('refuse a format that is neither json nor pretty', () => {
    expect(problemsOf({ ...minimal, LOG_FORMAT: 'xml' })).toEqual([
      'LOG_FORMAT must be json (for log collectors) or pretty (for reading in a terminal)',
    ]);
  });
});
