import type { LimitViolation } from '../../src/slack/blocks/limits';

export interface FakeUser {
  id: string;
  name: string;
  /** IANA zone, as `users.info` reports it. */
  tz: string;
  /** `users.info`'s `profile.email` (Slack sends it only with `users:read.email`); absent when not given. */
  email?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  botIsMember: boolean;
}

export interface FakeCall {
  method: string;
  /** The call's arguments, without the token. */
  args: Record<string, unknown>;
  /** Wall-clock ms when the call arrived: what rate limits and pacing are measured by. */
  receivedAt: number;
  /** The HTTP status answered (429 when rate-limited, 503 while unavailable). */
  status?: number;
}

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
}

export interface FakeMessage extends MessageContent {
  channel: string;
  ts: string;
  thread_ts?: string;
  /** Set for a message a person wrote (the fake's `shareLinks`); the app's own posts have none. */
  user?: string;
  /** Each chat.update, oldest first; the message fields hold the latest content. */
  updates: MessageContent[];
  /** chat.postMessage's `metadata`, returned by conversations.history only with include_all_metadata. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface FakeEphemeral extends MessageContent {
  channel: string;
  user: string;
}

export interface FakeView {
  id: string;
  hash: string;
  type: 'modal' | 'home';
  /** The view as last opened, updated or published. */
  view: Record<string, unknown>;
  /** Home: the user it was published for. */
  userId?: string;
  /** Every version, oldest first, with the method that produced it. */
  history: Array<{ method: 'views.open' | 'views.push' | 'views.update' | 'views.publish'; view: Record<string, unknown> }>;
}

export interface FakeResponse {
  /** The id given to `responseUrl(id)`. */
  id: string;
  body: Record<string, unknown>;
}

export interface RecordedViolation {
  method: string;
  violations: LimitViolation[];
}

export type Fault = { kind: 'rate_limited'; retryAfterSeconds: number } | { kind: 'error'; error: string };

/** What a method handler returns: Slack's JSON body (with `ok`). */
export type ApiResult = Record<string, unknown> & { ok: boolean };

/** A link a user pasted, as Slack announces it in `link_shared` and later accepts in `chat.unfurl`. */
export interface SharedLinks {
  channel: string;
  user: string;
  /** The message's ts (source `conversations_history`); absent while the link is still in the composer. */
  messageTs?: string;
  unfurlId: string;
  source: 'conversations_history' | 'composer';
  urls: string[];
}

/** One accepted chat.unfurl: the URL → unfurl map, for the message it was attached to. */
export interface FakeUnfurl {
  channel: string;
  messageTs?: string;
  unfurlId: string;
  unfurls: Record<string, { blocks?: unknown[] } & Record<string, unknown>>;
}
