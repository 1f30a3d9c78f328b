import { ACTION_IDS } from '../../command/ids';
import { actions, button, context, section, type SlackMessage } from '../blocks';
import { escapeMrkdwn, plainDateTime, slackDate } from '../format';
import { truncate } from '../limits';

export interface NoShowQuestion {
  seenBookingId: string;
  inviteeName: string;
  title: string;
  start: Date;
  /** The host's zone, for the plain-text fallback only. */
  timeZone: string;
}

function meetingLine(question: NoShowQuestion): string {
  return `*${escapeMrkdwn(truncate(question.title, 150))}* · ${slackDate(question.start, question.timeZone)}`;
}

/** The host's DM after a booked meeting ended: one question, two buttons. */
export function noShowPromptMessage(question: NoShowQuestion): SlackMessage {
  const name = escapeMrkdwn(truncate(question.inviteeName, 100));
  return {
    text: `Did ${name} attend ${escapeMrkdwn(truncate(question.title, 150))} on ${plainDateTime(question.start, question.timeZone)}?`,
    blocks: [
      section(`:wave: Did *${name}* attend?\n${meetingLine(question)}`),
      actions(
        button({ actionId: ACTION_IDS.markAttended, text: 'Attended', value: question.seenBookingId, style: 'primary' }),
        button({ actionId: ACTION_IDS.markNoShow, text: 'No-show', value: question.seenBookingId }),
      ),
      context('Your answer is saved in Zoom. `/zoom-schedule notify no-shows off` stops these questions.'),
    ],
  };
}

/** The same DM once answered: the buttons are gone, the answer stays. */
export function noShowAnsweredMessage(question: NoShowQuestion, answer: 'attended' | 'no_show'): SlackMessage {
  const name = escapeMrkdwn(truncate(question.inviteeName, 100));
  const sentence = answer === 'attended' ? `${name} attended.` : `${name} was a no-show.`;
  return {
    text: `${sentence} Saved in Zoom.`,
    blocks: [
      section(`${answer === 'attended' ? ':white_check_mark:' : ':x:'} ${sentence}\n${meetingLine(question)}`),
      context('Saved in Zoom.'),
    ],
  };
}
