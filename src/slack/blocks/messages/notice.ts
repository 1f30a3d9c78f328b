import { section, type SlackMessage } from '../blocks';
import { escapeMrkdwn } from '../format';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

const ICONS: Record<NoticeTone, string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
};

/**
 * A one-sentence answer: confirmations, and Zoom or Slack failures as a short specific sentence.
 * `sentence` is plain text and is escaped here.
 */
export function noticeMessage(sentence: string, tone: NoticeTone = 'info'): SlackMessage {
  return { text: escapeMrkdwn(sentence), blocks: [section(`${ICONS[tone]} ${escapeMrkdwn(sentence)}`)] };
}
