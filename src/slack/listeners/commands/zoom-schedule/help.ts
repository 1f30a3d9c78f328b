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

/** The ack body that shows an immediate answer: ephemeral, only to the person who typed the command. */
export function immediateAck(message: SlackMessage): { response_type: 'ephemeral'; text: string; blocks: SlackMessage['blocks'] } {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

// Plain help is one message built once, so its ack is serialized once too (the others are built per command).
const serializedAcks = new WeakMap<SlackMessage, string>();

/** The same ack as JSON text, serialized once per message. */
export function immediateAckJson(message: SlackMessage): string {
  let json = serializedAcks.get(message);
  if (json === undefined) {
    json = JSON.stringify(immediateAck(message));
    serializedAcks.set(message, json);
  }
  return json;
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
