import { analyticsReport } from '../../../../core/analytics';
import { analyticsMessage } from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import type { SubcommandHandler } from './context';

/** `analytics [7|14|30]`: the last N complete local days against the N days before. */
export const analytics: SubcommandHandler<'analytics'> = async ({ services, client, respond, teamId, userId }, command) => {
  const { api } = await services.zoomAccounts.access(teamId, userId);
  const timeZone = await services.slackUsers.timeZone(client, teamId, userId);
  const report = await analyticsReport(api, { nowMs: services.now(), zone: timeZone, days: command.days });
  await replyEphemeral(respond, analyticsMessage({ days: command.days, comparison: report.comparison, popular: report.popular }));
};
