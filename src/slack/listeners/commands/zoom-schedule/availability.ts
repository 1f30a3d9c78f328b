import { needsConnectButton } from '../../../failures';
import { openAvailabilityModal } from '../../../flows/availability-modal';
import type { SubcommandHandler } from './context';

/**
 * `availability`: the modal opens at once and shows any failure itself; a missing Zoom connection is thrown on to
 * app.error (listeners/unhandled.ts), whose answer carries the connect button the modal cannot.
 */
export const availability: SubcommandHandler<'availability'> = async (context) => {
  const outcome = await openAvailabilityModal(context, context.triggerId);
  if (!outcome.ok && needsConnectButton(outcome.error)) throw outcome.error;
};
