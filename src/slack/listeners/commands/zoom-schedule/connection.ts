import { SlackEmailUnavailableError } from '../../../../core/zoom-accounts';
import {
  alreadyConnectedMessage,
  connectedConfirmationMessage,
  connectPromptMessage,
  disconnectedMessage,
  noticeMessage,
  sharedAccountStatusMessage,
  statusMessage,
} from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import { schedulerAccessSentence, userMessageFor } from '../../../failures';
import { isSchedulerAccessError } from '../../../../zoom';
import type { SubcommandHandler } from './context';

/**
 * `connect`, `disconnect` and `status`: the user's own Zoom connection. A user with neither their own
 * connection nor the shared account reaches `status` as NotConnectedError, which the command's failure path
 * turns into the connect button (in Server-to-Server mode, the instruction to run `connect`).
 */

export const connect: SubcommandHandler<'connect'> = async (context, command) => {
  if (context.services.zoomAccounts.isServerToServer) {
    await connectByEmail(context, command);
    return;
  }
  const { services, respond, teamId, userId } = context;
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

/**
 * Server-to-Server mode: a Server-to-Server Zoom app has no user authorization, so the Slack user is linked to
 * the Zoom user of the account whose e-mail is their Slack e-mail. Running it again re-links (e.g. after an
 * e-mail change). Failures (no e-mail from Slack, no such Zoom user) reach the failure path as sentences.
 */
const connectByEmail: SubcommandHandler<'connect'> = async ({ services, client, respond, teamId, userId }) => {
  const email = await services.slackUsers.email(client, userId);
  if (!email) throw new SlackEmailUnavailableError();
  const link = await services.zoomAccounts.linkByEmail(teamId, userId, email);
  const refusal = schedulerAccessSentence(await services.zoomAccounts.schedulerAccess(teamId, userId));
  await replyEphemeral(
    respond,
    connectedConfirmationMessage(
      { displayName: link.displayName ?? link.zoomUserId, email: link.email ?? undefined },
      refusal ? { schedulerRefusal: refusal } : {},
    ),
  );
  await services.home.refresh({ teamId, userId });
};

export const disconnect: SubcommandHandler<'disconnect'> = async ({ services, respond, teamId, userId }) => {
  const removed = await services.zoomAccounts.disconnect(teamId, userId);
  if (!removed) {
    await replyEphemeral(respond, noticeMessage('You have no Zoom account connected, so there is nothing to disconnect.'));
    return;
  }
  const account = { displayName: removed.displayName ?? removed.zoomUserId, email: removed.email ?? undefined };
  await replyEphemeral(respond, disconnectedMessage(account, { linkOnly: services.zoomAccounts.isServerToServer }));
  await services.home.refresh({ teamId, userId });
};

/**
 * `status` asks Zoom every time, so it is also how a user re-checks after getting a Scheduler licence or
 * opening Scheduler once: a refusal is shown beside the account, not as a failure.
 */
export const status: SubcommandHandler<'status'> = async ({ services, respond, teamId, userId }) => {
  const access = await services.zoomAccounts.access(teamId, userId);
  let profile;
  try {
    profile = await access.api.getUser();
  } catch (error) {
    if (!isSchedulerAccessError(error)) throw error;
    const own = access.kind === 'shared' ? null : await services.zoomAccounts.connection(teamId, userId);
    const displayName = access.displayName ?? access.zoomUserId;
    const notifications = await services.slackUsers.notifyDestinations(teamId, userId);
    await replyEphemeral(
      respond,
      statusMessage({
        displayName,
        ...(own?.email ? { email: own.email } : {}),
        schedulerRefusal: userMessageFor(error),
        notifications,
        // Zoom refused Scheduler, not the connection: the last time it accepted a call is still worth knowing.
        ...(own?.lastVerifiedAt ? { lastVerified: { at: own.lastVerifiedAt, timeZone: 'UTC' } } : {}),
      }),
    );
    return;
  }
  const displayName = access.displayName ?? profile.display_name ?? access.zoomUserId;
  if (access.kind === 'shared') {
    const authorizeUrl = await services.zoomAccounts.connectUrl(teamId, userId);
    await replyEphemeral(
      respond,
      sharedAccountStatusMessage({ account: { displayName }, schedulingUrl: profile.scheduling_url, authorizeUrl }),
    );
    return;
  }
  const [own, notifications] = await Promise.all([
    services.zoomAccounts.connection(teamId, userId),
    services.slackUsers.notifyDestinations(teamId, userId),
  ]);
  await replyEphemeral(
    respond,
    statusMessage({
      notifications,
      displayName,
      ...(own?.email ? { email: own.email } : {}),
      ...(profile.scheduling_url ? { schedulingUrl: profile.scheduling_url } : {}),
      // The getUser call above just succeeded: that is the verification (and it is recorded, at most hourly).
      lastVerified: { at: new Date(services.now()), timeZone: 'UTC' },
    }),
  );
};
