import { slackOwnersOf } from '../../core/zoom-accounts';
import { attributionOf, recordBookingStep, type BookingStep } from '../../core/booking-lifecycle';
import type { Attendance } from '../../core/attendance';
import type { WebClient } from '@slack/web-api';
import type { ConversationPacer } from '../../lib/pacer';
import { conversationKey, findMarkedMessage, findMarkedReply, postMessage, updateMessage, type DeliveryMarker } from '../web/post';
import type { Logger } from '../../logger';
import type { BookingNotificationRecord, Store } from '../../store';
import type { SlackMessage } from '../blocks/blocks';
import type { BookingNotice } from '../blocks/messages/booking-notification';
import { noticeMessage } from '../blocks/messages/notice';
import type { SlackClients } from '../web/clients';
import { isUnreachableChannelError, slackErrorCode } from '../web/errors';
import type { SlackUsers } from '../web/users';
import type { ScheduledEventNotice } from '../../core/zoom-webhook-payloads';
import type { WebhookDelivery } from '../../core/zoom-webhooks';
import { inTeam, noteRequestTeam } from '../../lib/request-context';

/** Slack allows about one `chat.postMessage` per second per channel. */

/** Answers to `chat.update` meaning the original announcement can no longer be edited. */
const ORIGINAL_GONE_ERRORS = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

export interface BookingNotificationsOptions {
  store: Store;
  slackClients: SlackClients;
  slackUsers: SlackUsers;
  logger: Logger;
  /** Schedules the host's "Did they attend?" question for when the booked meeting ends. */
  attendance?: Pick<Attendance, 'schedulePrompt'>;
  /** The app's one Slack pacer, shared with the digest: Slack's per-conversation limit holds across both. */
  pacer: ConversationPacer;
}

/** A Slack user who connected the Zoom host, with where their announcements go. */
interface Recipient {
  teamId: string;
  slackUserId: string;
  client: WebClient;
  timeZone: string;
  /** Their notify channel, or their user id (a DM). */
  destination: string;
}

interface PostedMessage {
  channel: string;
  ts: string;
}

/**
 * Announces Zoom bookings in Slack: a new booking is posted to the host's notify channel (or DM) and remembered;
 * its cancellation edits that message and threads a reply under it, or is posted fresh when there is none.
 */
export class BookingNotifications {
  private readonly pacer: ConversationPacer;
  private readonly logger: Logger;

  constructor(private readonly options: BookingNotificationsOptions) {
    this.pacer = options.pacer;
    this.logger = options.logger.child({ component: 'booking-notifications' });
  }

  /**
   * One recipient's failure never stops the others. A failure worth retrying (Slack or the database down) is
   * thrown after everyone else was told, so the stored webhook is processed again; the repeat skips the
   * announcements already made (stored, or found in Slack by their metadata), so one booking is one message.
   */
  async handle(notice: ScheduledEventNotice, delivery: WebhookDelivery = { attempt: 1, receivedAt: new Date() }): Promise<void> {
    let retryable: unknown;
    const { store } = this.options;
    const owners = (await slackOwnersOf(store, notice.hostZoomUserId)).map(({ teamId, userId }) => ({ teamId, slackUserId: userId }));
    const logger = this.logger.child({ zoomUserId: notice.hostZoomUserId, eventId: notice.eventId, kind: notice.kind });
    if (owners.length === 0) {
      logger.debug('booking of a Zoom user nobody connected: dropped');
      return;
    }
    noteRequestTeam(owners.map((owner) => owner.teamId));

    // Decided once for every workspace: of a reschedule's two webhooks only the creation that claims the old
    // booking edits its message.
    const step = await recordBookingStep(store, notice);
    if (step.kind === 'quiet') {
      logger.debug('cancelled half of a reschedule: the new booking edits the message');
      return;
    }
    if (step.kind !== 'cancelled') await this.options.attendance?.schedulePrompt(step.seenBookingId, step.endAt);
    // One Zoom user connected from several workspaces shares one stored announcement (keyed by Zoom user).
    let original =
      step.kind === 'cancelled'
        ? await store.findBookingNotification(notice.eventId, notice.hostZoomUserId)
        : step.kind === 'moved'
          ? await store.findBookingNotification(step.fromEventId, notice.hostZoomUserId)
          : null;
    for (const owner of owners) {
      await inTeam(owner.teamId, async () => {
        try {
          const recipient = await this.recipient(owner.teamId, owner.slackUserId, notice);
          if (!recipient) {
            logger.warn({ teamId: owner.teamId }, 'no Slack installation for this team: booking not announced');
            return;
          }
          const mine = original?.teamId === owner.teamId ? original : null;
          if (mine) original = null;
          if (step.kind === 'announce') await this.announceCreated(recipient, notice, delivery);
          else if (step.kind === 'moved') await this.announceMoved(recipient, notice, step, mine, delivery);
          else await this.announceCancelled(recipient, notice, mine, delivery);
        } catch (error) {
          logger.warn({ err: error, teamId: owner.teamId, userId: owner.slackUserId }, 'booking notification failed');
          if (isWorthRetrying(error)) retryable ??= error;
        }
      });
    }
    if (retryable) throw retryable;
  }

