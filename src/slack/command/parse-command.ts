import { normalizeHHMM } from '../../time';
import { GRAMMAR, SLASH_COMMAND } from './grammar';

/** A channel named in command text: escaped by Slack (`<#C123|name>`), or a bare `#name` it did not resolve. */
export type ChannelRef = { kind: 'id'; id: string; name?: string } | { kind: 'name'; name: string };

export type EventsRange = 'today' | 'week';
export type AnalyticsDays = 7 | 14 | 30;

export type ParsedCommand =
  | { kind: 'help' }
  | { kind: 'connect' }
  | { kind: 'disconnect' }
  | { kind: 'status' }
  | { kind: 'new'; title?: string }
  | { kind: 'list' }
  | { kind: 'link'; query: string }
  | { kind: 'share'; query: string }
  | { kind: 'events'; range: EventsRange }
  | { kind: 'availability' }
  | { kind: 'analytics'; days: AnalyticsDays }
  | { kind: 'digest_on'; time?: string; channel?: ChannelRef }
  | { kind: 'digest_off' }
  | { kind: 'digest_now' }
  | { kind: 'notify'; channel: ChannelRef; schedule?: string }
  | { kind: 'notify_off'; schedule?: string }
  | { kind: 'notify_no_shows'; enabled: boolean }
  /**
   * A known subcommand with arguments it cannot take: `error` is one sentence naming the expected form, `usage`
   * the grammar line to show under it when the sentence does not already spell the form out.
   */
  | { kind: 'invalid'; subcommand: string; error: string; usage?: string }
  | { kind: 'unknown'; text: string };

const ESCAPED_CHANNEL = /^<#([A-Z0-9]+)(?:\|([^>]*))?>$/;
const BARE_CHANNEL = /^#([^\s#<>]+)$/;

/**
 * Parses the text after `/zoom-schedule`. Case and extra whitespace are ignored; titles keep the user's case.
 * Pure: resolving a `#name` to a channel id, or a title to a schedule, is the listener's job.
 */
export function parseCommand(rawText: string): ParsedCommand {
  const text = rawText.trim().replace(/\s+/g, ' ');
  if (text === '') return { kind: 'new' };
  const [head = '', ...rest] = text.split(' ');
  const subcommand = head.toLowerCase();
  const args = rest;
  const argText = unescapeSlackText(args.join(' '));

  switch (subcommand) {
    case 'help':
      return { kind: subcommand };
    case 'connect':
    case 'disconnect':
    case 'status':
    case 'list':
    case 'availability':
      if (argText !== '')
        return invalid(subcommand, `\`${subcommand}\` takes nothing after it: type \`${SLASH_COMMAND} ${subcommand}\` alone.`);
      return { kind: subcommand };
    case 'new':
      return argText === '' ? { kind: 'new' } : { kind: 'new', title: argText };
    case 'link':
    case 'share':
      if (argText === '') {
        return invalid(subcommand, `Which schedule? Try \`${SLASH_COMMAND} ${subcommand} Intro call\`.`, usageOf(`${subcommand} `));
      }
      return { kind: subcommand, query: argText };
    case 'events':
      return parseEvents(args);
    case 'analytics':
      return parseAnalytics(args);
    case 'digest':
      return parseDigest(args);
    case 'notify':
      return parseNotify(args);
    default:
      return { kind: 'unknown', text };
  }
}

function parseEvents(args: string[]): ParsedCommand {
  if (args.length === 0) return { kind: 'events', range: 'week' };
  const range = args.join(' ').toLowerCase();
  if (args.length === 1 && (range === 'today' || range === 'week')) return { kind: 'events', range };
  return invalid('events', `Events covers \`today\` or \`week\`, not “${args.join(' ')}”.`, usageOf('events '));
}

function parseAnalytics(args: string[]): ParsedCommand {
  if (args.length === 0) return { kind: 'analytics', days: 7 };
  const days = args.length === 1 ? Number(args[0]) : NaN;
  if (days === 7 || days === 14 || days === 30) return { kind: 'analytics', days };
  return invalid('analytics', `Analytics covers 7, 14 or 30 days, not “${args.join(' ')}”.`, usageOf('analytics '));
}

