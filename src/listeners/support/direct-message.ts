import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../../views';

/** Posting to a user id lands in the bot's DM with them (`im:write`): the answer channel when no response_url exists. */
export async function sendDirectMessage(client: WebClient, userId: string, message: SlackMessage): Promise<void> {
  await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
}
