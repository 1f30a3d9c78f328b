import type { ListenerRegistry } from '../router';
import { teamIdOf } from '../requester';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../../logger';
import type { SlackDeps } from '../../deps';
import { ACTION_IDS } from '../../command/ids';
import { copyUrlMessage, type SlackMessage } from '../../blocks';
import { replyEphemeral } from '../../flows/replies';
import { postShare, postSingleUseLink, type LinkPoster } from '../../flows/booking-links';
import { sendDirectMessage } from '../../web/post';
import { openNewScheduleModal, openShareScheduleModal } from '../../flows/schedule-modals';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

interface ButtonPress {
  services: SlackDeps;
  args: ButtonArgs;
  logger: Logger;
  teamId: string;
  userId: string;
  /** The button's value: a schedule id for every button here but *New schedule*. */
  scheduleId: string;
  replyPrivately(message: SlackMessage): Promise<void>;
}

/** Buttons on messages answer by their response_url; App Home buttons have none, so they answer by DM. */
function pressOf(appServices: SlackDeps, args: ButtonArgs): ButtonPress {
  const { body, context, client, respond } = args;
  const teamId = teamIdOf(context, body);
  const userId = body.user.id;
  const hasResponseUrl = typeof body.response_url === 'string' && body.response_url !== '';
  // Reading the schedule and posting its link share one connection read.
  const services = { ...appServices, schedules: appServices.schedules.forOneRequest() };
  return {
    services,
    args,
    logger: appServices.logger.child({ action: args.action.action_id, teamId, userId }),
    teamId,
    userId,
    scheduleId: args.action.value ?? '',
    replyPrivately: (message) => (hasResponseUrl ? replyEphemeral(respond, message) : sendDirectMessage(client, userId, message)),
  };
}

function linkPoster(press: ButtonPress): LinkPoster {
  const { services, args, teamId, userId } = press;
  return {
    services,
    client: args.client,
    teamId,
    userId,
    // A button without a conversation (none here today) posts in the user's DM with the bot.
    channelId: args.body.channel?.id ?? userId,
    ...(args.context.botUserId ? { botUserId: args.context.botUserId } : {}),
    replyPrivately: press.replyPrivately,
  };
}

/** Acks first, then runs; a failure reaches the user through app.error() (listeners/unhandled.ts). */
function button(services: SlackDeps, run: (press: ButtonPress) => Promise<void>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    await run(pressOf(services, args));
  };
}

async function scheduleOf(press: ButtonPress) {
  return press.services.schedules.get(press.teamId, press.userId, press.scheduleId);
}

/** The ambiguous-title choice is done once the link is posted: the question is removed. */
async function removeQuestion(press: ButtonPress): Promise<void> {
  await press.args.respond({ delete_original: true }).catch((error: unknown) => {
    press.logger.debug({ err: error }, 'could not remove the schedule choice');
  });
}

export function registerScheduleActions(app: ListenerRegistry, services: SlackDeps): void {
  app.action<BlockButtonAction>(
    ACTION_IDS.postLink,
    button(services, async (press) => {
      await postSingleUseLink(linkPoster(press), await scheduleOf(press));
    }),
  );
  app.action<BlockButtonAction>(
    ACTION_IDS.copyUrl,
    button(services, async (press) => {
      await press.replyPrivately(copyUrlMessage(await scheduleOf(press)));
    }),
  );
  app.action<BlockButtonAction>(
    ACTION_IDS.chooseScheduleForLink,
    button(services, async (press) => {
      if (await postSingleUseLink(linkPoster(press), await scheduleOf(press))) await removeQuestion(press);
    }),
  );
  app.action<BlockButtonAction>(
    ACTION_IDS.chooseScheduleForShare,
    button(services, async (press) => {
      if (await postShare(linkPoster(press), await scheduleOf(press))) await removeQuestion(press);
    }),
  );
  app.action<BlockButtonAction>(
    ACTION_IDS.openNewSchedule,
    button(services, (press) => openNewScheduleModal({ ...press, client: press.args.client, triggerId: press.args.body.trigger_id }, {})),
  );
  app.action<BlockButtonAction>(
    ACTION_IDS.shareSchedule,
    button(services, (press) =>
      openShareScheduleModal({ ...press, client: press.args.client, triggerId: press.args.body.trigger_id }, press.scheduleId),
    ),
  );
}
