import type { ListenerRegistry } from '../../router';
import { SLASH_COMMAND } from '../../../command/grammar';
import { teamIdOf } from '../../requester';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../../deps';
import { parseCommand } from '../../../command/parse-command';
import { markAnswerAsJson } from '../../../request-observer';
import { immediateAck, immediateAckJson, immediateAnswer } from './help';
import { runSubcommand } from './index';

/**
 * `/zoom-schedule …`: acks at once (no database or Zoom call before it). Help and argument errors come in the
 * ack itself; everything else runs after it and arrives by `respond`, `views.open`/`views.update` or
 * `chat.postMessage`; failures as one sentence.
 */
export function zoomScheduleCallback(services: SlackDeps) {
  return async ({ ack, command, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const parsed = parseCommand(command.text);
    const answer = immediateAnswer(parsed);
    if (answer) {
      await ack(markAnswerAsJson() ? immediateAckJson(answer) : immediateAck(answer));
      return;
    }
    await ack();
    const teamId = teamIdOf(context, command);
    const logger = services.logger.child({ command: 'zoom-schedule', teamId, userId: command.user_id });
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

export function registerZoomScheduleCommand(app: ListenerRegistry, services: SlackDeps): void {
  app.command(SLASH_COMMAND, zoomScheduleCallback(services));
}
