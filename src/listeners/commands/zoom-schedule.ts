import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services';
import { parseCommand } from '../../slack/parse-command';
import { replyWithFailure } from '../support/replies';
import { runSubcommand } from './zoom-schedule/index';
import { immediateAnswer } from './zoom-schedule/help';

/**
 * `/zoom-schedule …`: acks at once (no database or Zoom call before it). Help and argument errors come in the
 * ack itself; everything else runs after it and arrives by `respond`, `views.open`/`views.update` or
 * `chat.postMessage`; failures as one sentence.
 */
export function zoomScheduleCallback(services: Services) {
  return async ({ ack, command, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCommand(command.text);
    const answer = immediateAnswer(parsed);
    if (answer) {
      await ack({ response_type: 'ephemeral', text: answer.text, blocks: answer.blocks });
      return;
    }
    await ack();
    const teamId = context.teamId ?? command.team_id;
    const logger = services.logger.child({ command: 'zoom-schedule', teamId, userId: command.user_id });
    try {
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
    } catch (error) {
      await replyWithFailure(services, respond, { teamId, userId: command.user_id }, error, logger);
    }
  };
}