  private async recipient(teamId: string, slackUserId: string, notice: ScheduledEventNotice): Promise<Recipient | undefined> {
    const client = await this.options.slackClients.forTeam(teamId);
    if (!client) return undefined;
    const [timeZone, settings, routes] = await Promise.all([
      this.options.slackUsers.timeZone(client, teamId, slackUserId),
      this.options.store.getSlackUser(teamId, slackUserId),
      this.options.store.listNotifyRoutes(teamId, slackUserId),
    ]);
    // `notify #channel <schedule>` wins over the default: by the link's schedule id, else by the schedule's title.
    const scheduleId = attributionOf(notice).scheduleId;
    const route = routes.find((r) => r.scheduleId === scheduleId) ?? routes.find((r) => r.scheduleTitle === notice.title);
    return { teamId, slackUserId, client, timeZone, destination: route?.channelId ?? settings?.notifyChannelId ?? slackUserId };
  }

  private async announceCreated(recipient: Recipient, notice: ScheduledEventNotice, delivery: WebhookDelivery): Promise<void> {
    const marker = bookingMarker(notice, recipient.teamId);
    const posted =
      (await this.earlierAnnouncement(recipient, notice, marker, delivery)) ??
      (await this.postWithDmFallback(recipient, bookingViews().bookingCreatedMessage(bookingNoticeOf(notice, recipient.timeZone)), marker));
    await this.remember(recipient, notice, posted);
  }

  /** Records which Slack message shows this booking, so its cancellation or move edits that message. */
  private async remember(recipient: Recipient, notice: ScheduledEventNotice, posted: PostedMessage): Promise<void> {
    await this.options.store.saveBookingNotification({
      zoomEventId: notice.eventId,
      zoomUserId: notice.hostZoomUserId,
      teamId: recipient.teamId,
      channelId: posted.channel,
      messageTs: posted.ts,
    });
  }

  private async announceCancelled(
    recipient: Recipient,
    notice: ScheduledEventNotice,
    original: BookingNotificationRecord | null,
    delivery: WebhookDelivery,
  ): Promise<void> {
    const cancellation = notice.cancellation ?? {};
    const message = bookingViews().bookingCancelledMessage(bookingNoticeOf(notice, recipient.timeZone), cancellation);
    const marker = original ? threadReplyMarker(notice, recipient.teamId, 'cancelled') : undefined;
    if (original && marker && (await this.earlierThreadReply(recipient, original, marker, delivery))) {
      // The reply is posted only after the edit succeeded: both were done by the attempt that died.
      await this.options.store.markBookingCancelled(notice.eventId, notice.hostZoomUserId);
      return;
    }
    if (original && (await this.editOriginal(recipient, original, message))) {
      await this.options.store.markBookingCancelled(notice.eventId, notice.hostZoomUserId);
      await this.post(recipient, original.channelId, bookingViews().bookingCancelledThreadReply(cancellation), original.messageTs, marker);
      return;
    }
    // Booked before the app was installed, or the original is gone: a fresh notice.
    await this.postWithDmFallback(recipient, message);
    if (original) await this.options.store.markBookingCancelled(notice.eventId, notice.hostZoomUserId);
  }

