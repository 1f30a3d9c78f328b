import type { RespondFn } from '@slack/bolt';
import type { SlackMessage } from '../blocks';

/** An ephemeral answer to the user who ran the command or pressed the button. */
export async function replyEphemeral(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
}
