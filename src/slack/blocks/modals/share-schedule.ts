import type { ModalView } from '@slack/types';
import { CALLBACK_IDS, SHARE_SCHEDULE_BLOCKS } from '../../command/ids';
import { plain, section } from '../blocks';
import { LIMITS } from '../limits';
import type { ScheduleSummary } from '../../../core/model';
import { scheduleLine } from '../messages/schedules';
import { encodeMetadata } from './metadata';

export interface ShareScheduleMetadata {
  scheduleId: string;
}

/** App Home has no channel, so its *Share* button asks where to post. */
export function shareScheduleModal(schedule: ScheduleSummary): ModalView {
  const metadata: ShareScheduleMetadata = { scheduleId: schedule.id };
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.shareScheduleModal,
    title: plain('Share schedule', LIMITS.modalTitle),
    submit: plain('Share'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata(metadata),
    blocks: [
      section(scheduleLine(schedule)),
      {
        type: 'input',
        block_id: SHARE_SCHEDULE_BLOCKS.channel,
        label: plain('Post the booking URL in'),
        element: {
          type: 'conversations_select',
          action_id: `${SHARE_SCHEDULE_BLOCKS.channel}_input`,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      },
    ],
  };
}
