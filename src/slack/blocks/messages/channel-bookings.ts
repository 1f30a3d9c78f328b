import type { ChannelBookings } from '../../../core/model';
import { escapeMrkdwn, plural } from '../format';
import { truncate } from '../limits';

const CHANNELS_SHOWN = 10;

/** Slack channel ids render as the channel's current name for every reader; anything else is shown as text. */
export function channelMention(channel: string): string {
  return /^[CG][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : `#${escapeMrkdwn(truncate(channel.replace(/^#/, ''), 80))}`;
}

/** `*Booked from Slack, last 7 days*: #sales 3 · #support 1 · elsewhere 2`; undefined when nothing was booked. */
export function bookingsByChannelText(rows: readonly ChannelBookings[], periodLabel: string): string | undefined {
  if (rows.every((row) => row.bookings === 0)) return undefined;
  const attributed = rows.filter((row) => row.channelId !== null && row.bookings > 0);
  const shown = attributed.slice(0, CHANNELS_SHOWN).map((row) => `${channelMention(row.channelId as string)} ${row.bookings}`);
  const hidden = attributed.slice(CHANNELS_SHOWN).reduce((sum, row) => sum + row.bookings, 0);
  if (hidden > 0) shown.push(`${plural(attributed.length - CHANNELS_SHOWN, 'other channel')} ${hidden}`);
  const elsewhere = rows.filter((row) => row.channelId === null).reduce((sum, row) => sum + row.bookings, 0);
  if (elsewhere > 0) shown.push(`not from a Slack link ${elsewhere}`);
  return `*Bookings by channel, ${periodLabel}*: ${shown.join(' · ')}`;
}
