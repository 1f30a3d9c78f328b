import { AppError, GENERIC_FAILURE } from '../errors';
import { isStoreUnavailable } from '../store';
import type { ZoomAccounts } from '../core/zoom-accounts';
import type { SchedulerAccess } from '../core/scheduler-access';
// The exact builders, not the barrel: this module is loaded at start, and the barrel is most of Block Kit.
import type { SlackMessage } from './blocks/blocks';
import { connectPromptMessage } from './blocks/messages/connection';
import { noticeMessage } from './blocks/messages/notice';
import { isPassingSlackFailure } from './web/errors';
import {
  isSchedulerAccessError,
  ZoomApiError,
  ZoomLicenseRequiredError,
  ZoomNetworkError,
  ZoomReconnectRequiredError,
  ZoomResponseError,
  ZoomSchedulerProfileMissingError,
  ZoomTimeoutError,
  ZoomTokenRefreshContendedError,
} from '../zoom';

/**
 * THE decider: every Slack answer to a failure (a command's reply, a button's, a modal's, App Home's line, the
 * digest's DM) is made here, so the same error gets the same sentence and the same fix everywhere. Stack traces
 * and Zoom's raw payloads go to the log, never to Slack.
 */

/** The database is down: nothing the user did, and nothing to fix but waiting. */
export const DATABASE_UNAVAILABLE = "I can't reach my database right now; try again in a minute.";

/** Slack's Web API is down, unreachable or limiting the app for a moment: what was to be posted was not. */
export const SLACK_UNAVAILABLE = "Slack didn't take the message just now; try again in a minute.";

/**
 * A failure that waiting cures: Slack or Zoom down, unreachable, timing out or rate limiting, or the database away.
 * Background work failing so is delayed, not given up (the job runner's `isOutage`).
 */
export function isPassingOutage(error: unknown): boolean {
  if (isStoreUnavailable(error) || isPassingSlackFailure(error)) return true;
  if (error instanceof ZoomTimeoutError || error instanceof ZoomNetworkError) return true;
  return error instanceof ZoomApiError && (error.status === 429 || error.status >= 500);
}

/** The short sentence a Slack user sees for any failure. */
export function userMessageFor(error: unknown): string {
  if (error instanceof AppError) return error.userMessage;
  if (isStoreUnavailable(error)) return DATABASE_UNAVAILABLE;
  if (error instanceof ZoomReconnectRequiredError) {
    return 'Your Zoom connection has expired or was revoked. Reconnect Zoom to continue.';
  }
  if (error instanceof ZoomLicenseRequiredError) return LICENCE_MISSING_SENTENCE;
  if (error instanceof ZoomSchedulerProfileMissingError) return SCHEDULER_PROFILE_MISSING_SENTENCE;
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
  if (isPassingSlackFailure(error)) return SLACK_UNAVAILABLE;
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
  if (isMissingGrant(error)) {
    return 'Zoom refused the request: the connection lacks a Scheduler permission the app needs. Reconnect Zoom to continue.';
  }
  if (error.status === 409) return `Zoom refused the change: ${error.zoomMessage ?? 'it conflicts with what is already there'}.`;
  // Zoom's own reason (message and first field errors, in whichever body shape it came), never its raw body.
  return error.userMessage;
}

/**
 * Zoom connected the user but refuses every Scheduler call (zoom-live.md §B5). Reconnecting does not help, so
 * these say what does, and how to check again.
 */
export const LICENCE_MISSING_SENTENCE =
  'Your Zoom account has no Zoom Scheduler licence yet: ask your Zoom admin to assign you one, open the Scheduler tab in Zoom once, then run /zoom-schedule status to check again.';
export const SCHEDULER_PROFILE_MISSING_SENTENCE =
  "Zoom Scheduler isn't set up for your Zoom account yet: open the Scheduler tab in Zoom once (if Zoom says you have no licence, ask your Zoom admin for one), then run /zoom-schedule status to check again.";

