/**
 * The runtime contract of SPEC.md, parsed once at boot. Every variable is checked in one pass so that an
 * operator sees every mistake in a single message instead of fixing them one restart at a time.
 */

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type LogFormat = 'json' | 'pretty';

export type SlackMode =
  { kind: 'single-workspace'; botToken: string } | { kind: 'multi-workspace'; clientId: string; clientSecret: string; stateSecret: string };

export type ZoomAuthMode = { kind: 'user-oauth' } | { kind: 'server-to-server'; accountId: string };

export type ZoomMockProfile = 'spec' | 'live';

export interface Config {
  port: number;
  publicBaseUrl: string;
  databaseUrl: string;
  /** 32 bytes; the key that encrypts new writes. */
  tokenEncryptionKey: Buffer;
  /** Keys that may still decrypt older rows during a rotation. */
  previousTokenEncryptionKeys: Buffer[];
  logLevel: LogLevel;
  /** How long a background job or digest claim of a process that died blocks others before they take it over. */
  jobLeaseMs: number;
  /** `pretty` (pino-pretty, for people reading a terminal) or `json` (for log collectors). */
  logFormat: LogFormat;
  /** When set, GET /metrics answers to `Authorization: Bearer <this>`; when unset the route does not exist. */
  metricsToken: string | undefined;
  slack: {
    signingSecret: string;
    apiUrl: string;
    mode: SlackMode;
  };
  zoom: {
    /** false → the built-in Zoom Scheduler mock is started in-process and every Zoom URL points at it. */
    live: boolean;
    clientId: string | undefined;
    clientSecret: string | undefined;
    redirectUri: string;
    apiBaseUrl: string;
    oauthBaseUrl: string;
    webhookSecretToken: string | undefined;
    auth: ZoomAuthMode;
    /** One shared Zoom account for users who have not connected their own (the connector's configuration). */
    sharedAccount: { refreshToken: string; userId: string } | undefined;
    /** How the built-in mock behaves when `live` is false: as Zoom's published spec says, or as live Zoom was observed. */
    mockProfile: ZoomMockProfile;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function decodeKey(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

const KEY_FORM = 'must be 32 bytes, base64 (generate one with `openssl rand -base64 32`)';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** One variable's rule: a trimmed, non-empty value must pass `valid`, else the variable "must …" (`message`). */
interface Rule {
  valid?: (value: string) => boolean;
  message?: string;
}

const optionalText: Rule = {};
const rule = (valid: (value: string) => boolean, message: string): Rule => ({ valid, message });
const url = (form: string) => rule(isHttpUrl, `must be an http(s) URL, ${form}`);

// Plain checks rather than a schema library: this runs at every start, before anything else is loaded.
const envRules = {
  PORT: rule((v) => /^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536, 'must be a port number between 1 and 65535'),
  PUBLIC_BASE_URL: url('e.g. https://scheduler.example.com'),
  DATABASE_URL: rule(
    (v) => /^file:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v),
    'must be file:<path> (SQLite) or postgresql://user@host:port/db (PostgreSQL)',
  ),
  TOKEN_ENCRYPTION_KEY: rule((v) => decodeKey(v) !== undefined, KEY_FORM),
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: rule(
    (v) => v.split(',').every((k) => decodeKey(k.trim()) !== undefined),
    `must be a comma-separated list of keys; each ${KEY_FORM}`,
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: rule((v) => v.startsWith('xoxb-'), 'must be a bot token starting with xoxb-'),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_API_URL: url('e.g. https://slack.com/api/'),
  ZOOM_CLIENT_ID: optionalText,
  ZOOM_CLIENT_SECRET: optionalText,
  ZOOM_REDIRECT_URI: url('e.g. https://scheduler.example.com/zoom/oauth/callback'),
  ZOOM_API_BASE_URL: url('e.g. https://api.zoom.us/v2'),
  ZOOM_OAUTH_BASE_URL: url('e.g. https://zoom.us'),
  ZOOM_WEBHOOK_SECRET_TOKEN: optionalText,
  ZOOM_ACCOUNT_ID: optionalText,
  ZOOM_REFRESH_TOKEN: optionalText,
  ZOOM_USER_ID: optionalText,
  IS_LIVE_SERVER: rule((v) => /^(true|false)$/i.test(v), 'must be true or false'),
  ZOOM_MOCK_PROFILE: rule(
    (v) => /^(spec|live)$/i.test(v),
    "must be spec (the mock follows Zoom's published spec) or live (it behaves as live Zoom was observed to)",
  ),
  LOG_LEVEL: rule((v) => (LOG_LEVELS as readonly string[]).includes(v), `must be one of ${LOG_LEVELS.join(', ')}`),
  LOG_FORMAT: rule((v) => /^(json|pretty)$/i.test(v), 'must be json (for log collectors) or pretty (for reading in a terminal)'),
  METRICS_TOKEN: optionalText,
  JOB_LEASE_SECONDS: rule(
    (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3600,
    'must be a whole number of seconds from 1 to 3600',
  ),
} satisfies Record<string, Rule>;

type Env = { [K in keyof typeof envRules]: string | undefined };

/** Every environment variable the app reads (e.g. for checks that a deployment file names only real ones). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envRules);

/** Rules that involve several variables at once; each returns one problem sentence per variable at fault. */
function crossChecks(env: Env): string[] {
  const problems: string[] = [];
  if (!env.TOKEN_ENCRYPTION_KEY) problems.push(`TOKEN_ENCRYPTION_KEY is required: it ${KEY_FORM}`);
  if (!env.SLACK_SIGNING_SECRET) {
    problems.push("SLACK_SIGNING_SECRET is required: the Signing Secret from your Slack app's Basic Information page");
  }

  const multi = {
    SLACK_CLIENT_ID: env.SLACK_CLIENT_ID,
    SLACK_CLIENT_SECRET: env.SLACK_CLIENT_SECRET,
    SLACK_STATE_SECRET: env.SLACK_STATE_SECRET,
  };
  const multiSet = Object.entries(multi).filter(([, v]) => v !== undefined);
  if (env.SLACK_BOT_TOKEN && multiSet.length > 0) {
    problems.push(
      `SLACK_BOT_TOKEN and ${multiSet.map(([k]) => k).join(', ')} are both set: use SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for many, not both`,
    );
  } else if (!env.SLACK_BOT_TOKEN && multiSet.length === 0) {
    problems.push(
      'SLACK_BOT_TOKEN is required (xoxb-…, single workspace), or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for a multi-workspace install',
    );
  } else if (!env.SLACK_BOT_TOKEN) {
    for (const [name, value] of Object.entries(multi)) {
      if (value === undefined)
        problems.push(`${name} is required for a multi-workspace install (with ${multiSet.map(([k]) => k).join(', ')})`);
    }
  }

  const live = env.IS_LIVE_SERVER === undefined || env.IS_LIVE_SERVER.toLowerCase() === 'true';
  if (live) {
    if (!env.ZOOM_CLIENT_ID) problems.push("ZOOM_CLIENT_ID is required (your Zoom app's Client ID), unless IS_LIVE_SERVER=false");
    if (!env.ZOOM_CLIENT_SECRET)
      problems.push("ZOOM_CLIENT_SECRET is required (your Zoom app's Client Secret), unless IS_LIVE_SERVER=false");
  }
  if (Boolean(env.ZOOM_REFRESH_TOKEN) !== Boolean(env.ZOOM_USER_ID)) {
    const missing = env.ZOOM_REFRESH_TOKEN ? 'ZOOM_USER_ID' : 'ZOOM_REFRESH_TOKEN';
    problems.push(
      `${missing} is required when ${missing === 'ZOOM_USER_ID' ? 'ZOOM_REFRESH_TOKEN' : 'ZOOM_USER_ID'} is set: the shared Zoom account needs both`,
    );
  }
  return problems;
}

function withTrailingSlash(value: string): string {
  return value.endsWith('/') ? value : `${value}/`;
}

function withoutTrailingSlash(value: string): string {
  return value.replace(/\/+$/, '');
}

/** Parses the environment; throws one ConfigError naming every variable at fault. */
export function loadConfig(source: NodeJS.ProcessEnv): Config {
  const env = {} as Env;
  const invalid: string[] = [];
  const problems: string[] = [];
  for (const [name, { valid, message }] of Object.entries(envRules) as Array<[keyof Env, Rule]>) {
    const value = source[name]?.trim() || undefined;
    env[name] = value;
    if (value !== undefined && valid && !valid(value)) {
      invalid.push(name);
      problems.push(`${name} ${message}`);
    }
  }
  // Cross-variable rules still run on the rest, so the operator sees every mistake at once.
  problems.push(...crossChecks(invalid.length > 0 ? withoutInvalid(source, invalid) : env));
  if (problems.length > 0) throw new ConfigError(problems);

  const port = env.PORT ? Number(env.PORT) : 3000;
  const publicBaseUrl = withoutTrailingSlash(env.PUBLIC_BASE_URL ?? `http://localhost:${port}`);
  const live = env.IS_LIVE_SERVER === undefined || env.IS_LIVE_SERVER.toLowerCase() === 'true';

  const slackMode: SlackMode = env.SLACK_BOT_TOKEN
    ? { kind: 'single-workspace', botToken: env.SLACK_BOT_TOKEN }
    : {
        kind: 'multi-workspace',
        clientId: env.SLACK_CLIENT_ID!,
        clientSecret: env.SLACK_CLIENT_SECRET!,
        stateSecret: env.SLACK_STATE_SECRET!,
      };

  return {
    port,
    publicBaseUrl,
    databaseUrl: env.DATABASE_URL ?? 'file:./data/zoom-scheduler.db',
    tokenEncryptionKey: decodeKey(env.TOKEN_ENCRYPTION_KEY!)!,
    previousTokenEncryptionKeys: (env.TOKEN_ENCRYPTION_PREVIOUS_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '')
      .map((k) => decodeKey(k)!),
    logLevel: (env.LOG_LEVEL ?? 'info') as LogLevel,
    jobLeaseMs: Number(env.JOB_LEASE_SECONDS ?? 60) * 1000,
    logFormat: (env.LOG_FORMAT?.toLowerCase() ?? 'json') as LogFormat,
    metricsToken: env.METRICS_TOKEN,
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET!,
      apiUrl: withTrailingSlash(env.SLACK_API_URL ?? 'https://slack.com/api/'),
      mode: slackMode,
    },
    zoom: {
      live,
      clientId: env.ZOOM_CLIENT_ID,
      clientSecret: env.ZOOM_CLIENT_SECRET,
      redirectUri: env.ZOOM_REDIRECT_URI ?? `${publicBaseUrl}/zoom/oauth/callback`,
      apiBaseUrl: withoutTrailingSlash(env.ZOOM_API_BASE_URL ?? 'https://api.zoom.us/v2'),
      oauthBaseUrl: withoutTrailingSlash(env.ZOOM_OAUTH_BASE_URL ?? 'https://zoom.us'),
      webhookSecretToken: env.ZOOM_WEBHOOK_SECRET_TOKEN,
      auth: env.ZOOM_ACCOUNT_ID ? { kind: 'server-to-server', accountId: env.ZOOM_ACCOUNT_ID } : { kind: 'user-oauth' },
      sharedAccount:
        env.ZOOM_REFRESH_TOKEN && env.ZOOM_USER_ID ? { refreshToken: env.ZOOM_REFRESH_TOKEN, userId: env.ZOOM_USER_ID } : undefined,
      mockProfile: (env.ZOOM_MOCK_PROFILE?.toLowerCase() ?? 'spec') as ZoomMockProfile,
    },
  };
}

/**
 * The environment with each malformed variable replaced by a marker: it counts as "set" for the cross-checks
 * (so it is not also reported as missing) without being trusted as a value.
 */
function withoutInvalid(source: NodeJS.ProcessEnv, invalid: string[]): Env {
  const copy: Record<string, string | undefined> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = source[key]?.trim();
    copy[key] = invalid.includes(key) ? 'invalid' : value === '' ? undefined : value;
  }
  if (invalid.includes('IS_LIVE_SERVER')) copy.IS_LIVE_SERVER = undefined;
  return copy as Env;
}
