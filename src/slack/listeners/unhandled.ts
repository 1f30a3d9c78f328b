import { sendDirectMessage } from '../web/post';
import type { App, CodedError, Context } from '@slack/bolt';
import type { Logger } from '../../logger';
import type { SlackMessage } from '../blocks';
import { failureMessage, needsConnectButton, type FailureAccounts } from '../failures';
import type { SlackClients } from '../web/clients';
import { teamIdOf, userIdOf } from './requester';

export interface UnhandledFailureDeps {
  logger: Logger;
  zoomAccounts: FailureAccounts;
  slackClients: Pick<SlackClients, 'forTeam'>;
}

/** Bolt wraps what a listener threw; the decider needs the original (a Zoom error, an AppError...). */
function originalOf(error: CodedError): unknown {
  if ('originals' in error && Array.isArray(error.originals) && error.originals.length > 0) return error.originals[0];
  if ('original' in error && error.original) return error.original;
  return error;
}

/**
 * Bolt's `app.error()`: whatever a listener did not handle still reaches the user as the decider's one
 * sentence (with a connect button where Zoom needs one): by the request's response_url when it has one
 * (commands, message buttons), else by DM (modal submissions, Home buttons). Nothing is left silent, and
 * only an authorization failure is thrown on, for Bolt's receiver to refuse.
 */
export function registerUnhandledFailureReply(app: App, deps: UnhandledFailureDeps): void {
  const handler = async ({ error, body, context }: { error: CodedError; body: unknown; context: Context }): Promise<void> => {
    const cause = originalOf(error);
    const teamId = teamIdOf(context, body);
    const userId = userIdOf(body);
    const logger = deps.logger.child({ teamId, userId, component: 'unhandled' });
    // Not a listener's failure: Bolt's receiver answers it (an unknown workspace gets its 401).
    if (error.code === 'slack_bolt_authorization_error') throw error;
    if (!userId) {
      logger.warn({ err: cause }, 'Slack request failed with no user to tell');
      return;
    }
    if (!needsConnectButton(cause)) logger.warn({ err: cause }, 'slack request failed');
    try {
      const message = await failureMessage(deps.zoomAccounts, { teamId, userId }, cause);
      await tell(deps, body, { teamId, userId }, message);
    } catch (replyError) {
      logger.warn({ err: replyError }, 'could not tell the user about a failure');
    }
  };
  // The extended form (App's extendedErrorHandler: true, set in src/app.ts) is handed the request.
  app.error(handler as Parameters<App['error']>[0]);
}

async function tell(deps: UnhandledFailureDeps, body: unknown, who: { teamId: string; userId: string }, message: SlackMessage) {
  const responseUrl = (body as { response_url?: unknown } | undefined)?.response_url;
  if (typeof responseUrl === 'string') {
    const answer = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }),
    });
    if (answer.ok) return;
  }
  const client = await deps.slackClients.forTeam(who.teamId);
  if (!client) throw new Error(`no Slack client for team ${who.teamId}`);
  await sendDirectMessage(client, who.userId, message);
}
