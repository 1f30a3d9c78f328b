import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../logger';
import type { Services } from '../deps';
import { LINK_BY_EMAIL_INSTRUCTION, needsConnectButton, userMessageFor } from '../failures';
import { connectPromptMessage, noticeMessage, type SlackMessage } from '../blocks';

/** An ephemeral answer to the user who ran the command or pressed the button. */
export async function replyEphemeral(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}

/**
 * Turns any failure into the user's sentence: a (re)connect button when Zoom needs one (in Server-to-Server
 * mode, the instruction to run `connect`, which links by e-mail), else a short notice.
 * The details go to the log; the process carries on.
 */
export async function failureMessage(services: Services, who: { teamId: string; userId: string }, error: unknown): Promise<SlackMessage> {
  const connect = needsConnectButton(error);
  if (connect && services.zoomAccounts.isServerToServer) return noticeMessage(LINK_BY_EMAIL_INSTRUCTION);
  if (connect) {
    const authorizeUrl = await services.zoomAccounts.connectUrl(who.teamId, who.userId);
    return connectPromptMessage({ authorizeUrl, reason: connect === 'reconnect' ? 'reconnect' : 'not_connected' });
  }
  return noticeMessage(userMessageFor(error), 'error');
}

export async function replyWithFailure(
  services: Services,
  respond: RespondFn,
  who: { teamId: string; userId: string },
  error: unknown,
  logger: Logger | { warn(obj: unknown, msg?: string): void },
): Promise<void> {
  if (!needsConnectButton(error)) logger.warn({ err: error }, 'slack request failed');
  try {
    await replyEphemeral(respond, await failureMessage(services, who, error));
  } catch (replyError) {
    logger.warn({ err: replyError }, 'could not tell the user about a failure');
  }
}
