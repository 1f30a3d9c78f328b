import { withLinkAttribution } from '../../core/attribution';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import {
  noticeModal,
  notInChannelSentence,
  scheduleCreatedMessage,
  scheduleNotCreatedMessage,
  shareMessage,
  truncate,
  type NewScheduleInput,
  type ScheduleSummary,
  type SlackMessage,
} from '../blocks';
import type { HomeService } from '../delivery/home';
import type { CreatedSchedule, ScheduleService } from '../../core/schedules';
import { postEphemeral, postToChannel, sendDirectMessage } from '../web/post';
import { needsConnectButton, userMessageFor } from '../failures';

export const NEW_SCHEDULE_MODAL_TITLE = 'New schedule';
const TITLE_IN_SENTENCE_MAX = 100;

export interface NewScheduleFlowDeps {
  schedules: Pick<ScheduleService, 'create'>;
  home: Pick<HomeService, 'refresh'>;
  logger: Logger;
  /** The failure as a private message: the (re)connect button when Zoom needs one. */
  failureMessage(who: { teamId: string; userId: string }, error: unknown): Promise<SlackMessage>;
}

/** A validated new-schedule submission, after the modal's ack. */
export interface NewScheduleRequest {
  client: WebClient;
  teamId: string;
  userId: string;
  /** The modal showing "Creating…", which gets the outcome. */
  viewId: string;
  input: NewScheduleInput;
  timeZone: string;
  /** The channel the command ran in (none from App Home): where the link is offered when none was chosen. */
  originChannelId: string | undefined;
  /** Known when the pre-ack channel check answered in time. */
  postChannelName: string | undefined;
  /** The availability as the user picked it, for the DM that keeps what they entered. */
  availabilityLabel: string | undefined;
}

type Flow = NewScheduleFlowDeps & NewScheduleRequest;

function quotedTitle(input: NewScheduleInput): string {
  return `“${truncate(input.title, TITLE_IN_SENTENCE_MAX)}”`;
}

/** What the modal says while Zoom is called. */
export function creatingSentence(input: NewScheduleInput): string {
  return `Creating ${quotedTitle(input)} in Zoom…`;
}

/** Best effort: the user may have closed the modal already, and then the DM or channel post is the answer. */
async function showInModal(flow: Flow, sentence: string): Promise<void> {
  try {
    await flow.client.views.update({ view_id: flow.viewId, view: noticeModal({ title: NEW_SCHEDULE_MODAL_TITLE, sentence }) });
  } catch (error) {
    flow.logger.debug({ err: error }, 'new-schedule modal not updated (closed?)');
  }
}

async function dm(flow: Flow, message: SlackMessage): Promise<void> {
  try {
    await sendDirectMessage(flow.client, flow.userId, message);
  } catch (error) {
    flow.logger.warn({ err: error }, 'could not DM the user about their new schedule');
  }
}

/** No channel chosen: the link is offered ephemerally where the command ran, else by DM, with a Post link button. */
async function offerPrivately(flow: Flow, schedule: ScheduleSummary, note?: string): Promise<void> {
  const message = scheduleCreatedMessage({ schedule, ...(note ? { note } : {}) });
  if (flow.originChannelId) {
    try {
      await postEphemeral(flow.client, flow.originChannelId, flow.userId, message);
      return;
    } catch (error) {
      flow.logger.debug({ err: error }, 'ephemeral offer refused; sending a DM instead');
    }
  }
  await dm(flow, message);
}

/**
 * Said whenever Zoom would not link the page to the saved availability and its hours were copied in instead
 * (ScheduleService.create), so nobody expects a later edit of that availability to reach this page.
 */
export const HOURS_COPIED_SENTENCE =
  'Zoom would not link it to your saved availability, so its hours were copied in: later edits of that availability do not change this page.';

/** The reusable URL goes to the chosen channel (a new schedule is for many bookers); returns where it went. */
async function announce(flow: Flow, schedule: CreatedSchedule): Promise<string> {
  const created = schedule.hoursCopied
    ? `Created ${quotedTitle(flow.input)}. ${HOURS_COPIED_SENTENCE}`
    : `Created ${quotedTitle(flow.input)}.`;
  const channelId = flow.input.postChannelId;
  if (!channelId) {
    await offerPrivately(flow, schedule, schedule.hoursCopied ? HOURS_COPIED_SENTENCE : undefined);
    return `${created} I've sent you its booking link, with a button to post it.`;
  }
  let note: string;
  try {
    const tagged = { ...schedule, url: withLinkAttribution(schedule.url, { channelId, scheduleId: schedule.id }) };
    const outcome = await postToChannel(flow.client, channelId, shareMessage({ hostUserId: flow.userId, schedule: tagged }));
    if (outcome.posted) {
      const where = flow.postChannelName ? `#${flow.postChannelName}` : 'the channel you chose';
      return `${created} Its booking link is posted in ${where}.`;
    }
    note = notInChannelSentence(flow.postChannelName);
  } catch (error) {
    flow.logger.warn({ err: error }, 'new schedule created but its link could not be posted');
    note = `I couldn't post it in the channel you chose: ${userMessageFor(error)}`;
  }
  await offerPrivately(flow, schedule, schedule.hoursCopied ? `${note} ${HOURS_COPIED_SENTENCE}` : note);
  return `${created} ${note} I've sent you the link instead.`;
}

/** What was entered goes to a DM, so a failure loses nothing; a connect button follows when Zoom needs one. */
async function reportFailure(flow: Flow, error: unknown): Promise<void> {
  const connect = needsConnectButton(error);
  if (!connect) flow.logger.warn({ err: error }, 'schedule could not be created');
  const sentence = userMessageFor(error);
  await dm(
    flow,
    scheduleNotCreatedMessage({
      sentence,
      entered: flow.input,
      ...(flow.availabilityLabel ? { availabilityLabel: flow.availabilityLabel } : {}),
    }),
  );
  if (connect) await dm(flow, await flow.failureMessage(flow, error));
  await showInModal(flow, `I couldn't create ${quotedTitle(flow.input)}: ${sentence} What you entered is in a DM from me.`);
}

async function createAndAnnounce(flow: Flow): Promise<void> {
  const { teamId, userId } = flow;
  let schedule: CreatedSchedule;
  try {
    schedule = await flow.schedules.create(teamId, userId, flow.input, flow.timeZone);
  } catch (error) {
    await reportFailure(flow, error);
    return;
  }
  await showInModal(flow, await announce(flow, schedule));
  await flow.home.refresh({ teamId, userId });
}

/**
 * Creates the schedule in Zoom and tells the user: the booking link goes to the chosen channel (or privately,
 * with a Post link button), the modal says what happened, and a failure keeps what was entered in a DM.
 * Never throws: what cannot be told to the user is logged.
 */
export async function createScheduleFromModal(deps: NewScheduleFlowDeps, request: NewScheduleRequest): Promise<void> {
  await createAndAnnounce({ ...deps, ...request }).catch((error: unknown) =>
    deps.logger.error({ err: error }, 'new schedule: the user could not be told the outcome'),
  );
}
