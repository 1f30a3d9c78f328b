import type { KnownBlock } from '@slack/types';
import { formatIsoDate } from '../../../time';
import { context, divider, fields, header, section, type SlackMessage } from '../blocks';
import { barChart, escapeMrkdwn, noShowLabel, plural, sparkline } from '../format';
import { LIMITS, fitItems, truncate } from '../limits';
import { comparisonFields, comparisonText, periodBefore } from './analytics';
import { bookingLine } from './events';
import { bookingsByChannelText } from './channel-bookings';
import type { AnalyticsCounts, DigestData, PeriodComparison } from '../../../core/model';

const MESSAGE_TEXT_BUDGET = 6000;
const UPCOMING_BLOCKS = 15;

function isQuiet(counts: AnalyticsCounts): boolean {
  return counts.created + counts.completed + counts.canceled + counts.rescheduled === 0;
}

function periodBlocks(label: string, comparison: PeriodComparison, before: string, emptyLine: string): KnownBlock[] {
  if (isQuiet(comparison.current) && isQuiet(comparison.previous)) return [section(`*${label}*: ${emptyLine}`)];
  return [section(`*${label}*`), fields(comparisonFields(comparison, before))];
}

/** The daily analytics digest; every time in it is a Slack date token. */
export function digestMessage(data: DigestData): SlackMessage {
  const title = `Your Zoom Scheduler digest · ${formatIsoDate(data.localDate, 'ccc d LLL')}`;
  const blocks: KnownBlock[] = [
    header(title),
    ...periodBlocks('Yesterday', data.yesterday, periodBefore(1), 'no bookings.'),
    ...periodBlocks('Last 7 days', data.lastSevenDays, periodBefore(7), 'no bookings.'),
  ];
  if (data.bookingsPerDay.some((d) => d.count > 0)) {
    const rows = data.bookingsPerDay.map((d) => ({ label: formatIsoDate(d.date, 'ccc dd'), value: d.count }));
    const spark = sparkline(data.bookingsPerDay.map((d) => d.count));
    blocks.push(section(`*Bookings per day* \`${spark}\`\n\`\`\`${barChart(rows)}\`\`\``));
  }
  if (data.popularSchedule) {
    const popular = data.popularSchedule;
    blocks.push(section(`*Most popular schedule*: ${escapeMrkdwn(truncate(popular.title, 150))} (${plural(popular.bookings, 'booking')})`));
  }
  if (data.noShows) blocks.push(section(`*No-shows, last 7 days*: ${noShowLabel(data.noShows)}`));
  const byChannel = data.bookingsByChannel && bookingsByChannelText(data.bookingsByChannel, 'last 7 days');
  if (byChannel) blocks.push(section(byChannel));
  blocks.push(divider(), ...todayBlocks(data));
  return { text: digestText(title, data), blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

function todayBlocks(data: DigestData): KnownBlock[] {
  if (data.upcomingToday.length === 0) return [section('*Today*: no bookings.')];
  const page = fitItems(data.upcomingToday, (booking) => [section(bookingLine(booking, data.timeZone))], {
    maxBlocks: UPCOMING_BLOCKS,
    maxText: MESSAGE_TEXT_BUDGET,
  });
  const blocks: KnownBlock[] = [section(`*Today* (${plural(data.upcomingToday.length, 'booking')})`), ...page.blocks];
  if (page.rest > 0) blocks.push(context(`…and ${plural(page.rest, 'more booking')} today.`));
  return blocks;
}

function digestText(title: string, data: DigestData): string {
  return [
    `${title}.`,
    `Yesterday: ${comparisonText(data.yesterday, periodBefore(1))}.`,
    `Last 7 days: ${comparisonText(data.lastSevenDays, periodBefore(7))}.`,
    `Today: ${plural(data.upcomingToday.length, 'booking')}.`,
  ].join(' ');
}
