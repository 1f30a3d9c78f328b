import { ACTION_IDS } from '../../command/ids';
import { button, context, section, type SlackMessage } from '../blocks';
import { durationLabel, escapeMrkdwn, slackDate } from '../format';
import { truncate } from '../limits';
import type { ScheduleSummary } from '../../../core/model';

const TITLE_MAX = 200;

/**
 * "Next open: …" as date tokens, so each reader sees the times in their own zone; nothing when Zoom could not
 * say. The fallback (notifications, old clients) is in UTC because a channel has no one zone.
 */
export function openSlotsLine(openSlots: readonly Date[] | undefined): string | undefined {
  if (!openSlots || openSlots.length === 0) return undefined;
  return `Next open: ${openSlots.map((slot) => slackDate(slot, 'UTC')).join(' · ')}`;
}

function openSlotsBlocks(openSlots: readonly Date[] | undefined): ReturnType<typeof context>[] {
  const line = openSlotsLine(openSlots);
  return line ? [context(line)] : [];
}

/** Posted in the channel, visible to all: a booking link that Zoom accepts for one booking only. */
export function singleUseLinkMessage(input: {
  hostUserId: string;
  schedule: Omit<ScheduleSummary, 'url'>;
  singleUseUrl: string;
  openSlots?: readonly Date[];
}): SlackMessage {
  const title = truncate(input.schedule.title, TITLE_MAX);
  const duration = durationLabel(input.schedule.durationMinutes);
  return {
    text: `Book a ${duration} “${escapeMrkdwn(title)}” with <@${input.hostUserId}>: ${input.singleUseUrl} (works for one booking)`,
    blocks: [
      section(
        `:calendar: Book *${escapeMrkdwn(title)}* (${duration}) with <@${input.hostUserId}>`,
        button({ actionId: ACTION_IDS.openBookingPage, text: 'Book a time', url: input.singleUseUrl, style: 'primary' }),
      ),
      ...openSlotsBlocks(input.openSlots),
      context('This link works for one booking only: the first person to book uses it up.'),
    ],
  };
}

/** Posted in the channel: the schedule's reusable URL, bookable any number of times. */
export function shareMessage(input: { hostUserId: string; schedule: ScheduleSummary; openSlots?: readonly Date[] }): SlackMessage {
  const title = truncate(input.schedule.title, TITLE_MAX);
  const duration = durationLabel(input.schedule.durationMinutes);
  return {
    text: `Book a ${duration} “${escapeMrkdwn(title)}” with <@${input.hostUserId}>: ${input.schedule.url}`,
    blocks: [
      section(
        `:calendar: Book *${escapeMrkdwn(title)}* (${duration}) with <@${input.hostUserId}>\n${input.schedule.url}`,
        button({ actionId: ACTION_IDS.openBookingPage, text: 'Book a time', url: input.schedule.url }),
      ),
      ...openSlotsBlocks(input.openSlots),
      context('Anyone can use this link, as often as the schedule allows.'),
    ],
  };
}
