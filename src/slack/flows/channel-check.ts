import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../web/errors';
import { notInChannelSentence } from '../blocks';

/** How long the modal's channel check may take: its answer must still reach Slack within 3 s. */
export const CHANNEL_CHECK_TIMEOUT_MS = 1500;

export type ChannelCheck =
  | { postable: true; name?: string }
  | { postable: false; sentence: string }
  /** Slack was slow or failed: the post itself will tell. */
  | { postable: 'unknown' };

/**
 * Whether the bot can post in a channel picked in a modal, answered before the modal's ack. `chat:write.public`
 * reaches every public channel; a private one only with the bot inside (else Slack hides it: channel_not_found).
 */
export async function checkChannelPostable(
  client: WebClient,
  channelId: string,
  timeoutMs = CHANNEL_CHECK_TIMEOUT_MS,
): Promise<ChannelCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ChannelCheck>((resolve) => {
    timer = setTimeout(() => resolve({ postable: 'unknown' }), timeoutMs);
  });
  const check = (async (): Promise<ChannelCheck> => {
    try {
      const { channel } = await client.conversations.info({ channel: channelId });
      const name = channel?.name;
      if (channel?.is_archived)
        return { postable: false, sentence: `${name ? `#${name}` : 'That channel'} is archived — pick another channel.` };
      if (channel?.is_private && channel.is_member === false) return { postable: false, sentence: notInChannelSentence(name) };
      return name ? { postable: true, name } : { postable: true };
    } catch (error) {
      if (slackErrorCode(error) === 'channel_not_found') return { postable: false, sentence: notInChannelSentence() };
      return { postable: 'unknown' };
    }
  })();
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
