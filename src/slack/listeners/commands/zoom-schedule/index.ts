import type { ParsedCommand } from '../../../command/parse-command';
import type { CommandContext, SubcommandTable } from './context';
import { help, invalid, unknown } from './help';
import { availability } from './availability';
import { events } from './events';
import { analytics } from './analytics';
import { connect, disconnect, status } from './connection';
import { link, list, newSchedule, share } from './schedules';
import { notify, notifyNoShows, notifyOff } from './notify';
import { digestNow, digestOff, digestOn } from './digest';

/** Every subcommand of SPEC.md's grammar and the handler that serves it. */
const SUBCOMMANDS: SubcommandTable = {
  help,
  unknown,
  invalid,
  connect,
  disconnect,
  status,
  new: newSchedule,
  list,
  link,
  share,
  events,
  availability,
  analytics,
  digest_on: digestOn,
  digest_off: digestOff,
  digest_now: digestNow,
  notify,
  notify_off: notifyOff,
  notify_no_shows: notifyNoShows,
};

export function runSubcommand(context: CommandContext, command: ParsedCommand): Promise<void> {
  const handler = SUBCOMMANDS[command.kind] as (context: CommandContext, command: ParsedCommand) => Promise<void>;
  return handler(context, command);
}
