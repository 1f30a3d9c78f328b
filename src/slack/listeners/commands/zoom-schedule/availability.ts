import { needsConnectButton } from '../../../failures';
import { openAvailabilityModal } from '../../../flows/availability-modal';
import { replyWithFailure } from '../../../flows/replies';
import type { SubcommandHandler } from './context';

/** `availability`: the modal opens at once; a missing Zoom connection also gets the connect button. */
export const availability: SubcommandHandler<'availability'> = async (context) => {
  const { services, respond, logger, teamId, userId } = context;
  const outcome = await openAvailabilityModal(context, context.triggerId);
  if (!outcome.ok && needsConnectButton(outcome.error)) {
    await replyWithFailure(services, respond, { teamId, userId }, outcome.error, logger);
  }
};
