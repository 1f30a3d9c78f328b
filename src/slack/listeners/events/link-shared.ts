import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { bookingLinkUnfurl } from '../../blocks';
import { unfurlLinks } from '../../web/post';
import { SCHEDULER_BOOKING_HOST } from '../../../core/booking-link-lookup';

/**
 * A `scheduler.zoom.us` link pasted by a connected user unfurls with its schedule (title, length, host, next open
 * times). Links the app cannot tie to one of the user's schedules are left alone: no chat.unfurl at all, so
 * Slack's own preview stays. Bolt acks events before this runs.
 */
export function linkSharedCallback(services: SlackDeps) {
  return async ({ event, context, body, client }: SlackEventMiddlewareArgs<'link_shared'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = teamIdOf(context, body);
    const logger = services.logger.child({ event: 'link_shared', teamId, userId: event.user });
    const urls = [...new Set(event.links.filter((l) => l.domain.toLowerCase() === SCHEDULER_BOOKING_HOST).map((l) => l.url))];
    if (urls.length === 0) return;
    try {
      const resolved = await services.schedules.resolveBookingLinks(teamId, event.user, urls);
      if (resolved.length === 0) return;
      const unfurls = Object.fromEntries(
        resolved.map(({ url, schedule, openSlots }) => [url, bookingLinkUnfurl({ url, schedule, hostUserId: event.user, openSlots })]),
      );
      const source = event.source === 'composer' || event.source === 'conversations_history' ? event.source : undefined;
      const target: Parameters<typeof unfurlLinks>[1] =
        event.unfurl_id && source ? { unfurlId: event.unfurl_id, source } : { channel: event.channel, ts: event.message_ts };
      await unfurlLinks(client, target, unfurls);
    } catch (error) {
      // Nobody asked for the unfurl, so nobody is told; the link keeps Slack's plain preview.
      logger.warn({ err: error }, 'booking link not unfurled');
    }
  };
}

export function registerLinkShared(app: ListenerRegistry, services: SlackDeps): void {
  app.event('link_shared', linkSharedCallback(services));
}
