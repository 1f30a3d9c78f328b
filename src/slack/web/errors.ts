import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';

/** Slack's `error` string (`channel_not_found`, `not_in_channel`, …) when a Web API call answered `ok: false`. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ((error as { code?: unknown }).code !== ErrorCode.PlatformError) return undefined;
  const code = (error as WebAPIPlatformError).data?.error;
  return typeof code === 'string' ? code : undefined;
}

/** Answers meaning the bot cannot post in that conversation (deleted, archived, private without the bot). */
const UNREACHABLE_CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived']);

export function isUnreachableChannelError(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && UNREACHABLE_CHANNEL_ERRORS.has(code);
}

/** Platform answers meaning Slack had a passing problem, not a refusal that a retry would repeat. */
const PASSING_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Slack unreachable, down, rate limiting or failing for a moment: asking again later can get a real answer. */
export function isPassingSlackFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  if (code === ErrorCode.RequestError || code === ErrorCode.HTTPError || code === ErrorCode.RateLimitedError) return true;
  return PASSING_PLATFORM_ERRORS.has(slackErrorCode(error) ?? '');
}
