import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { saveAvailability, unsupportedOverrideSentence } from '../../../core/availability';
import { sendDirectMessage } from '../../web/post';
import { AVAILABILITY_BLOCKS, CALLBACK_IDS } from '../../command/ids';
import {
  decodeMetadata,
  escapeMrkdwn,
  metadataString,
  noticeMessage,
  parseAvailabilityForm,
  type SlackMessage,
  type ViewStateValues,
} from '../../blocks';
import { failureMessage } from '../../failures';
import { refusedWhileDatabaseDown } from './database-check';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Validates on submit (answers inline on the field), then closes the modal and saves in Zoom; the outcome
 * arrives as a DM, and the App Home is republished.
 */
export function availabilitySubmissionCallback(services: SlackDeps) {
  return async ({ ack, body, view, client, context }: ViewArgs): Promise<void> => {
    const parsed = parseAvailabilityForm(view.state.values as ViewStateValues);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const unsupported = unsupportedOverrideSentence(parsed.value);
    if (unsupported) {
      await ack({ response_action: 'errors', errors: { [AVAILABILITY_BLOCKS.overrides]: unsupported } });
      return;
    }
    if (await refusedWhileDatabaseDown(services, ack, AVAILABILITY_BLOCKS.name)) return;
    await ack();

    const teamId = teamIdOf(context, body);
    const userId = body.user.id;
    const logger = services.logger.child({ view: CALLBACK_IDS.availabilityModal, teamId, userId });
    const availabilityId = metadataString(decodeMetadata(view.private_metadata), 'availabilityId');
    let message: SlackMessage;
    try {
      const { api } = await services.zoomAccounts.access(teamId, userId);
      const saved = await saveAvailability(api, availabilityId, parsed.value);
      const verb = saved.created ? 'Created' : 'Saved';
      message = noticeMessage(
        `${verb} your availability *${escapeMrkdwn(parsed.value.name)}* (${escapeMrkdwn(parsed.value.timeZone)}) in Zoom.`,
        'success',
      );
    } catch (error) {
      logger.warn({ err: error }, 'availability could not be saved');
      message = await failureMessage(services.zoomAccounts, { teamId, userId }, error);
    }
    try {
      await sendDirectMessage(client, userId, message);
    } catch (error) {
      logger.warn({ err: error }, 'could not send the availability result');
    }
    await services.home.refresh({ teamId, userId });
  };
}

export function registerAvailabilityModal(app: ListenerRegistry, services: SlackDeps): void {
  app.view<ViewSubmitAction>(CALLBACK_IDS.availabilityModal, availabilitySubmissionCallback(services));
}
