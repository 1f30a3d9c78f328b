import type { KnownBlock } from '@slack/types';
import { ACTION_IDS } from '../../command/ids';
import { actions, button, context, section, type SlackMessage } from '../blocks';
import { durationLabel, escapeMrkdwn } from '../format';
import { formatWeeklyLines } from '../forms/intervals';
import { truncate } from '../limits';
import type { NewScheduleInput, ScheduleSummary } from '../../../core/model';
import { MEETING_TYPE_LABELS } from '../modals/new-schedule';
import { scheduleLine } from './schedules';

/** The bot user's name from manifest.yml (`bot_user.display_name`), for plain text where a mention cannot render. */
export const BOT_HANDLE = 'zoom-scheduler';

const ENTRY_MAX = 400;

/**
 * Plain text (modal field errors cannot render mentions). A private channel the bot is not in is invisible to
 * it, so its name is usually unknown.
 */
export function notInChannelSentence(channelName?: string): string {
  const where = channelName ? `#${channelName}` : 'that private channel';
  return `I'm not in ${where} — invite me with /invite @${BOT_HANDLE}, or pick another channel.`;
}

/** Ephemeral answer when a post was refused because the bot is not a member. */
export function notInChannelMessage(input: { channelId: string; botUserId?: string }): SlackMessage {
  const bot = input.botUserId ? `<@${input.botUserId}>` : `@${BOT_HANDLE}`;
  const sentence = `:lock: I'm not in <#${input.channelId}>, so I can't post there. Invite me with /invite ${bot} and try again.`;
  return {
    text: `I'm not in that channel, so I can't post there. Invite me with /invite @${BOT_HANDLE} and try again.`,
    blocks: [section(sentence)],
  };
}

/**
 * A new schedule, offered to its owner: the reusable URL, *Post link* (a single-use link in this conversation)
 * and *Copy URL*. `note` says why it was not posted where they asked, when that happened.
 */
export function scheduleCreatedMessage(input: { schedule: ScheduleSummary; note?: string }): SlackMessage {
  const { schedule } = input;
  const blocks: KnownBlock[] = [
    section(`:white_check_mark: Created ${scheduleLine(schedule)}\n\`${schedule.url}\``),
    actions(
      button({ actionId: ACTION_IDS.postLink, text: 'Post link', value: schedule.id, style: 'primary' }),
      button({ actionId: ACTION_IDS.copyUrl, text: 'Copy URL', value: schedule.id }),
    ),
  ];
  if (input.note) blocks.push(context(escapeMrkdwn(input.note)));
  return { text: `Created “${escapeMrkdwn(truncate(schedule.title, 200))}”: ${schedule.url}`, blocks };
}

function entryLines(input: NewScheduleInput, availabilityLabel: string | undefined): string[] {
  const availability =
    input.availability.kind === 'custom'
      ? `custom hours\n${formatWeeklyLines(input.availability.weekly)}`
      : (availabilityLabel ?? input.availability.availabilityId);
  const lines = [
    `Title: ${input.title}`,
    `Duration: ${durationLabel(input.durationMinutes)}`,
    `Availability: ${availability}`,
    `Meeting type: ${MEETING_TYPE_LABELS[input.meetingType]}`,
  ];
  if (input.location) lines.push(`Location: ${input.location}`);
  if (input.description) lines.push(`Description: ${input.description}`);
  return lines.map((line) => truncate(line, ENTRY_MAX));
}

/** Creating failed after the modal closed: the reason, and everything they typed so nothing is lost. */
export function scheduleNotCreatedMessage(input: {
  sentence: string;
  entered: NewScheduleInput;
  availabilityLabel?: string;
}): SlackMessage {
  const entries = entryLines(input.entered, input.availabilityLabel).join('\n').replace(/```/g, "'''");
  return {
    text: `I couldn't create “${escapeMrkdwn(truncate(input.entered.title, 200))}”: ${escapeMrkdwn(input.sentence)}`,
    blocks: [
      section(`:x: I couldn't create your schedule. ${escapeMrkdwn(input.sentence)}`),
      section(`Here is what you entered:\n\`\`\`${escapeMrkdwn(entries)}\`\`\``),
      context(`Try again with \`/zoom-schedule new\`.`),
    ],
  };
}
