import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, parseApiArgs, readRaw } from './body';
import * as chat from './chat-methods';
import * as identity from './identity-methods';
import type {
  ApiResult,
  FakeCall,
  FakeChannel,
  FakeEphemeral,
  FakeMessage,
  FakeResponse,
  FakeUser,
  FakeUnfurl,
  FakeView,
  RecordedViolation,
} from './types';
import * as views from './view-methods';
import * as unfurls from './unfurl-methods';
import { FakeWorkspace } from './workspace';
import { SLACK_BOT_SCOPES } from '../../src/slack/installation-store';

export interface FakeSlackOptions {
  port?: number;
  botToken?: string;
  teamId?: string;
  teamName?: string;
  users?: FakeUser[];
  channels?: FakeChannel[];
  /** Clock for trigger expiry and message timestamps; tests pass their own. */
  now?: () => number;
  /** The bot token's scopes, sent as Slack does in `x-oauth-scopes`; default: the manifest's bot scopes. */
  scopes?: string[];
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>/api/`: use as SLACK_API_URL / `slackApiUrl`. */
  apiUrl: string;
  botToken: string;
  teamId: string;
  botUserId: string;
  calls: FakeCall[];
  messages: FakeMessage[];
  ephemerals: FakeEphemeral[];
  views: FakeView[];
  responses: FakeResponse[];
  /** Block Kit limit violations, also answered with `invalid_blocks`; tests assert there are none. */
  violations: RecordedViolation[];
  /** Every accepted chat.unfurl, oldest first. */
  unfurls: FakeUnfurl[];
  /**
   * A person pastes `urls` in `channel`: the message is recorded and the `link_shared` event Slack would send is
   * returned, for the test to deliver signed (e.g. `stack.event(...)`).
   */
  shareLinks(input: {
    channel: string;
    user: string;
    urls: string[];
    source?: 'conversations_history' | 'composer';
    threadTs?: string;
  }): Record<string, unknown>;
  /** A URL on the fake that records what `respond()` posts to it under `id`. */
  responseUrl(id: string): string;
  messagesIn(channelId: string): FakeMessage[];
  dmChannelId(userId: string): string;
  addUser(user: FakeUser): void;
  addChannel(channel: FakeChannel): void;
  /** The next `times` calls of `method` answer 429 with `Retry-After`. */
  rateLimitNext(method: string, retryAfterSeconds: number, times?: number): void;
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times?: number): void;
  /**
   * Enforces chat.postMessage's limits as Slack does: "1 per second per channel, short bursts allowed" (beyond
   * `burst` posts within a second to one channel, a 429 with Retry-After), and "a workspace-wide limit" beyond the
   * channels'. Slack publishes no number for the latter; `workspacePerMinute` (default 300, the low end of the
   * several hundred a minute Slack tolerates) refills a bucket of `workspaceBurst` posts (default two seconds'
   * worth) evenly. `false` turns both off (the default).
   */
  enforcePostRate(limit: PostRateOptions | false): void;
  /** While true, every Web API call answers HTTP 503, as Slack does during an outage. */
  setUnavailable(unavailable: boolean): void;
  /**
   * Until the returned release is called, Web API calls and response_url posts are recorded on arrival but not
   * answered: an app that waits on Slack before its ack cannot ack while held.
   */
  holdAnswers(): HeldAnswers;
  /** Another token for the same bot (e.g. one per app process, so a test can tell which process called). */
  addBotToken(token: string): void;
  /** Calls `interceptor` around every Web API call (undefined: stop); see {@link CallInterceptor}. */
  intercept(interceptor: CallInterceptor | undefined): void;
  /** Forgets calls, messages, views, responses, violations and faults; keeps users and channels. */
  reset(): void;
  close(): Promise<void>;
}

type Handler = (ws: FakeWorkspace, args: Record<string, unknown>, token: string) => ApiResult;

const METHODS: Record<string, Handler> = {
  'auth.test': (ws) => identity.authTest(ws),
  'auth.revoke': (ws, _args, token) => identity.authRevoke(ws, token),
  'chat.postMessage': chat.postMessage,
  'chat.update': chat.update,
  'chat.postEphemeral': chat.postEphemeral,
  'chat.unfurl': unfurls.unfurl,
  'conversations.open': identity.conversationsOpen,
  'conversations.history': chat.history,
  'conversations.replies': chat.replies,
  'conversations.info': identity.conversationsInfo,
  'users.info': identity.usersInfo,
  'views.open': views.open,
  'views.update': views.update,
  'views.push': views.push,
  'views.publish': views.publish,
};

/** Methods called with client credentials instead of a token. */
const TOKENLESS: Record<string, Handler> = {
  'oauth.v2.access': identity.oauthV2Access,
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts a stateful stand-in for Slack's Web API on loopback. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const ws = new FakeWorkspace({
    botToken: options.botToken ?? 'xoxb-fake-bot-token',
    teamId: options.teamId ?? 'T0FAKETEAM',
    teamName: options.teamName ?? 'Fakeworks',
    botUserId: 'U0FAKEBOT',
    botId: 'B0FAKEBOT',
    users: options.users ?? [],
    channels: options.channels ?? [],
    now: options.now ?? Date.now,
  });

  const scopes = (options.scopes ?? SLACK_BOT_SCOPES).join(',');
  const state: ServerState = { ws, scopes, granted: new Set(scopes.split(',')), postRate: undefined, unavailable: false };
  const server = createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      sendJson(res, 500, { ok: false, error: 'fatal_error', detail: error instanceof Error ? error.message : 'unknown' });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    botToken: ws.options.botToken,
    teamId: ws.options.teamId,
    botUserId: ws.options.botUserId,
    calls: ws.calls,
    messages: ws.messages,
    ephemerals: ws.ephemerals,
    views: ws.views,
    responses: ws.responses,
    violations: ws.violations,
    unfurls: ws.unfurls,
    shareLinks: (input) => unfurls.shareLinks(ws, input),
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    messagesIn: (channelId) => ws.messages.filter((m) => m.channel === channelId),
    dmChannelId: (userId) => ws.dmChannelId(userId),
    addUser: (user) => void ws.users.set(user.id, user),
    addChannel: (channel) => void ws.channels.set(channel.id, channel),
    rateLimitNext: (method, retryAfterSeconds, times = 1) => ws.injectFault(method, { kind: 'rate_limited', retryAfterSeconds }, times),
    failNext: (method, error, times = 1) => ws.injectFault(method, { kind: 'error', error }, times),
    enforcePostRate: (limit) => {
      state.postRate = limit === false ? undefined : new PostRateLimit(limit);
    },
    setUnavailable: (unavailable) => {
      state.unavailable = unavailable;
    },
    holdAnswers: () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const held = { gate, arrivals: [] as HeldAnswers['arrivals'] };
      state.held = held;
      return {
        arrivals: held.arrivals,
        release: () => {
          if (state.held === held) state.held = undefined;
          release();
        },
      };
    },
    addBotToken: (token) => void ws.validTokens.add(token),
    intercept: (interceptor) => {
      state.interceptor = interceptor;
    },
    reset: () => ws.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Fault injection from outside the app: called for each Web API call when it arrives (`received`, before Slack
 * acts on it) and once it has been acted on (`handled`: a post is in the channel) but before the answer is sent.
 * A test SIGKILLs the app there to crash it at an exact step, with no switch in the app's code. `drop` at
 * `received`: the call never reaches Slack (it is not acted on and the connection is cut).
 */
export type CallInterceptor = (call: FakeCall, phase: 'received' | 'handled', token: string) => void | 'drop' | Promise<void | 'drop'>;

interface ServerState {
  interceptor?: CallInterceptor;
  ws: FakeWorkspace;
  scopes: string;
  granted: Set<string>;
  postRate: PostRateLimit | undefined;
  unavailable: boolean;
  held?: { gate: Promise<void>; arrivals: HeldAnswers['arrivals'] };
}

export interface HeldAnswers {
  /** What arrived while held: `/api/<method>` or `/response/<id>`, with its arrival time. */
  arrivals: Array<{ path: string; receivedAt: number }>;
  release(): void;
}

export interface PostRateOptions {
  /** Posts one channel may take within a second. */
  burst?: number;
  /** The workspace-wide ceiling on chat.postMessage, per minute, across all channels. */
  workspacePerMinute?: number;
  /** Posts the workspace may take at once before the ceiling's even rate applies. */
  workspaceBurst?: number;
}

export const DEFAULT_WORKSPACE_POSTS_PER_MINUTE = 300;

/** Per channel, the arrival times of the last second's posts; for the workspace, a token bucket. */
class PostRateLimit {
  private readonly recent = new Map<string, number[]>();
  private readonly burst: number;
  private readonly workspacePerMs: number;
  private readonly workspaceBurst: number;
  private workspaceTokens: number;
  private refilledAt: number | undefined;

  constructor(options: PostRateOptions) {
    this.burst = options.burst ?? 1;
    const perMinute = options.workspacePerMinute ?? DEFAULT_WORKSPACE_POSTS_PER_MINUTE;
    this.workspacePerMs = perMinute / 60_000;
    this.workspaceBurst = options.workspaceBurst ?? Math.max(1, Math.round(perMinute / 30));
    this.workspaceTokens = this.workspaceBurst;
  }

  /** Seconds to wait when this post is one too many, else undefined (and the post is counted). */
  retryAfterSeconds(channel: string, at: number): number | undefined {
    const times = (this.recent.get(channel) ?? []).filter((t) => at - t < 1000);
    if (times.length >= this.burst) {
      this.recent.set(channel, times);
      return Math.max(1, Math.ceil((times[0]! + 1000 - at) / 1000));
    }
    this.workspaceTokens = Math.min(this.workspaceBurst, this.workspaceTokens + (at - (this.refilledAt ?? at)) * this.workspacePerMs);
    this.refilledAt = at;
    if (this.workspaceTokens < 1) {
      this.recent.set(channel, times);
      return Math.max(1, Math.ceil((1 - this.workspaceTokens) / this.workspacePerMs / 1000));
    }
    this.workspaceTokens -= 1;
    times.push(at);
    this.recent.set(channel, times);
    return undefined;
  }
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ws, scopes } = state;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const raw = await readRaw(req);
  if (state.held) {
    state.held.arrivals.push({ path: url.pathname, receivedAt: Date.now() });
    await state.held.gate;
  }
  if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
    return recordResponse(ws, decodeURIComponent(url.pathname.slice('/response/'.length)), raw, res);
  }
  if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
    return sendJson(res, 404, { ok: false, error: 'unknown_method' });
  }
  const method = url.pathname.slice('/api/'.length);
  const args = parseApiArgs(raw, req.headers['content-type']);
  const token = bearerToken(req) ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  const call: FakeCall = { method, args, receivedAt: Date.now() };
  ws.calls.push(call);
  if (state.unavailable) {
    call.status = 503;
    return sendJson(res, 503, { ok: false, error: 'service_unavailable' });
  }

  const fault = ws.takeFault(method);
  const retryAfter =
    fault?.kind === 'rate_limited'
      ? fault.retryAfterSeconds
      : method === 'chat.postMessage' && state.postRate
        ? state.postRate.retryAfterSeconds(postChannelKey(ws, args.channel), call.receivedAt)
        : undefined;
  if (retryAfter !== undefined) {
    call.status = 429;
    return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
  }
  if (fault?.kind === 'error') return sendJson(res, 200, { ok: false, error: fault.error });

  const tokenless = TOKENLESS[method];
  if (tokenless) return sendJson(res, 200, tokenless(ws, args, ''));
  const handler = METHODS[method];
  if (!handler) return sendJson(res, 200, { ok: false, error: 'unknown_method' });
  if (!token) return sendJson(res, 200, { ok: false, error: 'not_authed' });
  if (!ws.validTokens.has(token)) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
  if ((await state.interceptor?.(call, 'received', token)) === 'drop') {
    res.destroy();
    return;
  }
  const needed = HISTORY_METHODS.has(method) ? historyScopeFor(ws, args.channel) : undefined;
  const answer =
    needed && !state.granted.has(needed) ? { ok: false, error: 'missing_scope', needed, provided: scopes } : handler(ws, args, token);
  await state.interceptor?.(call, 'handled', token);
  return sendJson(res, 200, answer, { 'x-oauth-scopes': scopes });
}

/** Reading a conversation's messages needs the history scope of its kind, as Slack checks per call. */
const HISTORY_METHODS = new Set(['conversations.history', 'conversations.replies']);

function historyScopeFor(ws: FakeWorkspace, channel: unknown): string | undefined {
  const id = String(channel);
  if (id.startsWith('D')) return 'im:history';
  const known = ws.channels.get(id);
  if (!known) return undefined;
  return known.isPrivate ? 'groups:history' : 'channels:history';
}

/** A post to a user id lands in the DM with them: the same channel for the limit. */
function postChannelKey(ws: FakeWorkspace, channel: unknown): string {
  const id = String(channel);
  return ws.users.has(id) ? ws.dmChannelId(id) : id;
}

function recordResponse(ws: FakeWorkspace, id: string, raw: string, res: ServerResponse): void {
  const body = parseApiArgs(raw, 'application/json');
  const invalid = ws.checkLimits('response_url', 'message', body);
  if (invalid) return sendJson(res, 400, invalid);
  ws.responses.push({ id, body });
  return sendJson(res, 200, { ok: true });
}
