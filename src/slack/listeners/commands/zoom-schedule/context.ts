import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../../logger';
import type { SlackDeps } from '../../../deps';
import type { ParsedCommand } from '../../../command/parse-command';

/** What every `/zoom-schedule` subcommand handler gets, after the command has been acked. */
export interface CommandContext {
  services: SlackDeps;
  client: WebClient;
  respond: RespondFn;
  logger: Logger;
  teamId: string;
  userId: string;
  channelId: string;
  /** Valid for 3 s from Slack's send: open modals first, before any other work. */
  triggerId: string;
}

export type SubcommandHandler<K extends ParsedCommand['kind']> = (
  context: CommandContext,
  command: Extract<ParsedCommand, { kind: K }>,
) => Promise<void>;

export type SubcommandTable = { [K in ParsedCommand['kind']]: SubcommandHandler<K> };
