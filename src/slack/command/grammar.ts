/**
 * The `/zoom-schedule` grammar as data: the single source for the `help` message, the README table and the
 * manifest's `usage_hint`. A test keeps those three in agreement with this list.
 */

export const SLASH_COMMAND = '/zoom-schedule';

export type Subcommand =
  | 'help'
  | 'connect'
  | 'disconnect'
  | 'status'
  | 'new'
  | 'list'
  | 'link'
  | 'share'
  | 'events'
  | 'availability'
  | 'analytics'
  | 'digest'
  | 'notify';

export interface GrammarEntry {
  subcommand: Subcommand;
  /** What the user types after the command, with `[optional]` and `<required>` arguments. */
  usage: string;
  description: string;
}

export const GRAMMAR: readonly GrammarEntry[] = [
  { subcommand: 'help', usage: 'help', description: 'List these subcommands.' },
  { subcommand: 'connect', usage: 'connect', description: 'Connect your Zoom account.' },
  { subcommand: 'disconnect', usage: 'disconnect', description: 'Disconnect Zoom and delete your stored tokens.' },
  { subcommand: 'status', usage: 'status', description: 'Show which Zoom account is connected.' },
  {
    subcommand: 'new',
    usage: 'new [title]',
    description: 'Create a schedule in a form (an empty command does the same).',
  },
  { subcommand: 'list', usage: 'list', description: 'Your schedules, each with Post link and Copy URL.' },
  {
    subcommand: 'link',
    usage: 'link <schedule title or id>',
    description: 'Post a single-use booking link in this channel.',
  },
  {
    subcommand: 'share',
    usage: 'share <schedule title or id>',
    description: "Post a schedule's reusable booking URL in this channel.",
  },
  { subcommand: 'events', usage: 'events [today|week]', description: 'Your upcoming bookings (default: week).' },
  { subcommand: 'availability', usage: 'availability', description: 'Edit your weekly hours and date overrides.' },
  {
    subcommand: 'analytics',
    usage: 'analytics [7|14|30]',
    description: 'Bookings in the last N days against the period before (default: 7).',
  },
  {
    subcommand: 'digest',
    usage: 'digest on [HH:MM] [#channel]',
    description: 'Send a daily digest at your local time (default 09:00) to a DM or a channel.',
  },
  { subcommand: 'digest', usage: 'digest off', description: 'Stop the daily digest.' },
  { subcommand: 'digest', usage: 'digest now', description: 'Send the digest right now.' },
  { subcommand: 'notify', usage: 'notify #channel', description: 'Announce new and cancelled bookings in a channel.' },
  { subcommand: 'notify', usage: 'notify off', description: 'Announce bookings in a DM again (the default).' },
  {
    subcommand: 'notify',
    usage: 'notify #channel <schedule title or id>',
    description: "Announce one schedule's bookings in their own channel, whatever your default.",
  },
  { subcommand: 'notify', usage: 'notify off <schedule title or id>', description: "Send that schedule's bookings where the others go." },
  {
    subcommand: 'notify',
    usage: 'notify no-shows off',
    description: 'Stop the "Did they attend?" message after each booked meeting (`notify no-shows on` brings it back).',
  },
];

export const SUBCOMMANDS: readonly Subcommand[] = [...new Set(GRAMMAR.map((entry) => entry.subcommand))];

/** The manifest's `usage_hint` (Slack shows it while the user types; limit 1000 characters). */
export function usageHint(): string {
  return GRAMMAR.map((entry) => entry.usage).join(' | ');
}

/** The README's command table, in GitHub Markdown. */
export function grammarMarkdownTable(): string {
  const rows = GRAMMAR.map((entry) => `| \`${SLASH_COMMAND} ${entry.usage.replace(/\|/g, '\\|')}\` | ${entry.description} |`);
  return ['| command | does |', '| --- | --- |', ...rows].join('\n');
}
