import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { CALLBACK_IDS, SHARE_SCHEDULE_BLOCKS } from '../../command/ids';
import { decodeMetadata, metadataString } from '../../blocks';
import { readConversation } from '../../blocks/forms/state';
import { failureMessage } from '../../failures';
import { postShare } from '../../flows/booking-links';
import { checkChannelPostable } from '../../flows/channel-check';
import { sendDirectMessage } from '../../web/post';

/**
 * App Home's share modal: the channel is checked before the ack (inline error when the bot cannot post there),
 * then the reusable URL is posted. Home has no response_url, so any later problem arrives by DM.
 */
export function registerShareScheduleSubmission(app: ListenerRegistry, services: SlackDeps): void {
  app.view<ViewSubmitAction>(
    CALLBACK_IDS.shareScheduleModal,
    async ({ ack, body, view, client, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const channelId = readConversation(view.state.values, SHARE_SCHEDULE_BLOCKS.channel);
      if (!channelId) {
        await ack({ response_action: 'errors', errors: { [SHARE_SCHEDULE_BLOCKS.channel]: 'Pick a channel to post in.' } });
        return;
      }
      const check = await checkChannelPostable(client, channelId);
      if (check.postable === false) {
        await ack({ response_action: 'errors', errors: { [SHARE_SCHEDULE_BLOCKS.channel]: check.sentence } });
        return;
      }
      await ack();

      const teamId = teamIdOf(context, body);
      const userId = body.user.id;
      const logger = services.logger.child({ view: CALLBACK_IDS.shareScheduleModal, teamId, userId });
      const replyPrivately = (message: Parameters<typeof sendDirectMessage>[2]) => sendDirectMessage(client, userId, message);
      try {
        const scheduleId = metadataString(decodeMetadata(view.private_metadata), 'scheduleId') ?? '';
        const schedule = await services.schedules.get(teamId, userId, scheduleId);
        await postShare(
          { services, client, teamId, userId, channelId, ...(context.botUserId ? { botUserId: context.botUserId } : {}), replyPrivately },
          schedule,
        );
      } catch (error) {
        logger.warn({ err: error }, 'schedule could not be shared');
        await replyPrivately(await failureMessage(services.zoomAccounts, { teamId, userId }, error)).catch((dmError: unknown) =>
          logger.warn({ err: dmError }, 'could not tell the user about a failure'),
        );
      }
    },
  );
}
