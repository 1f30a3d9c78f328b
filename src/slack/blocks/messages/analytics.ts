import { context, fields, header, section, type SlackMessage } from '../blocks';
import { changeLabel, escapeMrkdwn } from '../format';
import { truncate } from '../limits';
import type { AnalyticsCounts, PeriodComparison, PopularSchedule } from '../../../core/model';

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

export function analyticsMessage(input: {
  days: 7 | 14 | 30;
  comparison: PeriodComparison;
  popular: readonly PopularSchedule[];
}): SlackMessage {
  const title = `Bookings in the last ${input.days} days`;
  const blocks = [
    header(title),
    fields(comparisonFields(input.comparison, periodBefore(input.days))),
    context(`Compared with the ${input.days} days before.`),
  ];
  const popular = input.popular.slice(0, 5);
  if (popular.length > 0) {
    const lines = popular.map((s, i) => `${i + 1}. ${escapeMrkdwn(truncate(s.title, 100))} — ${s.bookings}`);
    blocks.push(section(`*Most booked schedules*\n${lines.join('\n')}`));
  }
  return { text: `${title}: ${comparisonText(input.comparison, periodBefore(input.days))}`, blocks };
}
