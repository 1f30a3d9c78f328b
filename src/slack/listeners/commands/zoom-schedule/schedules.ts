import { ambiguousScheduleMessage, scheduleListMessage, type SchedulePurpose, type SlackMessage } from '../../../blocks';
import { replyEphemeral } from '../../../flows/replies';
import { postShare, postSingleUseLink, type LinkPoster } from '../../../flows/booking-links';
import { openNewScheduleModal } from '../../../flows/schedule-modals';
import type { CommandContext, SubcommandHandler } from './context';

function replier(context: CommandContext): (message: SlackMessage) => Promise<void> {
  return (message) => replyEphemeral(context.respond, message);
}

function poster(context: CommandContext): LinkPoster {
  const { services, client, teamId, userId, channelId } = context;
  return { services, client, teamId, userId, channelId, replyPrivately: replier(context) };
}

/** `new [title]` and the empty command: the modal opens from the trigger before anything else happens. */
export const newSchedule: SubcommandHandler<'new'> = async (context, command) => {
  await openNewScheduleModal(
    { ...context, replyPrivately: replier(context) },
    { channelId: context.channelId, ...(command.title ? { title: command.title } : {}) },
  );
};

export const list: SubcommandHandler<'list'> = async (context) => {
  const schedules = await context.services.schedules.list(context.teamId, context.userId);
  await replyEphemeral(context.respond, scheduleListMessage(schedules));
};

/** `link`/`share`: one match is posted at once; several are offered as buttons that finish the job. */
async function postMatching(commandContext: CommandContext, query: string, purpose: SchedulePurpose): Promise<void> {
  // Finding and posting share one connection read.
  const schedules = commandContext.services.schedules.forOneRequest();
  const context = { ...commandContext, services: { ...commandContext.services, schedules } };
  const match = await schedules.find(context.teamId, context.userId, query);
  if (match.kind === 'ambiguous') {
    await replyEphemeral(context.respond, ambiguousScheduleMessage({ query, matches: match.matches, purpose }));
    return;
  }
  if (purpose === 'link') await postSingleUseLink(poster(context), match.schedule);
  else await postShare(poster(context), match.schedule);
}

export const link: SubcommandHandler<'link'> = (context, command) => postMatching(context, command.query, 'link');

export const share: SubcommandHandler<'share'> = (context, command) => postMatching(context, command.query, 'share');
