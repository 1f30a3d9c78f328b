import type { AckFn, AllMiddlewareArgs, AnyMiddlewareArgs, App, ReceiverEvent, RespondFn } from '@slack/bolt';
// The exact builders, not the barrel: this module is loaded at start, and the barrel is most of Block Kit.
import { noticeMessage } from '../blocks/messages/notice';
import { noticeModal } from '../blocks/modals/simple';
import { SLASH_COMMAND } from '../command/grammar';
import type { SlackDeps } from '../deps';
import { replyEphemeral } from '../flows/replies';

/**
 * Correctly signed requests that no listener answers: a button on a message posted by an older version, a form,
 * shortcut or options list this version does not know, a body Bolt cannot classify. Bolt has no catch-all; left
 * alone, the HTTP receiver answers 404 after 3 s and Slack shows the user an error. Forged or stale requests never
 * get here: the receiver refuses them with 401 before any of this runs.
 */

const OLD_BUTTON = `This button is from an older version of the app — run \`${SLASH_COMMAND} list\` again.`;
const OLD_FORM = `This form is from an older version of the app — close it and run \`${SLASH_COMMAND}\` again.`;
const OLD_SHORTCUT = `This shortcut is from an older version of the app — run \`${SLASH_COMMAND} help\` to see what it does now.`;

/** Global middleware args: `ack` and `respond` exist only for the kinds of request that have them. */
type Args = AnyMiddlewareArgs & AllMiddlewareArgs & { ack?: AckFn<unknown>; respond?: RespondFn };

/**
 * Marks a request's body once it is acked: a symbol-keyed property (invisible to JSON and to every key listing)
 * rather than a WeakSet, whose entry per request costs every young GC.
 */
const ACKNOWLEDGED = Symbol('acknowledged');
type MarkedBody = { [ACKNOWLEDGED]?: true };
const acknowledged = {
  add: (body: unknown) => {
    if (typeof body === 'object' && body !== null) (body as MarkedBody)[ACKNOWLEDGED] = true;
  },
  has: (body: unknown) => typeof body === 'object' && body !== null && (body as MarkedBody)[ACKNOWLEDGED] === true,
};

export function registerUnclaimedFallback(app: App, services: SlackDeps): void {
  // Wrapping processEvent is the only place that sees every signed request, including bodies Bolt cannot type
  // (it returns before any middleware for those): once Bolt has run every listener, an unacked request is acked.
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const ack: AckFn<unknown> = async (response) => {
      acknowledged.add(event.body);
      await event.ack(response);
    };
    await processEvent({ ...event, ack });
    if (!acknowledged.has(event.body)) await ack();
  };

  // A global middleware's next() resolves once every matching listener has finished, so an unacked request
  // here is one no listener claimed; it is answered as Slack allows for its kind.
  app.use(async (args) => {
    await args.next();
    if (acknowledged.has(args.body)) return;
    await answerUnclaimed(services, args as Args);
  });
}

async function answerUnclaimed(services: SlackDeps, args: Args): Promise<void> {
  const body = args.body as Record<string, unknown>;
  const ack = args.ack ?? (async () => {});
  const logger = services.logger.child({ unhandled: body.type ?? 'unknown' });
  logger.info({ actionIds: actionIds(body), callbackId: callbackIdOf(body) }, 'answered a Slack request no listener handles');
  switch (body.type) {
    case 'view_submission':
      // `errors` needs an input block to attach to and `clear` closes the form silently; `update` replaces the
      // form with the sentence, so the user sees why nothing happened.
      await ack({ response_action: 'update', view: noticeModal({ title: 'Zoom Scheduler', sentence: OLD_FORM }) });
      return;
    case 'block_suggestion':
      // An options request wants a list; an empty one shows "no results" instead of an error.
      await ack({ options: [] });
      return;
    case 'block_actions':
    case 'message_action':
      await ack();
      // Buttons in a modal or App Home have no response_url: nothing can be said there but the ack.
      if (args.respond && typeof body.response_url === 'string') {
        await replyEphemeral(args.respond, noticeMessage(body.type === 'block_actions' ? OLD_BUTTON : OLD_SHORTCUT, 'warning')).catch(
          (error: unknown) => logger.debug({ err: error }, 'could not answer an unknown interaction'),
        );
      }
      return;
    case 'shortcut':
      await ack();
      // A global shortcut has no response_url; its trigger_id can open a modal with the sentence.
      if (typeof body.trigger_id === 'string') {
        await args.client.views
          .open({ trigger_id: body.trigger_id, view: noticeModal({ title: 'Zoom Scheduler', sentence: OLD_SHORTCUT }) })
          .catch((error: unknown) => logger.debug({ err: error }, 'could not answer an unknown shortcut'));
      }
      return;
    default:
      await ack();
  }
}

function actionIds(body: Record<string, unknown>): string[] | undefined {
  if (!Array.isArray(body.actions)) return undefined;
  return (body.actions as Array<{ action_id?: string }>).map((a) => a.action_id ?? '?');
}

function callbackIdOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.callback_id === 'string') return body.callback_id;
  const view = body.view as { callback_id?: unknown } | undefined;
  return typeof view?.callback_id === 'string' ? view.callback_id : undefined;
}
