import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../logger';
import type { SlackDeps } from '../deps';
import { failureMessage, needsConnectButton } from '../failures';
import type { SlackMessage } from '../blocks';

/** An ephemeral answer to the user who ran the command or pressed the button. */
export async function replyEphemeral(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}

export async function replyWithFailure(
  services: SlackDeps,
  respond: RespondFn,
  who: { teamId: string; userId: string },
  error: unknown,
  logger: Logger | { warn(obj: unknown, msg?: string): void },
): Promise<void> {
  if (!needsConnectButton(error)) logger.warn({ err: error }, 'slack request failed');
  try {
    await replyEphemeral(respond, await failureMessage(services.zoomAccounts, who, error));
  } catch (replyError) {
    logger.warn({ err: replyError }, 'could not tell the user about a failure');
  }
}
