/**
 * Builds requests exactly as Slack sends them to the app (signed bodies for slash commands, interactivity and
 * the Events API), so end-to-end tests and the demo drive the real HTTP endpoint.
 */
import { createHmac } from 'node:crypto';
import { makeTriggerId } from './fake-slack/trigger';

export interface SignedHeaders {
  'content-type': string;
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Slack's v0 signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed by the signing secret. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signSlackRequest(input: {
  signingSecret: string;
  body: string;
  /** Unix seconds; defaults to now. Pass an old one to test replay protection. */
  timestamp?: number;
  contentType?: string;
}): SignedHeaders {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': input.contentType ?? FORM,
    'x-slack-signature': slackSignature(input.signingSecret, timestamp, input.body),
    'x-slack-request-timestamp': String(timestamp),
  };
}

export interface SlackActor {
  teamId: string;
  userId: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
}

export interface BuiltRequest {
  body: string;
  contentType: string;
  /** The trigger_id carried by the request, when it has one (the fake Slack accepts it for 3 s). */
  triggerId?: string;
}

/** A slash command as Slack posts it (form-encoded). */
export function slashCommandBody(
  input: SlackActor & { command?: string; text: string; responseUrl: string; apiAppId?: string },
): BuiltRequest {
  const triggerId = makeTriggerId();
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: input.teamId,
    team_domain: 'fakeworks',
    channel_id: input.channelId ?? 'C0GENERAL',
    channel_name: input.channelName ?? 'general',
    user_id: input.userId,
    user_name: input.userName ?? input.userId.toLowerCase(),
    command: input.command ?? '/zoom-schedule',
    text: input.text,
    api_app_id: input.apiAppId ?? 'A0FAKEAPP',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: triggerId,
  });
  return { body: form.toString(), contentType: FORM, triggerId };
}

/** Interactivity payloads travel as a form with a single `payload` field holding JSON. */
function payloadBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface BlockActionInput extends SlackActor {
  actionId: string;
  blockId?: string;
  value?: string;
  selectedOptionValue?: string;
  responseUrl?: string;
  /** When the action happened inside a modal or App Home. */
  view?: Record<string, unknown>;
  messageTs?: string;
}

export function blockActionBody(input: BlockActionInput): BuiltRequest {
  const triggerId = makeTriggerId();
  const action: Record<string, unknown> = {
    action_id: input.actionId,
    block_id: input.blockId ?? 'block',
    type: input.selectedOptionValue !== undefined ? 'static_select' : 'button',
    action_ts: String(Date.now() / 1000),
  };
  if (input.value !== undefined) action.value = input.value;
  if (input.selectedOptionValue !== undefined) {
    action.selected_option = { text: { type: 'plain_text', text: input.selectedOptionValue }, value: input.selectedOptionValue };
  }
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    team: { id: input.teamId, domain: 'fakeworks' },
    user: { id: input.userId, username: input.userName ?? input.userId.toLowerCase(), team_id: input.teamId },
    api_app_id: 'A0FAKEAPP',
    token: 'deprecated-verification-token',
    trigger_id: triggerId,
    actions: [action],
  };
  if (input.channelId) payload.channel = { id: input.channelId, name: input.channelName ?? 'general' };
  if (input.responseUrl) payload.response_url = input.responseUrl;
  if (input.view) {
    payload.view = input.view;
    payload.container = { type: 'view', view_id: input.view.id };
  } else if (input.messageTs && input.channelId) {
    payload.container = { type: 'message', message_ts: input.messageTs, channel_id: input.channelId, is_ephemeral: true };
  }
  return { body: payloadBody(payload), contentType: FORM, triggerId };
}

export interface ViewSubmissionInput extends SlackActor {
  /** The view as opened (e.g. from the fake Slack's `views`), with `id`, `hash`, `callback_id`, `private_metadata`. */
  view: Record<string, unknown>;
  /** `view.state.values`: `{ [block_id]: { [action_id]: { type, value | selected_option | … } } }`. */
  values: Record<string, Record<string, Record<string, unknown>>>;
}

