import type { KnownBlock } from '@slack/types';
import { GRAMMAR, SLASH_COMMAND } from '../../command/grammar';
import { context, header, section, type SlackMessage } from '../blocks';
import { escapeMrkdwn } from '../format';

/**
 * Ephemeral help, generated from the grammar so it always lists every subcommand. `intro` is a plain sentence
 * shown first, e.g. why help is shown (an unknown subcommand).
 */
export function helpMessage(intro?: string): SlackMessage {
  // Plain help is the same every time and answers in the ack, so it is built once (callers never change a message).
  if (intro === undefined) return (plainHelp ??= buildHelp());
  return buildHelp(intro);
}

let plainHelp: SlackMessage | undefined;

function buildHelp(intro?: string): SlackMessage {
  const lines = GRAMMAR.map((entry) => `\`${SLASH_COMMAND} ${entry.usage}\` — ${entry.description}`);
  const blocks: KnownBlock[] = [header('Zoom Scheduler commands')];
  if (intro) blocks.push(section(escapeMrkdwn(intro)));
  blocks.push(section(lines.join('\n')));
  blocks.push(context('Times follow your Slack time zone. Bookings are announced in a DM unless you choose a channel.'));
  const text = [intro && escapeMrkdwn(intro), `${SLASH_COMMAND} commands:`, ...GRAMMAR.map((entry) => `${SLASH_COMMAND} ${entry.usage}`)]
    .filter(Boolean)
    .join('\n');
  return { text, blocks };
}

/**
 * A subcommand's bad arguments: the one sentence that names the expected form, and at most one usage line;
 * the full help is only for `help` and unknown subcommands.
 */
export function argumentErrorMessage(sentence: string, usage?: string): SlackMessage {
  const blocks: KnownBlock[] = [section(`:warning: ${escapeMrkdwn(sentence)}`)];
  if (usage) blocks.push(context(`Usage: \`${SLASH_COMMAND} ${escapeMrkdwn(usage)}\``));
  const text = usage ? `${escapeMrkdwn(sentence)} Usage: ${SLASH_COMMAND} ${escapeMrkdwn(usage)}` : escapeMrkdwn(sentence);
  return { text, blocks };
}
