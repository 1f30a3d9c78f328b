import {
  alreadyConnectedMessage,
  connectPromptMessage,
  disconnectedMessage,
  noticeMessage,
  sharedAccountStatusMessage,
  statusMessage,
} from '../../../views';
import { replyEphemeral } from '../../support/replies';
import type { SubcommandHandler } from './context';

/**
 * `connect`, `disconnect` and `status`: the user's own Zoom connection. A user with neither their own
 * connection nor the shared account reaches `status` as NotConnectedError, which the command's failure path
 * turns into the connect button.
 */

export const connect: SubcommandHandler<'connect'> = async ({ services, respond, teamId, userId }) => {
  const [existing, authorizeUrl] = await Promise.all([
    services.zoomAccounts.connection(teamId, userId),
    services.zoomAccounts.connectUrl(teamId, userId),
  ]);
  if (existing && !existing.needsReconnect) {
    const account = { displayName: existing.displayName ?? existing.zoomUserId, email: existing.email ?? undefined };
    await replyEphemeral(respond, alreadyConnectedMessage({ account, authorizeUrl }));
    return;
  }
  await replyEphemeral(respond, connectPromptMessage({ authorizeUrl, reason: existing ? 'reconnect' : 'connect' }));
};

export const disconnect: SubcommandHandler<'disconnect'> = async ({ services, respond, teamId, userId }) => {
  const removed = await services.zoomAccounts.disconnect(teamId, userId);
  if (!removed) {
    await replyEphemeral(respond, noticeMessage('You have no Zoom account connected, so there is nothing to disconnect.'));
    return;
  }
  await replyEphemeral(respond, disconnectedMessage({ displayName: removed.displayName ?? removed.zoomUserId, email: removed.email ?? undefined }));
  await services.home.refresh({ teamId, userId });
};

export const status: SubcommandHandler<'status'> = async ({ services, respond, teamId, userId }) => {
  const access = await services.zoomAccounts.access(teamId, userId);
  const profile = await access.api.getUser();
  const displayName = access.displayName ?? profile.display_name ?? access.zoomUserId;
  if (access.kind === 'shared') {
    const authorizeUrl = await services.zoomAccounts.connectUrl(teamId, userId);
    await replyEphemeral(
      respond,
      sharedAccountStatusMessage({ account: { displayName }, schedulingUrl: profile.scheduling_url, authorizeUrl }),
    );
    return;
  }
  const own = await services.zoomAccounts.connection(teamId, userId);
  await replyEphemeral(
    respond,
    statusMessage({
      displayName,
      ...(own?.email ? { email: own.email } : {}),
      ...(profile.scheduling_url ? { schedulingUrl: profile.scheduling_url } : {}),
    }),
  );
};
