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
