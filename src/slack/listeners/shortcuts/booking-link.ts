import type { ListenerRegistry } from '../router';
import type { AllMiddlewareArgs, GlobalShortcut, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { CALLBACK_IDS } from '../../command/ids';
import { openBookingLinkModal } from '../../flows/schedule-modals';
import { sendDirectMessage } from '../../web/post';
import { teamIdOf } from '../requester';

/**
 * "Share a booking link" (global) and "Reply with booking link" (on a message): both open the same modal from
 * the trigger at once; the link is made and posted when the modal is submitted (listeners/views/booking-link.ts).
 */
export function registerBookingLinkShortcuts(app: ListenerRegistry, services: SlackDeps): void {
  app.shortcut<GlobalShortcut>(
    CALLBACK_IDS.shareBookingLinkShortcut,
    async ({ ack, body, client, context }: SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs) => {
      await ack();
      const teamId = teamIdOf(context, body);
      const userId = body.user.id;
      await openBookingLinkModal(
        {
          services,
          client,
          logger: services.logger.child({ shortcut: CALLBACK_IDS.shareBookingLinkShortcut, teamId, userId }),
          teamId,
          userId,
          triggerId: body.trigger_id,
          replyPrivately: (message) => sendDirectMessage(client, userId, message),
        },
        { kind: 'pick' },
      );
    },
  );

  app.shortcut<MessageShortcut>(
    CALLBACK_IDS.replyWithBookingLinkShortcut,
    async ({ ack, body, client, context }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs) => {
      await ack();
      const teamId = teamIdOf(context, body);
      const userId = body.user.id;
      // A reply to a reply belongs in the same thread: Slack threads are one level deep.
      const threadTs = body.message.thread_ts ?? body.message.ts;
      await openBookingLinkModal(
        {
          services,
          client,
          logger: services.logger.child({ shortcut: CALLBACK_IDS.replyWithBookingLinkShortcut, teamId, userId }),
          teamId,
          userId,
          triggerId: body.trigger_id,
          replyPrivately: (message) => sendDirectMessage(client, userId, message),
        },
        { kind: 'thread', channelId: body.channel.id, threadTs },
      );
    },
  );
}