function parseDigest(args: string[]): ParsedCommand {
  const [mode = '', ...options] = args;
  switch (mode.toLowerCase()) {
    case 'off':
    case 'now':
      if (options.length > 0) return invalid('digest', `\`digest ${mode.toLowerCase()}\` takes no options.`);
      return { kind: mode.toLowerCase() === 'off' ? 'digest_off' : 'digest_now' };
    case 'on':
      return parseDigestOn(options);
    default:
      return invalid('digest', 'Use `digest on [HH:MM] [#channel]`, `digest off` or `digest now`.');
  }
}

/** `digest on` accepts its time and channel in either order. */
function parseDigestOn(options: string[]): ParsedCommand {
  const usage = usageOf('digest on ');
  const result: { kind: 'digest_on'; time?: string; channel?: ChannelRef } = { kind: 'digest_on' };
  for (const option of options) {
    const channel = parseChannelRef(option);
    if (channel !== undefined) {
      if (result.channel !== undefined) return invalid('digest', 'Give `digest on` one channel, not two.', usage);
      result.channel = channel;
      continue;
    }
    // Anything that starts like a number was meant as the time: 25:00, 12:60, 9am, 0900.
    if (/^\d/.test(option)) {
      const time = normalizeClockTime(option);
      if (time === undefined) return invalid('digest', invalidTimeSentence(unescapeSlackText(option)), usage);
      if (result.time !== undefined) return invalid('digest', `Give \`digest on\` one time, not both ${result.time} and ${time}.`, usage);
      result.time = time;
      continue;
    }
    return invalid('digest', `“${unescapeSlackText(option)}” is neither a time (HH:MM, e.g. 09:00) nor a #channel.`, usage);
  }
  return result;
}

function parseNotify(args: string[]): ParsedCommand {
  const [first = '', ...rest] = args;
  const schedule = unescapeSlackText(rest.join(' ')).trim();
  if (first.toLowerCase() === 'no-shows') {
    const setting = rest.length === 1 ? rest[0]?.toLowerCase() : undefined;
    if (setting === 'on' || setting === 'off') return { kind: 'notify_no_shows', enabled: setting === 'on' };
    return invalid('notify', 'Use `notify no-shows off` to stop the "Did they attend?" messages, or `notify no-shows on`.');
  }
  if (first.toLowerCase() === 'off') return schedule ? { kind: 'notify_off', schedule } : { kind: 'notify_off' };
  const channel = first ? parseChannelRef(first) : undefined;
  if (channel !== undefined) return schedule ? { kind: 'notify', channel, schedule } : { kind: 'notify', channel };
  return invalid(
    'notify',
    'Use `notify #channel [schedule]` to announce bookings in a channel, or `notify off [schedule]` for the default.',
  );
}

export function parseChannelRef(token: string): ChannelRef | undefined {
  const escaped = ESCAPED_CHANNEL.exec(token);
  if (escaped?.[1] !== undefined) {
    const name = escaped[2];
    return name ? { kind: 'id', id: escaped[1], name } : { kind: 'id', id: escaped[1] };
  }
  const bare = BARE_CHANNEL.exec(token);
  if (bare?.[1] !== undefined) return { kind: 'name', name: bare[1].toLowerCase() };
  return undefined;
}

/** `9:05` → `09:05`; undefined when hours or minutes are out of range. */
export function normalizeClockTime(value: string): string | undefined {
  return normalizeHHMM(value);
}

function invalidTimeSentence(value: string): string {
  return `${value} is not a time of day: use HH:MM between 00:00 and 23:59, e.g. 09:00.`;
}

/** Slack escapes `&`, `<` and `>` in command text; titles are matched against Zoom's unescaped ones. */
function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function invalid(subcommand: string, error: string, usage?: string): ParsedCommand {
  return usage === undefined ? { kind: 'invalid', subcommand, error } : { kind: 'invalid', subcommand, error, usage };
}

/** The grammar's usage line that starts with `prefix`, e.g. `digest on [HH:MM] [#channel]`. */
function usageOf(prefix: string): string | undefined {
  return GRAMMAR.find((entry) => entry.usage.startsWith(prefix))?.usage;
}
