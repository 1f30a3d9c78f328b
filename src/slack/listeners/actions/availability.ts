import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { ACTION_IDS } from '../../command/ids';
import { fillAvailabilityModal, openAvailabilityModal } from '../../flows/availability-modal';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

function who(services: SlackDeps, { body, context }: ActionArgs) {
  const teamId = teamIdOf(context, body);
  const userId = body.user.id;
  return { teamId, userId, logger: services.logger.child({ action: body.actions[0]?.action_id, teamId, userId }) };
}

/** App Home's "Edit availability" button: the same modal as the `availability` subcommand. */
export function openAvailabilityCallback(services: SlackDeps) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const { teamId, userId, logger } = who(services, args);
    try {
      await openAvailabilityModal({ services, client: args.client, logger, teamId, userId }, args.body.trigger_id);
    } catch (error) {
      logger.warn({ err: error }, 'availability modal could not be opened');
    }
  };
}

/** The modal's picker: reloads the modal with the chosen availability, or a blank one for "New availability…". */
export function pickAvailabilityCallback(services: SlackDeps) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const { body, action } = args;
    const { teamId, userId, logger } = who(services, args);
    const selected = action.type === 'static_select' ? action.selected_option?.value : undefined;
    if (!body.view?.id || !selected) return;
    await fillAvailabilityModal(
      { services, client: args.client, logger, teamId, userId },
      { viewId: body.view.id, hash: body.view.hash },
      // A fresh revision per pick: picking the same entry again also discards what was typed.
      { selected, revision: `${selected}_${Date.now().toString(36)}` },
    );
  };
}

export function registerAvailabilityActions(app: ListenerRegistry, services: SlackDeps): void {
  app.action<BlockAction>(ACTION_IDS.openAvailability, openAvailabilityCallback(services));
  app.action<BlockAction>(ACTION_IDS.pickAvailability, pickAvailabilityCallback(services));
}
