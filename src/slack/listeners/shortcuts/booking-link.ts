import type { ListenerRegistry } from '../router';
import type { AllMiddlewareArgs, GlobalShortcut, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { CALLBACK_IDS } from '../../command/ids';
import { openBookingLinkModal } from '../../flows/schedule-modals';
import { sendDirectMessage } from '../../web/post';
import { teamIdOf } from '../requester';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../../blocks/blocks';

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
      await openBookingLinkModal(modalRequest(services, client, CALLBACK_IDS.shareBookingLinkShortcut, teamId, userId, body.trigger_id), {
        kind: 'pick',
      });
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
        modalRequest(services, client, CALLBACK_IDS.replyWithBookingLinkShortcut, teamId, userId, body.trigger_id),
        {
          kind: 'thread',
          channelId: body.channel.id,
          threadTs,
        },
      );
    },
  );
}

/** What both shortcuts hand the modal: the requester, the trigger, and a DM for anything said privately. */
function modalRequest(services: SlackDeps, client: WebClient, shortcut: string, teamId: string, userId: string, triggerId: string) {
  return {
    services,
    client,
    logger: services.logger.child({ shortcut, teamId, userId }),
    teamId,
    userId,
    triggerId,
    replyPrivately: (message: SlackMessage) => sendDirectMessage(client, userId, message),
  };
}
