import { analyticsWithTrend } from '../../../../core/booking-trend';
import { analyticsMessage } from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import type { SubcommandHandler } from './context';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `analytics [7|14|30]`: the last N complete local days against the N days before. */
export const analytics: SubcommandHandler<'analytics'> = async ({ services, client, respond, teamId, userId }, command) => {
  const { api, zoomUserId } = await services.zoomAccounts.access(teamId, userId);
  const timeZone = await services.slackUsers.timeZone(client, teamId, userId);
  const nowMs = services.now();
  const [report, bookingsByChannel] = await Promise.all([
    analyticsWithTrend(api, { nowMs, zone: timeZone, days: command.days }),
    // The app's own log, over the same number of days up to now (today's bookings included).
    services.bookingLog.bookingsByChannel(zoomUserId, { startMs: nowMs - command.days * DAY_MS, endMs: nowMs }),
  ]);
  await replyEphemeral(
    respond,
    analyticsMessage({
      days: command.days,
      comparison: report.comparison,
      popular: report.popular,
      trend: report.trend,
      period: report.period,
      bookingsByChannel,
    }),
  );
};
