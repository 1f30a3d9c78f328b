import { sendDirectMessage } from '../web/post';
import { slackOwnersOf } from '../../core/zoom-accounts';
import type { Logger } from '../../logger';
import type { Store } from '../../store';
import { noticeMessage } from '../blocks/messages/notice';
import type { HomeService } from './home';
import type { SlackClients } from '../web/clients';
import type { DeauthorizationNotice } from '../../core/zoom-webhook-payloads';

export interface ZoomDeauthorizationOptions {
  store: Store;
  slackClients: SlackClients;
  home: HomeService;
  logger: Logger;
  /** Drops the tokens the process keeps in memory for a deleted connection. */
  forgetTokens?: (connectionId: string) => void;
}

const DISCONNECTED_SENTENCE =
  'Your Zoom account was disconnected because the app was removed in Zoom. Your booking notifications and daily digest have stopped; run /zoom-schedule connect to connect again.';

/**
 * Zoom `app_deauthorized`: the grant is already gone, so there is nothing to revoke. The Zoom user's tokens,
 * digests and notifications are deleted, and each Slack user who had connected it is told by DM. A repeat finds
 * nobody and changes nothing.
 */
export class ZoomDeauthorization {
  private readonly logger: Logger;

  constructor(private readonly options: ZoomDeauthorizationOptions) {
    this.logger = options.logger.child({ component: 'zoom-deauthorization' });
  }

  async handle(notice: DeauthorizationNotice): Promise<void> {
    const { store } = this.options;
    const connections = await store.findConnectionsByZoomUserId(notice.zoomUserId);
    const owners = await slackOwnersOf(store, notice.zoomUserId);
    await store.deleteZoomUserData(notice.zoomUserId);
    for (const connection of connections) this.options.forgetTokens?.(connection.id);
    this.logger.info(
      { zoomUserId: notice.zoomUserId, slackUsers: owners.length },
      'Zoom user deauthorized the app: their data was deleted',
    );

    for (const owner of owners) {
      try {
        const client = await this.options.slackClients.forTeam(owner.teamId);
        if (!client) continue;
        const message = noticeMessage(DISCONNECTED_SENTENCE, 'warning');
        await sendDirectMessage(client, owner.userId, message);
      } catch (error) {
        this.logger.warn(
          { err: error, teamId: owner.teamId, userId: owner.userId },
          'could not tell a Slack user that Zoom was disconnected',
        );
      }
      await this.options.home.refresh(owner);
    }
  }
}