export function viewSubmissionBody(input: ViewSubmissionInput): BuiltRequest {
  const triggerId = makeTriggerId();
  const payload = {
    type: 'view_submission',
    team: { id: input.teamId, domain: 'fakeworks' },
    user: { id: input.userId, username: input.userName ?? input.userId.toLowerCase(), team_id: input.teamId },
    api_app_id: 'A0FAKEAPP',
    token: 'deprecated-verification-token',
    trigger_id: triggerId,
    view: {
      id: 'V0UNKNOWN',
      team_id: input.teamId,
      app_id: 'A0FAKEAPP',
      bot_id: 'B0FAKEBOT',
      hash: '1.fake',
      private_metadata: '',
      root_view_id: null,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      ...input.view,
      state: { values: input.values },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return { body: payloadBody(payload), contentType: FORM, triggerId };
}

/** A global shortcut (`type: shortcut`): no channel and no response_url, as Slack sends it. */
export function globalShortcutBody(input: { teamId: string; userId: string; callbackId: string }): BuiltRequest {
  const triggerId = makeTriggerId();
  const payload = {
    type: 'shortcut',
    token: 'deprecated-verification-token',
    action_ts: String(Date.now() / 1000),
    team: { id: input.teamId, domain: 'fakeworks' },
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: input.teamId },
    is_enterprise_install: false,
    callback_id: input.callbackId,
    trigger_id: triggerId,
  };
  return { body: payloadBody(payload), contentType: FORM, triggerId };
}

/** A message shortcut (`type: message_action`) used on the message `messageTs` in `channelId`. */
export function messageShortcutBody(input: {
  teamId: string;
  userId: string;
  callbackId: string;
  channelId: string;
  messageTs: string;
  threadTs?: string;
  messageText?: string;
  responseUrl: string;
}): BuiltRequest {
  const triggerId = makeTriggerId();
  const payload = {
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: String(Date.now() / 1000),
    team: { id: input.teamId, domain: 'fakeworks' },
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: input.teamId, name: input.userId.toLowerCase() },
    channel: { id: input.channelId, name: 'general' },
    is_enterprise_install: false,
    callback_id: input.callbackId,
    trigger_id: triggerId,
    response_url: input.responseUrl,
    message_ts: input.messageTs,
    message: {
      type: 'message',
      user: 'U0SOMEONE',
      ts: input.messageTs,
      text: input.messageText ?? 'Can we talk this week?',
      ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    },
  };
  return { body: payloadBody(payload), contentType: FORM, triggerId };
}

/** An Events API delivery (JSON). */
export function eventCallbackBody(input: { teamId: string; event: Record<string, unknown>; eventId?: string }): BuiltRequest {
  const body = {
    token: 'deprecated-verification-token',
    team_id: input.teamId,
    api_app_id: 'A0FAKEAPP',
    event: { event_ts: String(Date.now() / 1000), ...input.event },
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: input.teamId, user_id: 'U0FAKEBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
  return { body: JSON.stringify(body), contentType: JSON_TYPE };
}

/** Builds the headers for a built request, signed now (or at `timestamp`). */
export function signedHeaders(request: BuiltRequest, signingSecret: string, timestamp?: number): SignedHeaders {
  return signSlackRequest({
    signingSecret,
    body: request.body,
    contentType: request.contentType,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
}

/** Posts a built request to the app's Slack endpoint, signed as Slack would sign it. */
export async function sendSignedRequest(
  endpointUrl: string,
  request: BuiltRequest,
  signingSecret: string,
  timestamp?: number,
): Promise<Response> {
  return fetch(endpointUrl, {
    method: 'POST',
    headers: { ...signedHeaders(request, signingSecret, timestamp) },
    body: request.body,
  });
}
