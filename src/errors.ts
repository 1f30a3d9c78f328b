/**
 * Errors that carry a sentence fit for the user. `message` is for logs; `userMessage` is what Slack shows.
 * Anything that is not an AppError reaches the user as a generic sentence and the logs with its details.
 */
export type AppErrorCode =
  | 'not_connected'
  | 'slack_email_unavailable'
  | 'zoom_user_not_found'
  | 'zoom_rejected'
  | 'schedule_not_found'
  | 'availability_not_found'
  | 'invalid_input';

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;

  constructor(code: AppErrorCode, userMessage: string, options: { message?: string; cause?: unknown } = {}) {
    super(options.message ?? userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
  }
}

export const GENERIC_FAILURE = 'Something went wrong on our side. Please try again in a minute.';
