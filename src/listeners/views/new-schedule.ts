import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import type { Services } from '../../services';
import { needsConnectButton, userMessageFor } from '../../services/user-messages';
import { CALLBACK_IDS, NEW_SCHEDULE_BLOCKS } from '../../slack/ids';
import {
  decodeMetadata,
  metadataString,
  noticeModal,
  notInChannelSentence,
  parseNewScheduleForm,
  scheduleCreatedMessage,
  scheduleNotCreatedMessage,
  shareMessage,
  truncate,
  type NewScheduleInput,
  type ScheduleSummary,
  type SlackMessage,
} from '../../views';
import { readBlock, type ViewStateValues } from '../../views/forms/state';
import { failureMessage } from '../support/replies';
import { checkChannelPostable, postToChannel } from '../support/channel-posting';
import { sendDirectMessage } from '../support/direct-message';

const MODAL_TITLE = 'New schedule';
const TITLE_IN_SENTENCE_MAX = 100;

/** A validated submission, after the ack: what is needed to create the schedule and tell the user. */
interface Submission {
  services: Services;
  client: WebClient;
  logger: Logger;
  teamId: string;
  userId: string;
  viewId: string;
  input: NewScheduleInput;
  timeZone: string;
  /** The channel the command ran in (none from App Home): where the link is offered when none was chosen. */
  originChannelId: string | undefined;
  /** Known when the pre-ack check answered in time. */
  postChannelName: string | undefined;
  availabilityLabel: string | undefined;
}

function quotedTitle(input: NewScheduleInput): string {
  return `“${truncate(input.title, TITLE_IN_SENTENCE_MAX)}”`;
}

/** Best effort: the user may have closed the modal already, and then the DM or channel post is the answer. */
async function showInModal(submission: Submission, sentence: string): Promise<void> {
  try {
    await submission.client.views.update({ view_id: submission.viewId, view: noticeModal({ title: MODAL_TITLE, sentence }) });
  } catch (error) {
    submission.logger.debug({ err: error }, 'new-schedule modal not updated (closed?)');
  }
}

async function dm(submission: Submission, message: SlackMessage): Promise<void> {
  try {
    await sendDirectMessage(submission.client, submission.userId, message);
  } catch (error) {
    submission.logger.warn({ err: error }, 'could not DM the user about their new schedule');
  }
}

/** No channel chosen: the link is offered ephemerally where the command ran, else by DM, with a Post link button. */
async function offerPrivately(submission: Submission, schedule: ScheduleSummary, note?: string): Promise<void> {
  const message = scheduleCreatedMessage({ schedule, ...(note ? { note } : {}) });
  if (submission.originChannelId) {
    try {
      await submission.client.chat.postEphemeral({
        channel: submission.originChannelId,
        user: submission.userId,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    } catch (error) {
      submission.logger.debug({ err: error }, 'ephemeral offer refused; sending a DM instead');
    }
  }
  await dm(submission, message);
}

/** The reusable URL goes to the chosen channel (a new schedule is for many bookers); the modal says where it went. */
async function announce(submission: Submission, schedule: ScheduleSummary): Promise<string> {
  const created = `Created ${quotedTitle(submission.input)}.`;
  const channelId = submission.input.postChannelId;
  if (!channelId) {
    await offerPrivately(submission, schedule);
    return `${created} I've sent you its booking link, with a button to post it.`;
  }
  let note: string;
  try {
    const outcome = await postToChannel(submission.client, channelId, shareMessage({ hostUserId: submission.userId, schedule }));
    if (outcome.posted) {
      const where = submission.postChannelName ? `#${submission.postChannelName}` : 'the channel you chose';
      return `${created} Its booking link is posted in ${where}.`;
    }
    note = notInChannelSentence(submission.postChannelName);
  } catch (error) {
    submission.logger.warn({ err: error }, 'new schedule created but its link could not be posted');
    note = `I couldn't post it in the channel you chose: ${userMessageFor(error)}`;
  }
  await offerPrivately(submission, schedule, note);
  return `${created} ${note} I've sent you the link instead.`;
}

async function reportFailure(submission: Submission, error: unknown): Promise<void> {
  const connect = needsConnectButton(error);
  if (!connect) submission.logger.warn({ err: error }, 'schedule could not be created');
  const sentence = userMessageFor(error);
  await dm(
    submission,
    scheduleNotCreatedMessage({
      sentence,
      entered: submission.input,
      ...(submission.availabilityLabel ? { availabilityLabel: submission.availabilityLabel } : {}),
    }),
  );
  if (connect) await dm(submission, await failureMessage(submission.services, submission, error));
  await showInModal(submission, `I couldn't create ${quotedTitle(submission.input)}: ${sentence} What you entered is in a DM from me.`);
}

async function createAndAnnounce(submission: Submission): Promise<void> {
  const { services, teamId, userId } = submission;
  let schedule: ScheduleSummary;
  try {
    schedule = await services.schedules.create(teamId, userId, submission.input, submission.timeZone);
  } catch (error) {
    await reportFailure(submission, error);
    return;
  }
  await showInModal(submission, await announce(submission, schedule));
  await services.home.refresh({ teamId, userId });
}

function selectedAvailabilityLabel(values: ViewStateValues): string | undefined {
  return readBlock(values, NEW_SCHEDULE_BLOCKS.availability)?.selected_option?.text.text;
}

/**
 * The new-schedule modal. Validation (and the bounded channel check) answer inline before the ack; Zoom is only
 * called after the ack, while the modal shows "Creating…" and then the result.
 */
export function registerNewScheduleSubmission(app: App, services: Services): void {
  app.view<ViewSubmitAction>(
    CALLBACK_IDS.newScheduleModal,
    async ({ ack, body, view, client, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
      const parsed = parseNewScheduleForm(view.state.values);
      if (!parsed.ok) {
        await ack({ response_action: 'errors', errors: parsed.errors });
        return;
      }
      const input = parsed.value;
      let postChannelName: string | undefined;
      if (input.postChannelId) {
        const check = await checkChannelPostable(client, input.postChannelId);
        if (check.postable === false) {
          await ack({ response_action: 'errors', errors: { [NEW_SCHEDULE_BLOCKS.postChannel]: check.sentence } });
          return;
        }
        if (check.postable === true) postChannelName = check.name;
      }
      await ack({
        response_action: 'update',
        view: noticeModal({ title: MODAL_TITLE, sentence: `Creating ${quotedTitle(input)} in Zoom…` }),
      });

      const teamId = context.teamId ?? body.team?.id ?? view.team_id;
      const userId = body.user.id;
      const metadata = decodeMetadata(view.private_metadata);
      const logger = services.logger.child({ view: CALLBACK_IDS.newScheduleModal, teamId, userId });
      await createAndAnnounce({
        services,
        client,
        logger,
        teamId,
        userId,
        viewId: view.id,
        input,
        timeZone: metadataString(metadata, 'timeZone') ?? 'UTC',
        originChannelId: metadataString(metadata, 'channelId'),
        postChannelName,
        availabilityLabel: selectedAvailabilityLabel(view.state.values),
      }).catch((error: unknown) => logger.error({ err: error }, 'new schedule: the user could not be told the outcome'));
    },
  );
}
