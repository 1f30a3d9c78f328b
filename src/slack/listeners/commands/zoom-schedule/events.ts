import { upcomingBookings } from '../../../../core/bookings';
import { eventsMessage } from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import type { SubcommandHandler } from './context';

/** `events [today|week]`: the user's bookings in their own time zone, as Slack date tokens. */
export const events: SubcommandHandler<'events'> = async ({ services, client, respond, teamId, userId }, command) => {
  const { api } = await services.zoomAccounts.access(teamId, userId);
  const timeZone = await services.slackUsers.timeZone(client, teamId, userId);
  const bookings = await upcomingBookings(api, { nowMs: services.now(), zone: timeZone, span: command.range });
  await replyEphemeral(respond, eventsMessage({ range: command.range, bookings, timeZone }));
};
