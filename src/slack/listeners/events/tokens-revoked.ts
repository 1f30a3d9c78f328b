import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { eventTimeOf } from '../../../core/workspace-removal';

/**
 * A revoked bot token leaves the app with no way into the workspace, so its data goes as on uninstall. Revoked
 * user tokens (`tokens.oauth`) change nothing: the app never asks for user tokens.
 */
export function tokensRevokedCallback(services: SlackDeps) {
  return async ({ event, context, body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs): Promise<void> => {
    const teamId = teamIdOf(context, body);
    if ((event.tokens.bot ?? []).length === 0) {
      services.logger.debug({ teamId }, 'user tokens revoked: nothing stored for them');
      return;
    }
    await services.forgetWorkspace(teamId, 'tokens_revoked', eventTimeOf(body));
  };
}

export function registerTokensRevoked(app: ListenerRegistry, services: SlackDeps): void {
  app.event('tokens_revoked', tokensRevokedCallback(services));
}
