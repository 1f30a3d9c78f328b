import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { parseCommand } from '../../command/parse-command';
import { runSubcommand } from './zoom-schedule/index';

/**
 * `/zoom-schedule …`: acks at once (no database or Zoom call before it), then runs the subcommand. Results
 * arrive by `respond`, `views.open`/`views.update` or `chat.postMessage`; failures as one sentence.
 */
export function zoomScheduleCallback(services: SlackDeps) {
  return async ({ ack, command, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const teamId = teamIdOf(context, command);
    const logger = services.logger.child({ command: 'zoom-schedule', teamId, userId: command.user_id });
    const parsed = parseCommand(command.text);
    // A failure is answered by app.error() (listeners/unhandled.ts): the decider's sentence, by response_url.
    await runSubcommand(
      {
        services,
        client,
        respond,
        logger,
        teamId,
        userId: command.user_id,
        channelId: command.channel_id,
        triggerId: command.trigger_id,
      },
      parsed,
    );
  };
}