  /** The same message as the booking it replaces, edited to the new time, with a reply in its thread. */
  private async announceMoved(
    recipient: Recipient,
    notice: ScheduledEventNotice,
    step: Extract<BookingStep, { kind: 'moved' }>,
    original: BookingNotificationRecord | null,
    delivery: WebhookDelivery,
  ): Promise<void> {
    const bookingNotice = {
      ...bookingNoticeOf(notice, recipient.timeZone),
      ...(step.attributedChannel ? { bookedFromChannel: step.attributedChannel } : {}),
    };
    const message = bookingViews().bookingMovedMessage(bookingNotice, step.from);
    let posted: PostedMessage;
    const marker = original ? threadReplyMarker(notice, recipient.teamId, 'moved') : undefined;
    if (original && marker && (await this.earlierThreadReply(recipient, original, marker, delivery))) {
      // Edited and replied to by the attempt that died before recording: only the recording is left.
      posted = { channel: original.channelId, ts: original.messageTs };
    } else if (original && (await this.editOriginal(recipient, original, message))) {
      posted = { channel: original.channelId, ts: original.messageTs };
      await this.post(
        recipient,
        original.channelId,
        bookingViews().bookingMovedThreadReply(bookingNotice, step.from),
        original.messageTs,
        marker,
      );
    } else {
      posted = await this.postWithDmFallback(recipient, message);
    }
    // The new booking's id now leads to the same message, so its own cancellation or move edits it too.
    await this.remember(recipient, notice, posted);
  }

  /**
   * On a retry only: the announcement an earlier attempt made, recorded in the store or (when the process died
   * between posting and recording) found in Slack by its metadata. When Slack cannot say (history not
   * readable), it is posted again: a rare duplicate beats a lost booking.
   */
  private async earlierAnnouncement(
    recipient: Recipient,
    notice: ScheduledEventNotice,
    marker: DeliveryMarker,
    delivery: WebhookDelivery,
  ): Promise<PostedMessage | null> {
    if (delivery.attempt <= 1) return null;
    const stored = await this.options.store.findBookingNotification(notice.eventId, notice.hostZoomUserId);
    if (stored?.teamId === recipient.teamId) return { channel: stored.channelId, ts: stored.messageTs };
    const places = [...new Set([recipient.destination, recipient.slackUserId])];
    for (const place of places) {
      try {
        const found = await findMarkedMessage(recipient.client, place, marker, 'booking', delivery.receivedAt.getTime());
        if (found) return found;
      } catch (error) {
        this.logger.info({ teamId: recipient.teamId, error: slackErrorCode(error) }, 'cannot read history to find an earlier announcement');
      }
    }
    return null;
  }

  /**
   * On a retry only: whether an earlier attempt already replied in the original's thread (it died, or Slack's
   * answer was lost, between the reply and the job being recorded done). Only retries ask, because
   * conversations.replies costs a call of a one-a-minute budget for apps outside the Marketplace, and a first
   * attempt cannot have replied before. When the thread cannot be read (a public channel the bot posts to
   * without being in it), the reply is posted: a rare duplicate beats a lost cancellation notice. A passing
   * Slack failure is thrown, so the job retries instead of guessing.
   */
  private async earlierThreadReply(
    recipient: Recipient,
    original: BookingNotificationRecord,
    marker: DeliveryMarker,
    delivery: WebhookDelivery,
  ): Promise<boolean> {
    if (delivery.attempt <= 1) return false;
    try {
      const since = delivery.receivedAt.getTime();
      return (await findMarkedReply(recipient.client, original.channelId, original.messageTs, marker, 'update', since)) !== null;
    } catch (error) {
      if (isWorthRetrying(error)) throw error;
      this.logger.info({ teamId: recipient.teamId, error: slackErrorCode(error) }, 'cannot read the thread to find an earlier reply');
      return false;
    }
  }

  /** False when the original can no longer be edited (deleted, or its channel unreachable). */
  private async editOriginal(recipient: Recipient, original: BookingNotificationRecord, message: SlackMessage): Promise<boolean> {
    try {
      await updateMessage(recipient.client, original.channelId, original.messageTs, message);
      return true;
    } catch (error) {
      if (isUnreachableChannelError(error) || ORIGINAL_GONE_ERRORS.has(slackErrorCode(error) ?? '')) {
        this.logger.info(
          { teamId: recipient.teamId, error: slackErrorCode(error) },
          'original booking announcement cannot be edited: posting anew',
        );
        return false;
      }
      throw error;
    }
  }

