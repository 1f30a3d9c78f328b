import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../deps';
import { eventTimeOf, forgetWorkspace } from '../../../core/workspace-removal';

/**
 * A revoked bot token leaves the app with no way into the workspace, so its data goes as on uninstall. Revoked
 * user tokens (`tokens.oauth`) change nothing: the app never asks for user tokens.
 */
export function tokensRevokedCallback(services: Services) {
  return async ({ event, context, body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = teamIdOf(context, body);
    if ((event.tokens.bot ?? []).length === 0) {
      services.logger.debug({ teamId }, 'user tokens revoked: nothing stored for them');
      return;
    }
    try {
      await forgetWorkspace(services, teamId, 'tokens_revoked', eventTimeOf(body));
    } catch (error) {
      services.logger.error({ err: error, teamId }, 'deleting a workspace whose bot token was revoked failed');
    }
  };
}

export function registerTokensRevoked(app: App, services: Services): void {
  app.event('tokens_revoked', tokensRevokedCallback(services));
}
