import type { ListenerRegistry } from '../router';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AttendanceAnswer } from '../../../core/attendance';
import { ACTION_IDS } from '../../command/ids';
import type { SlackDeps } from '../../deps';
import { noShowAnsweredMessage } from '../../blocks';
import { updateMessage } from '../../web/post';
import { teamIdOf } from '../requester';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Attended / No-show on the host's DM: acks, records the answer (one PATCH at Zoom), and edits the DM to it. */
function answerButton(services: SlackDeps, answer: AttendanceAnswer) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { body, context, client } = args;
    const teamId = teamIdOf(context, body);
    const userId = body.user.id;
    const result = await services.attendance.record(teamId, userId, args.action.value ?? '', answer);
    const channel = body.channel?.id ?? body.container?.['channel_id'];
    const ts = body.message?.ts ?? body.container?.['message_ts'];
    if (typeof channel !== 'string' || typeof ts !== 'string') return;
    const timeZone = await services.slackUsers.timeZone(client, teamId, userId);
    const { booking } = result;
    await updateMessage(
      client,
      channel,
      ts,
      noShowAnsweredMessage(
        { seenBookingId: booking.id, inviteeName: booking.inviteeName, title: booking.title, start: booking.startAt, timeZone },
        result.answer,
      ),
    );
  };
}

export function registerNoShowActions(app: ListenerRegistry, services: SlackDeps): void {
  app.action(ACTION_IDS.markAttended, answerButton(services, 'attended'));
  app.action(ACTION_IDS.markNoShow, answerButton(services, 'no_show'));
}
