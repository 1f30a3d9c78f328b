import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { InstallationLookup, Store } from '../store';

/**
 * The bot scopes the multi-workspace install asks for, as in manifest.yml. channels:read and groups:read let
 * conversations.info say whether the bot can post; users:read.email serves Server-to-Server Zoom mode, which
 * matches Slack users to Zoom users by e-mail.
 */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'users:read',
  'users:read.email',
  'channels:read',
  'groups:read',
  // conversations.history / conversations.replies: a retry after a crash finds a digest, booking notice or thread
  // reply already posted (exactly once out).
  'channels:history',
  'groups:history',
  'im:history',
  'links:read',
  'links:write',
];

export class InstallationNotFoundError extends Error {
  override readonly name = 'InstallationNotFoundError';
}

function lookupOf(query: InstallationQuery<boolean>): InstallationLookup {
  return { teamId: query.teamId, enterpriseId: query.enterpriseId, isEnterpriseInstall: query.isEnterpriseInstall };
}

/**
 * A user token belongs to the user who installed; a request from anyone else gets the installation with the
 * installer's id but without their token, so it can never act as them (the leak in vercel-labs/slack-bolt #189).
 */
function forRequester(installation: Installation, userId: string | undefined): Installation {
  if (!installation.user || installation.user.id === userId) return installation;
  return { ...installation, user: { id: installation.user.id, token: undefined, scopes: undefined } };
}

/**
 * Bolt's InstallationStore over the app's store: re-installing upserts (Bolt also calls storeInstallation
 * again after rotating a token), and fetchInstallation runs on every request through Bolt's authorize.
 */
export function createInstallationStore(
  store: Pick<Store, 'saveInstallation' | 'findInstallation' | 'deleteInstallation'>,
): InstallationStore {
  return {
    storeInstallation: async (installation) => {
      await store.saveInstallation(installation as Installation);
    },
    fetchInstallation: async (query) => {
      const installation = await store.findInstallation(lookupOf(query));
      if (!installation) {
        const key = query.isEnterpriseInstall ? `enterprise ${query.enterpriseId ?? '?'}` : `team ${query.teamId ?? '?'}`;
        throw new InstallationNotFoundError(`no Slack installation for ${key}`);
      }
      return forRequester(installation, query.userId);
    },
    deleteInstallation: async (query) => {
      await store.deleteInstallation(lookupOf(query));
    },
  };
}

export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * Bolt App options for multi-workspace mode: Bolt's HTTP receiver then serves `/slack/install` (straight on
 * to Slack's consent screen, setting the state cookie) and `/slack/oauth_redirect`, and authorizes each request
 * from the stored installation. The redirect URI is given explicitly so it matches whatever else the app's
 * Slack configuration lists.
 */
export function slackInstallOptions(
  mode: { clientId: string; clientSecret: string; stateSecret: string },
  publicBaseUrl: string,
  store: Pick<Store, 'saveInstallation' | 'findInstallation' | 'deleteInstallation'>,
) {
  return {
    clientId: mode.clientId,
    clientSecret: mode.clientSecret,
    stateSecret: mode.stateSecret,
    scopes: SLACK_BOT_SCOPES,
    installationStore: createInstallationStore(store),
    redirectUri: `${publicBaseUrl.replace(/\/+$/, '')}${SLACK_OAUTH_REDIRECT_PATH}`,
    installerOptions: {
      installPath: SLACK_INSTALL_PATH,
      redirectUriPath: SLACK_OAUTH_REDIRECT_PATH,
      directInstall: true,
    },
  };
}