  /** Posts to the recipient's notify channel; a channel the bot cannot reach sends it by DM with the reason. */
  private async postWithDmFallback(recipient: Recipient, message: SlackMessage, marker?: DeliveryMarker): Promise<PostedMessage> {
    if (recipient.destination === recipient.slackUserId) return this.post(recipient, recipient.slackUserId, message, undefined, marker);
    try {
      return await this.post(recipient, recipient.destination, message, undefined, marker);
    } catch (error) {
      if (!isUnreachableChannelError(error)) throw error;
      const posted = await this.post(recipient, recipient.slackUserId, message, undefined, marker);
      await this.post(recipient, recipient.slackUserId, noticeMessage(unreachableChannelSentence(slackErrorCode(error)), 'warning'));
      return posted;
    }
  }

  private post(
    recipient: Recipient,
    channel: string,
    message: SlackMessage,
    threadTs?: string,
    marker?: DeliveryMarker,
  ): Promise<PostedMessage> {
    return this.pacer.schedule(conversationKey(recipient.teamId, channel), async () => {
      const posted = await postMessage(recipient.client, channel, message, {
        ...(threadTs ? { threadTs } : {}),
        ...(marker ? { marker } : {}),
      });
      if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
      return posted;
    });
  }
}

function bookingNoticeOf(notice: ScheduledEventNotice, timeZone: string): BookingNotice {
  const booking: BookingNotice['booking'] = {
    eventId: notice.eventId,
    title: notice.title,
    start: notice.start,
    end: notice.end,
    invitee: notice.invitee,
  };
  if (notice.where) booking.where = notice.where;
  const bookedFromChannel = attributionOf(notice).channel;
  return { booking, answers: notice.answers, timeZone, ...(bookedFromChannel ? { bookedFromChannel } : {}) };
}

function unreachableChannelSentence(code: string | undefined): string {
  const why = code === 'is_archived' || code === 'channel_is_archived' ? 'it is archived' : "I'm not in it or it was deleted";
  return `I sent this booking here because I couldn't post in your booking-notification channel (${why}). Invite me with /invite @${resultViews().BOT_HANDLE} there, or choose another channel with /zoom-schedule notify #channel.`;
}

/** The metadata of a booking announcement: which booking, in which workspace. */
export const BOOKING_EVENT_TYPE = 'zoom_scheduler_booking';

function bookingMarker(notice: ScheduledEventNotice, teamId: string): DeliveryMarker {
  return { eventType: BOOKING_EVENT_TYPE, payload: { booking: `${notice.hostZoomUserId}:${notice.eventId}:${teamId}` } };
}

/** The metadata of a reply in a booking's thread (cancelled or moved), so a retry can tell it was posted. */
export const BOOKING_UPDATE_EVENT_TYPE = 'zoom_scheduler_booking_update';

/** One booking's cancellation and its moves are distinct updates of one thread: the kind is part of the key. */
function threadReplyMarker(notice: ScheduledEventNotice, teamId: string, kind: 'cancelled' | 'moved'): DeliveryMarker {
  return {
    eventType: BOOKING_UPDATE_EVENT_TYPE,
    payload: { update: `${kind}:${notice.hostZoomUserId}:${notice.eventId}:${teamId}`, kind },
  };
}

/** Slack's own refusals (bad token, archived channel…) do not change on a retry; outages and 429s do. */
const TRANSIENT_SLACK_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function isWorthRetrying(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code === undefined || TRANSIENT_SLACK_ERRORS.has(code);
}

// Required when a message is built, not at import: a start constructs this module but sends nothing, and these
// builders pull in most of the Block Kit views (about 20 ms of a cold start with the rest of the barrel).
function bookingViews(): typeof import('../blocks/messages/booking-notification') {
  return require('../blocks/messages/booking-notification') as typeof import('../blocks/messages/booking-notification');
}

// BOT_HANDLE's module also holds the schedule-created views (and the new-schedule modal they link to).
function resultViews(): typeof import('../blocks/messages/schedule-results') {
  return require('../blocks/messages/schedule-results') as typeof import('../blocks/messages/schedule-results');
}
