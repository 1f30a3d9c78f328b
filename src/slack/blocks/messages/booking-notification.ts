import type { KnownBlock } from '@slack/types';
import { context, section, type SlackMessage } from '../blocks';
import { escapeMrkdwn, plainDateTime, slackDate } from '../format';
import { truncate } from '../limits';
import type { BookingSummary, Invitee } from '../../../core/model';
import { inviteeLabel } from './events';
import { channelMention } from './channel-bookings';
import type { InviteeAnswer, Cancellation } from '../../../core/model';

export interface BookingNotice {
  booking: BookingSummary & { invitee: Invitee };
  answers: readonly InviteeAnswer[];
  /** The host's zone, for the plain-text fallback only; the blocks use date tokens. */
  timeZone: string;
  /** The channel (id or name) the booking link was posted in, from the booking's UTM parameters. */
  bookedFromChannel?: string;
}

function attributionBlocks(notice: BookingNotice): KnownBlock[] {
  return notice.bookedFromChannel ? [context(`Booked from the link in ${channelMention(notice.bookedFromChannel)}`)] : [];
}

const ANSWERS_SHOWN = 10;
const TITLE_MAX = 150;

function whenLine(notice: BookingNotice): string {
  return `${slackDate(notice.booking.start, notice.timeZone)}–${slackDate(notice.booking.end, notice.timeZone, 'time')}`;
}

function answerBlocks(answers: readonly InviteeAnswer[]): KnownBlock[] {
  if (answers.length === 0) return [];
  const lines = answers
    .slice(0, ANSWERS_SHOWN)
    .map((a) => `*${escapeMrkdwn(truncate(a.question, 150))}*\n${escapeMrkdwn(truncate(a.answer, 200))}`);
  if (answers.length > ANSWERS_SHOWN) lines.push(`…and ${answers.length - ANSWERS_SHOWN} more answers in Zoom.`);
  return [section(lines.join('\n'))];
}

/** Announces a new booking: who booked which schedule, when, and their answers. */
export function bookingCreatedMessage(notice: BookingNotice): SlackMessage {
  const title = truncate(notice.booking.title, TITLE_MAX);
  const blocks: KnownBlock[] = [
    section(`:calendar: *New booking* · *${escapeMrkdwn(title)}*\n${whenLine(notice)}\nBooked by ${inviteeLabel(notice.booking.invitee)}`),
    ...answerBlocks(notice.answers),
    ...attributionBlocks(notice),
  ];
  if (notice.booking.where) blocks.push(context(`Where: ${escapeMrkdwn(truncate(notice.booking.where, 300))}`));
  return {
    text: `New booking: ${escapeMrkdwn(title)} on ${plainDateTime(notice.booking.start, notice.timeZone)}, booked by ${escapeMrkdwn(truncate(notice.booking.invitee.name, 100))}`,
    blocks,
  };
}

function cancellationLine(cancellation: Cancellation): string {
  const role = cancellation.cancelerRole && cancellation.cancelledBy !== 'the host' ? ` (the ${cancellation.cancelerRole})` : '';
  const by = cancellation.cancelledBy ? ` by ${escapeMrkdwn(truncate(cancellation.cancelledBy, 100))}${role}` : '';
  const reason = cancellation.reason ? `: “${escapeMrkdwn(truncate(cancellation.reason, 500))}”` : '';
  return `Cancelled${by}${reason}`;
}

/** Replaces the original announcement (chat.update): the booking is struck through and marked cancelled. */
export function bookingCancelledMessage(notice: BookingNotice, cancellation: Cancellation): SlackMessage {
  const title = truncate(notice.booking.title, TITLE_MAX);
  return {
    text: `Cancelled: ${escapeMrkdwn(title)} on ${plainDateTime(notice.booking.start, notice.timeZone)} (${escapeMrkdwn(truncate(notice.booking.invitee.name, 100))})`,
    blocks: [
      section(
        `:no_entry_sign: *Cancelled* · ~${escapeMrkdwn(title)}~\n~${whenLine(notice)}~\nBooked by ${inviteeLabel(notice.booking.invitee)}`,
      ),
      context(cancellationLine(cancellation)),
    ],
  };
}

/** The reply threaded under the original announcement, so the channel is notified of the cancellation. */
export function bookingCancelledThreadReply(cancellation: Cancellation): SlackMessage {
  const line = cancellationLine(cancellation);
  return { text: line.replace(/[*~]/g, ''), blocks: [section(`:no_entry_sign: ${line}.`)] };
}

export interface BookingTimes {
  start: Date;
  end: Date;
}

function movedLine(from: BookingTimes | undefined, notice: BookingNotice): string {
  const to = slackDate(notice.booking.start, notice.timeZone);
  return from ? `Moved from ${slackDate(from.start, notice.timeZone)} to ${to}` : `Moved to ${to}`;
}

/** Replaces the announcement (chat.update) when the invitee moves the booking: the same message, the new time. */
export function bookingMovedMessage(notice: BookingNotice, from: BookingTimes | undefined): SlackMessage {
  const title = truncate(notice.booking.title, TITLE_MAX);
  const blocks: KnownBlock[] = [
    section(
      `:arrows_counterclockwise: *Rescheduled* · *${escapeMrkdwn(title)}*\n${whenLine(notice)}\nBooked by ${inviteeLabel(notice.booking.invitee)}`,
    ),
    context(movedLine(from, notice)),
    ...answerBlocks(notice.answers),
    ...attributionBlocks(notice),
  ];
  if (notice.booking.where) blocks.push(context(`Where: ${escapeMrkdwn(truncate(notice.booking.where, 300))}`));
  const fromText = from ? ` from ${plainDateTime(from.start, notice.timeZone)}` : '';
  return {
    text: `Rescheduled: ${escapeMrkdwn(title)}${fromText} to ${plainDateTime(notice.booking.start, notice.timeZone)} (${escapeMrkdwn(truncate(notice.booking.invitee.name, 100))})`,
    blocks,
  };
}

/** The reply threaded under the announcement, so the channel hears of the move. */
export function bookingMovedThreadReply(notice: BookingNotice, from: BookingTimes | undefined): SlackMessage {
  const fromText = from ? ` from ${plainDateTime(from.start, notice.timeZone)}` : '';
  return {
    text: `${escapeMrkdwn(truncate(notice.booking.invitee.name, 100))} moved this booking${fromText} to ${plainDateTime(notice.booking.start, notice.timeZone)}.`,
    blocks: [section(`:arrows_counterclockwise: ${inviteeLabel(notice.booking.invitee)}: ${movedLine(from, notice)}.`)],
  };
}
