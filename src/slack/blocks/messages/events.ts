import type { KnownBlock } from '@slack/types';
import type { EventsRange } from '../../command/parse-command';
import { context, header, section, type SlackMessage } from '../blocks';
import { escapeMrkdwn, plainDateTime, plural, slackDate } from '../format';
import { LIMITS, fitItems, truncate } from '../limits';
import type { BookingSummary } from '../../../core/model';

const TITLE_MAX = 100;
const MESSAGE_TEXT_BUDGET = 9000;

/** One booking as mrkdwn, with date tokens so each reader sees their own time. */
export function bookingLine(booking: BookingSummary, timeZone: string): string {
  const when = `${slackDate(booking.start, timeZone)}–${slackDate(booking.end, timeZone, 'time')}`;
  const lines = [`*${escapeMrkdwn(truncate(booking.title, TITLE_MAX))}* · ${when}`];
  if (booking.invitee) lines.push(`with ${inviteeLabel(booking.invitee)}`);
  return lines.join('\n');
}

export function inviteeLabel(invitee: { name: string; email?: string }): string {
  const name = escapeMrkdwn(truncate(invitee.name, 100));
  return invitee.email ? `${name} (${escapeMrkdwn(truncate(invitee.email, 150))})` : name;
}

const RANGE_TITLE: Record<EventsRange, string> = { today: 'today', week: 'in the next 7 days' };

/** The user's upcoming bookings; `timeZone` (the user's) only shapes the plain-text fallback. */
export function eventsMessage(input: { range: EventsRange; bookings: readonly BookingSummary[]; timeZone: string }): SlackMessage {
  const title = `Your bookings ${RANGE_TITLE[input.range]}`;
  if (input.bookings.length === 0) {
    return { text: `No bookings ${RANGE_TITLE[input.range]}.`, blocks: [section(`No bookings ${RANGE_TITLE[input.range]}.`)] };
  }
  const page = fitItems(input.bookings, (booking) => [section(bookingLine(booking, input.timeZone))], {
    maxBlocks: LIMITS.messageBlocks - 2,
    maxText: MESSAGE_TEXT_BUDGET,
  });
  const blocks: KnownBlock[] = [header(`${title} (${input.bookings.length})`), ...page.blocks];
  if (page.rest > 0) blocks.push(context(`…and ${plural(page.rest, 'more booking')}.`));
  const textLines = input.bookings
    .slice(0, 20)
    .map((b) => `• ${plainDateTime(b.start, input.timeZone)} ${escapeMrkdwn(truncate(b.title, TITLE_MAX))}`);
  return { text: [`${title}:`, ...textLines].join('\n'), blocks };
}
