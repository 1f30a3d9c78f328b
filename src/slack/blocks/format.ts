import { formatInZone, slackDateToken } from '../../time';

/** Escapes user-supplied text for mrkdwn: Slack treats `<`, `>` and `&` as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link in mrkdwn whose label is user text; `|` and `>` in the label would end the link early. */
export function mrkdwnLink(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

export type SlackDateFormat = 'date_time' | 'time' | 'date';

const TOKEN_FORMATS: Record<SlackDateFormat, string> = {
  date_time: '{date_short_pretty} {time}',
  time: '{time}',
  date: '{date_short_pretty}',
};

const FALLBACK_FORMATS: Record<SlackDateFormat, string> = {
  date_time: 'ccc d LLL yyyy, HH:mm ZZZZ',
  time: 'HH:mm ZZZZ',
  date: 'ccc d LLL yyyy',
};

/**
 * A Slack date token: each reader sees the instant in their own time zone. The fallback (shown where tokens
 * are not rendered, e.g. notifications) is written in `fallbackZone` with the zone's abbreviation.
 */
export function slackDate(instant: Date, fallbackZone: string, format: SlackDateFormat = 'date_time'): string {
  return slackDateToken(instant.getTime(), fallbackZone, TOKEN_FORMATS[format], FALLBACK_FORMATS[format]);
}

/** Plain-text time for fallbacks and plain_text fields, in the given zone. */
export function plainDateTime(instant: Date, zone: string): string {
  return formatInZone(instant.getTime(), zone, FALLBACK_FORMATS.date_time);
}

export function durationLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourText = `${hours} h`;
  return rest === 0 ? hourText : `${hourText} ${rest} min`;
}

/**
 * Both figures of a comparison and the change, so nobody has to subtract: `13 vs 5 the 7 days before (▲ +160%)`,
 * `3 vs 4 the day before (▼ −25%)`, `5 vs 5 … (no change)`, `2 vs 0 … (new)`. `before` names the earlier period.
 */
export function changeLabel(current: number, previous: number, before: string): string {
  const both = `${current} vs ${previous} ${before}`;
  const delta = current - previous;
  if (delta === 0) return `${both} (no change)`;
  if (previous === 0) return `${both} (new)`;
  const percent = Math.round((Math.abs(delta) / previous) * 100);
  return `${both} (${delta > 0 ? `▲ +${percent}` : `▼ −${percent}`}%)`;
}

const BAR_WIDTH = 20;

/** A small text bar chart, one row per label, scaled to the largest value. Meant for a code block. */
export function barChart(rows: ReadonlyArray<{ label: string; value: number }>): string {
  const largest = Math.max(1, ...rows.map((row) => row.value));
  const labelWidth = Math.max(0, ...rows.map((row) => row.label.length));
  return rows
    .map((row) => {
      const bar = '█'.repeat(Math.round((row.value / largest) * BAR_WIDTH));
      return `${row.label.padEnd(labelWidth)} ${bar}${bar ? ' ' : ''}${row.value}`;
    })
    .join('\n');
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * One glyph per value, scaled to the largest (`▁▂▅█`), so a period's shape reads at a glance. A zero is the
 * lowest bar and any booking at all is at least the second, so a quiet day and a one-booking day differ.
 */
export function sparkline(values: readonly number[]): string {
  const largest = Math.max(0, ...values);
  if (largest === 0) return SPARK_LEVELS[0]!.repeat(values.length);
  const top = SPARK_LEVELS.length - 1;
  return values.map((value) => SPARK_LEVELS[value <= 0 ? 0 : Math.max(1, Math.round((value / largest) * top))]).join('');
}

/** `1 of 8 attendees (13%)`: both figures of the rate, as for every comparison. */
export function noShowLabel(noShows: { noShows: number; attendees: number }): string {
  const percent = Math.round((noShows.noShows / noShows.attendees) * 100);
  return `${noShows.noShows} of ${plural(noShows.attendees, 'attendee')} (${percent}%)`;
}