/** Server-to-Server mode has no Zoom authorize page: an unlinked user is told to link by e-mail instead. */
export const LINK_BY_EMAIL_INSTRUCTION = 'Run /zoom-schedule connect first: it links you to the Zoom user with your Slack e-mail address.';

/** 401/403 and code 4700: the grant lacks a scope or was withdrawn, so connecting again is the fix. */
function isMissingGrant(error: ZoomApiError): boolean {
  if (refusesScheduler(error)) return false;
  return error.status === 401 || error.status === 403 || error.zoomCode === 4700;
}

/** The sentence for a Scheduler refusal found by the preflight (core/scheduler-access.ts); none when there is none. */
export function schedulerAccessSentence(access: SchedulerAccess): string | undefined {
  if (access === 'unlicensed') return LICENCE_MISSING_SENTENCE;
  if (access === 'no-profile') return SCHEDULER_PROFILE_MISSING_SENTENCE;
  return undefined;
}

/** Licence/profile refusals are 401/403 too, but connecting again does not cure them. */
function refusesScheduler(error: unknown): boolean {
  return isSchedulerAccessError(error);
}

/** Whether the fix is (re)connecting Zoom: for interactive replies and the digest alike. */
export function needsConnectButton(error: unknown): 'connect' | 'reconnect' | undefined {
  if (error instanceof ZoomReconnectRequiredError) return 'reconnect';
  if (error instanceof ZoomApiError && isMissingGrant(error)) return 'reconnect';
  if (error instanceof AppError && error.code === 'not_connected') return 'connect';
  return undefined;
}

/** How (re)connecting is offered: a button to Zoom's authorize page, or, in Server-to-Server mode, the instruction. */
export type ConnectOffer = { kind: 'button'; authorizeUrl: string; reconnect: boolean } | { kind: 'instruction'; sentence: string };

export type FailureAccounts = Pick<ZoomAccounts, 'isServerToServer' | 'connectUrl'>;

export async function connectOffer(
  accounts: FailureAccounts,
  who: { teamId: string; userId: string },
  connect: 'connect' | 'reconnect',
): Promise<ConnectOffer> {
  if (accounts.isServerToServer) return { kind: 'instruction', sentence: LINK_BY_EMAIL_INSTRUCTION };
  return { kind: 'button', authorizeUrl: await accounts.connectUrl(who.teamId, who.userId), reconnect: connect === 'reconnect' };
}

/**
 * The message for a failure: a (re)connect button when Zoom needs one (in Server-to-Server mode the instruction
 * to run `connect`, which links by e-mail), else the sentence as a notice.
 */
export async function failureMessage(
  accounts: FailureAccounts,
  who: { teamId: string; userId: string },
  error: unknown,
): Promise<SlackMessage> {
  const connect = needsConnectButton(error);
  if (!connect) return noticeMessage(userMessageFor(error), 'error');
  const offer = await connectOffer(accounts, who, connect);
  if (offer.kind === 'instruction') return noticeMessage(offer.sentence);
  return connectPromptMessage({ authorizeUrl: offer.authorizeUrl, reason: offer.reconnect ? 'reconnect' : 'not_connected' });
}

/**
 * The sentence for a surface that cannot carry the button (a modal): it says where the fix went, and never
 * promises a button that Server-to-Server mode does not send.
 */
export function sentenceBesideConnectOffer(accounts: Pick<FailureAccounts, 'isServerToServer'>, error: unknown): string {
  const connect = needsConnectButton(error);
  if (!connect) return userMessageFor(error);
  if (accounts.isServerToServer) return LINK_BY_EMAIL_INSTRUCTION;
  return connect === 'reconnect'
    ? "Zoom needs you to connect again. I've sent you a button to reconnect it; then try again."
    : "Zoom isn't connected for you yet. I've sent you a button to connect it; then try again.";
}
