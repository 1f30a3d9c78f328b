import { helpMessage } from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import type { SubcommandHandler } from './context';

export const help: SubcommandHandler<'help'> = async ({ respond }) => {
  await replyEphemeral(respond, helpMessage());
};

/** An unknown subcommand answers with help, so the user sees what they can type. */
export const unknown: SubcommandHandler<'unknown'> = async ({ respond }, command) => {
  await replyEphemeral(respond, helpMessage(`I don't know "${command.text}". Here is what I can do:`));
};

/** A known subcommand with bad arguments: the parser's specific sentence, then help. */
export const invalid: SubcommandHandler<'invalid'> = async ({ respond }, command) => {
  await replyEphemeral(respond, helpMessage(command.error));
};
