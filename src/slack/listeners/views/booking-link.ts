import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { BOOKING_LINK_BLOCKS, CALLBACK_IDS } from '../../command/ids';
import { decodeMetadata, metadataString } from '../../blocks';
import { readConversation, readSelectedOption } from '../../blocks/forms/state';
import { failureMessage } from '../../failures';
import { postSingleUseLink } from '../../flows/booking-links';
import { checkChannelPostable } from '../../flows/channel-check';
import { sendDirectMessage } from '../../web/post';

/**
 * The shortcuts' modal submitted: a picked channel is checked before the ack (inline error when the bot cannot
 * post there), then a fresh single-use link is posted there or in the message's thread. A shortcut has no
 * response_url, so any later problem arrives by DM.
 */
export function registerBookingLinkSubmission(app: ListenerRegistry, services: SlackDeps): void {
  app.view<ViewSubmitAction>(
    CALLBACK_IDS.bookingLinkModal,
    async ({ ack, body, view, client, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const metadata = decodeMetadata(view.private_metadata);
      const threadTs = metadataString(metadata, 'threadTs');
      const channelId = metadataString(metadata, 'channelId') ?? readConversation(view.state.values, BOOKING_LINK_BLOCKS.channel);
      const scheduleId = readSelectedOption(view.state.values, BOOKING_LINK_BLOCKS.schedule);
      if (!scheduleId) {
        await ack({ response_action: 'errors', errors: { [BOOKING_LINK_BLOCKS.schedule]: 'Pick a schedule.' } });
        return;
      }
      if (!channelId) {
        await ack({ response_action: 'errors', errors: { [BOOKING_LINK_BLOCKS.channel]: 'Pick a channel to post in.' } });
        return;
      }
      if (!threadTs) {
        const check = await checkChannelPostable(client, channelId);
        if (check.postable === false) {
          await ack({ response_action: 'errors', errors: { [BOOKING_LINK_BLOCKS.channel]: check.sentence } });
          return;
        }
      }
      await ack();

      const teamId = teamIdOf(context, body);
      const userId = body.user.id;
      const logger = services.logger.child({ view: CALLBACK_IDS.bookingLinkModal, teamId, userId });
      const replyPrivately = (message: Parameters<typeof sendDirectMessage>[2]) => sendDirectMessage(client, userId, message);
      // Reading the schedule and making its link share one connection read.
      const oneRequest = { ...services, schedules: services.schedules.forOneRequest() };
      try {
        const schedule = await oneRequest.schedules.get(teamId, userId, scheduleId);
        await postSingleUseLink(
          {
            services: oneRequest,
            client,
            teamId,
            userId,
            channelId,
            ...(threadTs ? { threadTs } : {}),
            ...(context.botUserId ? { botUserId: context.botUserId } : {}),
            replyPrivately,
          },
          schedule,
        );
      } catch (error) {
        logger.warn({ err: error }, 'booking link from a shortcut could not be posted');
        await replyPrivately(await failureMessage(services.zoomAccounts, { teamId, userId }, error)).catch((dmError: unknown) =>
          logger.warn({ err: dmError }, 'could not tell the user about a failure'),
        );
      }
    },
  );
}
