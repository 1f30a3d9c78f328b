import type { CustomRoute } from '@slack/bolt';
import type { Services } from '../slack/deps';
import { confirmZoomConnected, slackLink } from '../slack/delivery/connect-confirmation';
import type { ConnectResult } from '../core/zoom-accounts';
import { sendHtmlPage } from './html-page';
import {
  connectedPage,
  failedPage,
  licenceMissingPage,
  marketplaceInstallPage,
  refusedPage,
  schedulerProfileMissingPage,
} from './zoom-connect-pages';

export const ZOOM_OAUTH_CALLBACK_PATH = '/zoom/oauth/callback';

/** The page does not wait longer than this for Slack; the confirmation carries on in the background. */
const SLACK_CONFIRMATION_WAIT_MS = 4000;

/**
 * `GET /zoom/oauth/callback`: Zoom sends the browser here after its consent screen. The state is checked and
 * consumed first (zoomAccounts.completeConnect), so a reused, expired or forged state, a declined consent and a
 * failed code exchange all store nothing and get a 400 page that says what to do. A code without any state
 * (an install started from the Zoom App Marketplace) is not exchanged: its page says to connect from Slack. Success stores the
 * connection, confirms it by DM and answers with a page that leads back to Slack. The query (code, state)
 * is never logged.
 */
export function zoomOAuthCallbackRoute(services: Services): CustomRoute {
  return {
    path: ZOOM_OAUTH_CALLBACK_PATH,
    method: ['GET'],
    handler: async (req, res) => {
      const logger = services.logger.child({ route: ZOOM_OAUTH_CALLBACK_PATH });
      const query = new URL(req.url ?? '/', 'http://callback.invalid').searchParams;
      const error = query.get('error') ?? undefined;

      if (query.has('code') && !query.has('state') && !error) {
        // A Marketplace-initiated install: no state, so no Slack user and no PKCE verifier; the code is never exchanged.
        logger.info({ reason: 'marketplace_install' }, 'zoom connect refused');
        sendHtmlPage(res, 400, marketplaceInstallPage());
        return;
      }

      let result: ConnectResult;
      try {
        result = await services.zoomAccounts.completeConnect({
          code: query.get('code') ?? undefined,
          state: query.get('state') ?? undefined,
          ...(error ? { error } : {}),
        });
      } catch (failure) {
        logger.error({ err: failure }, 'zoom connect failed after the state was accepted');
        sendHtmlPage(res, 500, failedPage());
        return;
      }

      if (!result.ok) {
        // Zoom may send `error=access_denied` without our state; the user still declined.
        const reason = error ? 'denied' : result.reason;
        logger.info({ reason }, 'zoom connect refused');
        sendHtmlPage(res, 400, refusedPage(reason));
        return;
      }

      const { teamId, slackUserId, connection, schedulerAccess } = result;
      const account = { displayName: connection.displayName ?? connection.zoomUserId, email: connection.email ?? undefined };
      logger.info({ teamId, userId: slackUserId, zoomUserId: connection.zoomUserId, schedulerAccess }, 'zoom connected');
      const confirmation = confirmZoomConnected(services, { teamId, userId: slackUserId }, account, schedulerAccess);
      const slackUrl = (await settledWithin(confirmation, SLACK_CONFIRMATION_WAIT_MS)) ?? slackLink(teamId, undefined);
      if (schedulerAccess === 'unlicensed') sendHtmlPage(res, 200, licenceMissingPage({ slackUrl }));
      else if (schedulerAccess === 'no-profile') sendHtmlPage(res, 200, schedulerProfileMissingPage({ slackUrl }));
      else sendHtmlPage(res, 200, connectedPage({ displayName: account.displayName, email: connection.email, slackUrl }));
    },
  };
}

/** The promise's value if it settles within `ms`, else undefined (the promise itself keeps running). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
