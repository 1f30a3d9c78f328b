import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import type { SlackDeps } from '../deps';
import { failureMessage, needsConnectButton, sentenceBesideConnectOffer } from '../failures';
import {
  bookingLinkModal,
  loadingModal,
  newScheduleModal,
  noticeModal,
  shareScheduleModal,
  type BookingLinkDestination,
  type SlackMessage,
} from '../blocks';

/** Where a modal is opened from and how the user is told what the modal cannot show (a connect button). */
export interface ModalOpener {
  services: SlackDeps;
  client: WebClient;
  logger: Logger;
  teamId: string;
  userId: string;
  /** Lives 3 s: used first, before any database or Zoom call. */
  triggerId: string;
  replyPrivately(message: SlackMessage): Promise<void>;
}

/**
 * Opens a loading modal at once from the trigger, then replaces it with the modal `build` makes from Zoom data.
 * When that fails the modal shows the reason; a (re)connect button arrives privately, where it outlives the modal.
 */
async function openWithLoading(opener: ModalOpener, title: string, build: () => Promise<ModalView>): Promise<void> {
  const opened = await opener.client.views.open({ trigger_id: opener.triggerId, view: loadingModal(title) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  let view: ModalView;
  try {
    view = await build();
  } catch (error) {
    const connect = needsConnectButton(error);
    if (!connect) opener.logger.warn({ err: error }, 'modal data could not be loaded');
    await opener.client.views.update({
      view_id: viewId,
      view: noticeModal({ title, sentence: sentenceBesideConnectOffer(opener.services.zoomAccounts, error) }),
    });
    if (connect) await opener.replyPrivately(await failureMessage(opener.services.zoomAccounts, opener, error));
    return;
  }
  await opener.client.views.update({ view_id: viewId, ...(opened.view?.hash ? { hash: opened.view.hash } : {}), view });
}

/** The new-schedule modal: the user's availabilities and time zone, the title and origin channel prefilled. */
export function openNewScheduleModal(opener: ModalOpener, prefill: { title?: string; channelId?: string }): Promise<void> {
  const { services, client, teamId, userId } = opener;
  return openWithLoading(opener, 'New schedule', async () => {
    const [availabilities, timeZone] = await Promise.all([
      services.schedules.availabilities(teamId, userId),
      services.slackUsers.timeZone(client, teamId, userId),
    ]);
    return newScheduleModal({ availabilities, timeZone, ...prefill });
  });
}

/** App Home's *Share*: asks for the channel, since Home has none. */
export function openShareScheduleModal(opener: ModalOpener, scheduleId: string): Promise<void> {
  return openWithLoading(opener, 'Share schedule', async () =>
    shareScheduleModal(await opener.services.schedules.get(opener.teamId, opener.userId, scheduleId)),
  );
}

/** The shortcuts' modal: the user's schedules, and a channel picker unless the link goes to a message's thread. */
export function openBookingLinkModal(opener: ModalOpener, destination: BookingLinkDestination): Promise<void> {
  const title = destination.kind === 'thread' ? 'Reply with a link' : 'Share a booking link';
  return openWithLoading(opener, title, async () =>
    bookingLinkModal({ schedules: await opener.services.schedules.list(opener.teamId, opener.userId), destination }),
  );
}
