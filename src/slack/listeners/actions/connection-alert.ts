import type { ListenerRegistry } from '../router';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTION_IDS } from '../../command/ids';
import type { SlackDeps } from '../../deps';
import { connectionAlertDismissedMessage, connectPromptMessage, noticeMessage } from '../../blocks';
import { LINK_BY_EMAIL_INSTRUCTION } from '../../failures';
import { teamIdOf } from '../requester';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The dead-connection DM's buttons. Reconnect answers with a connect link made now: one put in the DM itself
 * would have expired ten minutes after it was sent. Dismiss stops the reminders and replaces the DM's buttons.
 */
export function registerConnectionAlertActions(app: ListenerRegistry, services: SlackDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.reconnectFromAlert, async ({ ack, body, context, respond }: ButtonArgs) => {
    await ack();
    const teamId = teamIdOf(context, body);
    const message = services.zoomAccounts.isServerToServer
      ? noticeMessage(LINK_BY_EMAIL_INSTRUCTION)
      : connectPromptMessage({ authorizeUrl: await services.zoomAccounts.connectUrl(teamId, body.user.id), reason: 'reconnect' });
    await respond({ ...message, response_type: 'ephemeral', replace_original: false });
  });
  app.action<BlockButtonAction>(ACTION_IDS.dismissConnectionAlert, async ({ ack, body, context, respond }: ButtonArgs) => {
    await ack();
    await services.connectionAlerts.dismiss(teamIdOf(context, body), body.user.id);
    await respond({ ...connectionAlertDismissedMessage(), replace_original: true });
  });
}
