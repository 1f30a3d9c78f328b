import { AppError, GENERIC_FAILURE } from '../errors';
import {
  ZoomApiError,
  ZoomNetworkError,
  ZoomReconnectRequiredError,
  ZoomResponseError,
  ZoomTimeoutError,
  ZoomTokenRefreshContendedError,
} from '../zoom';

/**
 * One place that turns any failure into the short sentence a Slack user sees. Stack traces and Zoom's raw
 * payloads go to the log, never to Slack.
 */
export function userMessageFor(error: unknown): string {
  if (error instanceof AppError) return error.userMessage;
  if (error instanceof ZoomReconnectRequiredError) {
    return 'Your Zoom connection has expired or was revoked. Reconnect Zoom to continue.';
  }
  if (error instanceof ZoomApiError) return zoomApiSentence(error);
  if (error instanceof ZoomTimeoutError || error instanceof ZoomNetworkError) {
    return "Zoom isn't answering right now. Please try again in a minute.";
  }
  if (error instanceof ZoomTokenRefreshContendedError) {
    return 'Zoom is busy renewing your connection. Please try again in a few seconds.';
  }
  if (error instanceof ZoomResponseError) {
    return 'Zoom sent an answer we could not read. Please try again; if it keeps happening, tell your Slack admin.';
  }
  return GENERIC_FAILURE;
}

function zoomApiSentence(error: ZoomApiError): string {
  if (error.status === 429) {
    const seconds = error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return seconds === undefined || seconds > 3600
      ? 'Zoom is limiting requests for your account right now. Please try again later.'
      : `Zoom is limiting requests for your account right now. Please try again in ${seconds} seconds.`;
  }
  if (error.status >= 500) return "Zoom isn't answering right now. Please try again in a minute.";
  if (error.status === 404) return "Zoom couldn't find that — it may have been deleted.";
  if (error.status === 401 || error.status === 403 || error.zoomCode === 4700) {
    return 'Zoom refused the request: your Zoom account lacks the Scheduler permission it needs.';
  }
  if (error.status === 409) return `Zoom refused the change: ${error.zoomMessage ?? 'it conflicts with what is already there'}.`;
  const field = error.fieldErrors[0];
  if (field) return `Zoom rejected the request: ${field.field} ${field.message}.`.replace(/\.\.$/, '.');
  return `Zoom rejected the request${error.zoomMessage ? `: ${error.zoomMessage}` : ''}.`.replace(/\.\.$/, '.');
}

/** Server-to-Server mode has no Zoom authorize page: an unlinked user is told to link by e-mail instead. */
export const LINK_BY_EMAIL_INSTRUCTION =
  'Run /zoom-schedule connect first: it links you to the Zoom user with your Slack e-mail address.';

/** Whether the user should be shown a (re)connect button with the sentence. */
export function needsConnectButton(error: unknown): 'connect' | 'reconnect' | undefined {
  if (error instanceof ZoomReconnectRequiredError) return 'reconnect';
  if (error instanceof AppError && error.code === 'not_connected') return 'connect';
  return undefined;
}
