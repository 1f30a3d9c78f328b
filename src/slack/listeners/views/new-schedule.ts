import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { createScheduleFromModal, creatingSentence, NEW_SCHEDULE_MODAL_TITLE } from '../../flows/new-schedule';
import { CALLBACK_IDS, NEW_SCHEDULE_BLOCKS } from '../../command/ids';
import { decodeMetadata, metadataString, noticeModal, parseNewScheduleForm } from '../../blocks';
import { readBlock, type ViewStateValues } from '../../blocks/forms/state';
import { failureMessage } from '../../failures';
import { checkChannelPostable } from '../../flows/channel-check';
import { refusedWhileDatabaseDown } from './database-check';

function selectedAvailabilityLabel(values: ViewStateValues): string | undefined {
  return readBlock(values, NEW_SCHEDULE_BLOCKS.availability)?.selected_option?.text.text;
}

/**
 * The new-schedule modal. Validation (and the bounded channel check) answer inline before the ack; Zoom is only
 * called after the ack, while the modal shows "Creating…" and then the result.
 */
export function registerNewScheduleSubmission(app: ListenerRegistry, services: SlackDeps): void {
  app.view<ViewSubmitAction>(
    CALLBACK_IDS.newScheduleModal,
    async ({ ack, body, view, client, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const parsed = parseNewScheduleForm(view.state.values);
      if (!parsed.ok) {
        await ack({ response_action: 'errors', errors: parsed.errors });
        return;
      }
      const input = parsed.value;
      let postChannelName: string | undefined;
      if (input.postChannelId) {
        const check = await checkChannelPostable(client, input.postChannelId);
        if (check.postable === false) {
          await ack({ response_action: 'errors', errors: { [NEW_SCHEDULE_BLOCKS.postChannel]: check.sentence } });
          return;
        }
        if (check.postable === true) postChannelName = check.name;
      }
      if (await refusedWhileDatabaseDown(services, ack, NEW_SCHEDULE_BLOCKS.title)) return;
      await ack({ response_action: 'update', view: noticeModal({ title: NEW_SCHEDULE_MODAL_TITLE, sentence: creatingSentence(input) }) });

      const teamId = teamIdOf(context, body);
      const userId = body.user.id;
      const metadata = decodeMetadata(view.private_metadata);
      await createScheduleFromModal(
        {
          schedules: services.schedules,
          home: services.home,
          logger: services.logger.child({ view: CALLBACK_IDS.newScheduleModal, teamId, userId }),
          failureMessage: (who, error) => failureMessage(services.zoomAccounts, who, error),
        },
        {
          client,
          teamId,
          userId,
          viewId: view.id,
          input,
          timeZone: metadataString(metadata, 'timeZone') ?? 'UTC',
          originChannelId: metadataString(metadata, 'channelId'),
          postChannelName,
          availabilityLabel: selectedAvailabilityLabel(view.state.values),
        },
      );
    },
  );
}
