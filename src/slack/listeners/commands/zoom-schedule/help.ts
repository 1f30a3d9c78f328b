import { argumentErrorMessage, helpMessage, type SlackMessage } from '../../../blocks';
import type { ParsedCommand } from '../../../command/parse-command';
import { replyEphemeral } from '../../../flows/replies';
import type { SubcommandHandler } from './context';

/**
 * Answers that need nothing but the command text: help, an unknown subcommand (help that names it) and bad
 * arguments (one sentence). They fit in the ack body, so the user sees them without a response_url round trip.
 */
export function immediateAnswer(command: ParsedCommand): SlackMessage | undefined {
  switch (command.kind) {
    case 'help':
      return helpMessage();
    case 'unknown':
      return helpMessage(`I don't know "${command.text}". Here is what I can do:`);
    case 'invalid':
      return argumentErrorMessage(command.error, command.usage);
    default:
      return undefined;
  }
}

// The command listener answers these in its ack; the table entries serve any other caller by response_url.
export const help: SubcommandHandler<'help'> = async ({ respond }, command) => {
  await replyEphemeral(respond, immediateAnswer(command)!);
};

export const unknown: SubcommandHandler<'unknown'> = async ({ respond }, command) => {
  await replyEphemeral(respond, immediateAnswer(command)!);
};

export const invalid: SubcommandHandler<'invalid'> = async ({ respond }, command) => {
  await replyEphemeral(respond, immediateAnswer(command)!);
};
