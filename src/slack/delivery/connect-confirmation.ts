import { postMessage } from '../web/post';
import type { Logger } from '../../logger';
import { connectedConfirmationMessage, type ZoomAccountName } from '../blocks/messages/zoom-account';
import type { HomeService } from './home';
import type { SlackClients } from '../web/clients';
import type { SchedulerAccess } from '../../core/scheduler-access';
import { schedulerAccessSentence } from '../failures';

export interface ConnectConfirmationDeps {
  slackClients: SlackClients;
  home: HomeService;
  logger: Logger;
}

/**
 * After a successful Zoom connect: a DM confirming it (saying what to do when Zoom refuses the user Scheduler),
 * then the user's App Home republished. Returns the link
 * the browser page offers back into Slack. `app_redirect` with the DM's channel id lands the user on the
 * confirmation itself and works from any browser (web or desktop client); `slack://open` is only the fallback
 * when no DM could be posted, since it needs the desktop app and opens the workspace, not a conversation.
 * Never throws: the connection is already stored, and a Slack hiccup must not turn that into an error page.
 */
export async function confirmZoomConnected(
  deps: ConnectConfirmationDeps,
  target: { teamId: string; userId: string },
  account: ZoomAccountName,
  schedulerAccess: SchedulerAccess = 'ok',
): Promise<string> {
  const logger = deps.logger.child({ component: 'zoom-connect', teamId: target.teamId, userId: target.userId });
  let dmChannelId: string | undefined;
  try {
    const client = await deps.slackClients.forTeam(target.teamId);
    if (client) {
      const refusal = schedulerAccessSentence(schedulerAccess);
      const message = connectedConfirmationMessage(account, refusal ? { schedulerRefusal: refusal } : {});
      const posted = await postMessage(client, target.userId, message);
      dmChannelId = posted.channel;
    } else {
      logger.warn('no Slack installation for this team: Zoom connect not confirmed in Slack');
    }
  } catch (error) {
    logger.warn({ err: error }, 'could not confirm the Zoom connection in Slack');
  }
  await deps.home.refresh(target);
  return slackLink(target.teamId, dmChannelId);
}

export function slackLink(teamId: string, channelId: string | undefined): string {
  if (channelId) return `https://slack.com/app_redirect?${new URLSearchParams({ team: teamId, channel: channelId }).toString()}`;
  return `slack://open?${new URLSearchParams({ team: teamId }).toString()}`;
}
