import type { KnownBlock } from '@slack/types';
import { SLASH_COMMAND } from '../../command/grammar';
import { ACTION_IDS } from '../../command/ids';
import { actions, button, context, header, section, type SlackMessage } from '../blocks';
import { durationLabel, escapeMrkdwn, plural } from '../format';
import { LIMITS, fitItems, truncate } from '../limits';
import type { ScheduleSummary } from '../../../core/model';

/** Titles in lists are cut so that a page of them stays well inside the cumulative text limit. */
const LIST_TITLE_MAX = 80;
const MESSAGE_TEXT_BUDGET = 9000;

export function scheduleLine(schedule: ScheduleSummary): string {
  return `*${escapeMrkdwn(truncate(schedule.title, LIST_TITLE_MAX))}* · ${durationLabel(schedule.durationMinutes)}`;
}

/**
 * The user's schedules. Slack cannot write to the clipboard, so the URL is shown as code (selectable in one
 * click) and *Copy URL* answers with the URL alone, which is easy to copy on mobile.
 */
export function scheduleListMessage(schedules: readonly ScheduleSummary[]): SlackMessage {
  if (schedules.length === 0) {
    return {
      text: 'You have no schedules yet.',
      blocks: [section(`You have no schedules yet. Create one with \`${SLASH_COMMAND} new\`.`)],
    };
  }
  const page = fitItems(schedules, renderSchedule, {
    maxBlocks: LIMITS.messageBlocks - 2,
    maxText: MESSAGE_TEXT_BUDGET,
  });
  const blocks: KnownBlock[] = [header(`Your schedules (${schedules.length})`), ...page.blocks];
  if (page.rest > 0) {
    blocks.push(context(`…and ${plural(page.rest, 'more schedule')}. Use \`${SLASH_COMMAND} link <title>\` to reach any of them.`));
  }
  const textLines = schedules
    .slice(0, 20)
    .map((s) => `• ${escapeMrkdwn(truncate(s.title, LIST_TITLE_MAX))} (${durationLabel(s.durationMinutes)}) ${s.url}`);
  return { text: [`Your schedules (${schedules.length}):`, ...textLines].join('\n'), blocks };
}

function renderSchedule(schedule: ScheduleSummary): KnownBlock[] {
  return [
    section(`${scheduleLine(schedule)}\n\`${schedule.url}\``),
    actions(
      button({ actionId: ACTION_IDS.postLink, text: 'Post link', value: schedule.id, style: 'primary' }),
      button({ actionId: ACTION_IDS.copyUrl, text: 'Copy URL', value: schedule.id }),
    ),
  ];
}

/** The answer to *Copy URL*: the URL alone in a code block. */
export function copyUrlMessage(schedule: ScheduleSummary): SlackMessage {
  return {
    text: schedule.url,
    blocks: [section(`${scheduleLine(schedule)}\n\`\`\`${schedule.url}\`\`\``)],
  };
}

export type SchedulePurpose = 'link' | 'share';

/** Several schedules matched a `link`/`share` title: one button per match, so the user picks. */
export function ambiguousScheduleMessage(input: {
  query: string;
  matches: readonly ScheduleSummary[];
  purpose: SchedulePurpose;
}): SlackMessage {
  const actionId = input.purpose === 'link' ? ACTION_IDS.chooseScheduleForLink : ACTION_IDS.chooseScheduleForShare;
  const verb = input.purpose === 'link' ? 'Post a single-use link' : 'Share';
  const intro = `${plural(input.matches.length, 'schedule')} match “${escapeMrkdwn(truncate(input.query, 100))}”. Which one?`;
  const page = fitItems(
    input.matches,
    (schedule) => [section(scheduleLine(schedule), button({ actionId, text: verb, value: schedule.id }))],
    { maxBlocks: LIMITS.messageBlocks - 2, maxText: MESSAGE_TEXT_BUDGET },
  );
  const blocks: KnownBlock[] = [section(intro), ...page.blocks];
  if (page.rest > 0)
    blocks.push(context(`…and ${plural(page.rest, 'more match', 'more matches')}. Type more of the title to narrow it down.`));
  return { text: `${input.matches.length} schedules match “${escapeMrkdwn(truncate(input.query, 100))}”. Which one?`, blocks };
}
