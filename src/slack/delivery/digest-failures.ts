import { ErrorCode } from '@slack/web-api';
import { ZoomApiError, ZoomNetworkError, ZoomResponseError, ZoomTimeoutError, ZoomTokenRefreshContendedError } from '../../zoom';
import { isUnreachableChannelError, slackErrorCode } from '../web/errors';
import { needsConnectButton, userMessageFor } from '../failures';

/**
 * Why a digest could not be delivered, and whether trying again later today can help.
 *
 * - `retry`: the claim is released, so a later tick sends today's digest (Zoom 429/5xx/network, Slack rate
 *   limits and outages). `retryAfterMs` is Zoom's or Slack's hint, when given.
 * - `permanent`: the claim is kept with the reason, and the subscriber is told the fix by DM. Trying again
 *   today would fail the same way (a revoked grant, a deleted or archived channel, a workspace that is gone).
 */
export type DigestFailure =
  { kind: 'retry'; reason: string; retryAfterMs?: number } | { kind: 'permanent'; reason: string; fix: PermanentFix };

export type PermanentFix =
  | { kind: 'connect'; reconnect: boolean }
  | { kind: 'channel' }
  /** Nothing the user can do in Slack (e.g. the bot token is gone): logged, and the DM is attempted anyway. */
  | { kind: 'none'; sentence: string };

/** The app is no longer installed in the subscriber's workspace. */
export class SlackWorkspaceUnavailableError extends Error {
  override readonly name = 'SlackWorkspaceUnavailableError';
  constructor(readonly teamId: string) {
    super(`no Slack bot token for team ${teamId}`);
  }
}

/** Slack answers meaning the token or the workspace is gone, not a passing problem. */
const SLACK_AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_access_not_granted',
]);
/** Slack refusing the message itself: a bug that a retry would only repeat. */
const SLACK_CONTENT_ERRORS = new Set(['invalid_blocks', 'msg_too_long', 'no_text', 'invalid_arguments', 'too_many_attachments']);

export function classifyDigestFailure(error: unknown, destination: { channelId: string | null }): DigestFailure {
  const reason = describe(error);
  // The interactive replies' decider says when connecting again is the fix, so both paths answer alike.
  const connect = needsConnectButton(error);
  if (connect) return { kind: 'permanent', reason, fix: { kind: 'connect', reconnect: connect === 'reconnect' } };
  if (error instanceof ZoomApiError) return classifyZoomApiError(error, reason);
  if (
    error instanceof ZoomNetworkError ||
    error instanceof ZoomTimeoutError ||
    error instanceof ZoomTokenRefreshContendedError ||
    error instanceof ZoomResponseError
  ) {
    return { kind: 'retry', reason };
  }
  if (error instanceof SlackWorkspaceUnavailableError) {
    return { kind: 'permanent', reason, fix: { kind: 'none', sentence: 'the app is no longer installed in this workspace.' } };
  }
  if (isUnreachableChannelError(error) && destination.channelId !== null) return { kind: 'permanent', reason, fix: { kind: 'channel' } };
  const slackCode = slackErrorCode(error);
  if (
    slackCode !== undefined &&
    (SLACK_AUTH_ERRORS.has(slackCode) || SLACK_CONTENT_ERRORS.has(slackCode) || isUnreachableChannelError(error))
  ) {
    return { kind: 'permanent', reason, fix: { kind: 'none', sentence: 'Slack refused the message. Please tell your Slack admin.' } };
  }
  const rateLimited = rateLimitWait(error);
  if (rateLimited !== undefined) return { kind: 'retry', reason, retryAfterMs: rateLimited };
  // Slack outages (HTTP errors, request errors, internal_error, ...) and anything unforeseen: today's digest is
  // still owed, and the scheduler backs off between attempts.
  return { kind: 'retry', reason };
}

function classifyZoomApiError(error: ZoomApiError, reason: string): DigestFailure {
  if (error.status === 429 || error.status >= 500) {
    return error.retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs: error.retryAfterMs };
  }
  return { kind: 'permanent', reason, fix: { kind: 'none', sentence: userMessageFor(error) } };
}

/** Slack's rate limit, as the WebClient reports it when it stops retrying. */
function rateLimitWait(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  if (code === ErrorCode.RateLimitedError) return typeof retryAfter === 'number' ? retryAfter * 1000 : undefined;
  return slackErrorCode(error) === 'ratelimited' ? 0 : undefined;
}

/** For the log and the delivery row: the error's class and message, which never carry a token. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
