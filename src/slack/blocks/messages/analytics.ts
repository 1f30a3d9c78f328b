import { bookingsByChannelText } from './channel-bookings';
import { context, fields, header, section, type SlackMessage } from '../blocks';
import { changeLabel, escapeMrkdwn, noShowLabel, sparkline } from '../format';
import { addLocalDays, formatIsoDate, type LocalDayRange } from '../../../time';
import type { BookingTrend } from '../../../core/booking-trend';
import { truncate } from '../limits';
import type { AnalyticsCounts, ChannelBookings, PeriodComparison, PopularSchedule } from '../../../core/model';

const COUNTERS: ReadonlyArray<{ key: keyof AnalyticsCounts; label: string }> = [
  { key: 'created', label: 'Booked' },
  { key: 'completed', label: 'Completed' },
  { key: 'canceled', label: 'Cancelled' },
  { key: 'rescheduled', label: 'Rescheduled' },
];

/** The earlier period as the comparison names it: "the day before", "the 7 days before". */
export function periodBefore(days: number): string {
  return days === 1 ? 'the day before' : `the ${days} days before`;
}

/** mrkdwn fields "*Booked*\n13 vs 5 the 7 days before (▲ +160%)", one per counter. */
export function comparisonFields(comparison: PeriodComparison, before: string): string[] {
  return COUNTERS.map(({ key, label }) => `*${label}*\n${changeLabel(comparison.current[key], comparison.previous[key], before)}`);
}

export function comparisonText(comparison: PeriodComparison, before: string): string {
  return COUNTERS.map(({ key, label }) => `${label}: ${changeLabel(comparison.current[key], comparison.previous[key], before)}`).join(', ');
}

/** `*Booked per day* \`▁▃█▂\` Mon 23 Nov – Sun 29 Nov`, the busiest day, and the no-show rate where Zoom records one. */
export function trendText(trend: BookingTrend, period?: Pick<LocalDayRange, 'firstDate' | 'lastDate'>): string {
  const span = period ? ` ${formatIsoDate(period.firstDate, 'ccc d LLL')} – ${formatIsoDate(period.lastDate, 'ccc d LLL')}` : '';
  const lines = [`*Booked per day* \`${sparkline(trend.daily)}\`${span}`];
  const busiest = Math.max(0, ...trend.daily);
  if (busiest > 0 && period) {
    const first = trend.daily.indexOf(busiest);
    lines.push(`Busiest day: ${formatIsoDate(addLocalDays(period.firstDate, first), 'ccc d LLL')} (${busiest})`);
  }
  lines.push(trend.noShows ? `*No-shows*: ${noShowLabel(trend.noShows)}` : 'No-shows: Zoom has no attendance records for this period.');
  return lines.join('\n');
}

export function analyticsMessage(input: {
  days: 7 | 14 | 30;
  comparison: PeriodComparison;
  popular: readonly PopularSchedule[];
  /** The period day by day and its no-show rate; absent where it was not read. */
  trend?: BookingTrend;
  period?: Pick<LocalDayRange, 'firstDate' | 'lastDate'>;
  /** From the app's own booking log: bookings per channel whose link they came from. */
  bookingsByChannel?: readonly ChannelBookings[];
}): SlackMessage {
  const title = `Bookings in the last ${input.days} days`;
  const blocks = [
    header(title),
    fields(comparisonFields(input.comparison, periodBefore(input.days))),
    context(`Compared with the ${input.days} days before.`),
  ];
  if (input.trend) blocks.push(section(trendText(input.trend, input.period)));
  const popular = input.popular.slice(0, 5);
  if (popular.length > 0) {
    const lines = popular.map((s, i) => `${i + 1}. ${escapeMrkdwn(truncate(s.title, 100))} — ${s.bookings}`);
    blocks.push(section(`*Most booked schedules*\n${lines.join('\n')}`));
  }
  const byChannel = input.bookingsByChannel && bookingsByChannelText(input.bookingsByChannel, `last ${input.days} days`);
  if (byChannel) blocks.push(section(byChannel));
  return { text: `${title}: ${comparisonText(input.comparison, periodBefore(input.days))}`, blocks };
}
