import type { ModalView, PlainTextOption } from '@slack/types';
import { BOOKING_LINK_BLOCKS, CALLBACK_IDS } from '../../command/ids';
import { option, plain, section } from '../blocks';
import { durationLabel } from '../format';
import { LIMITS } from '../limits';
import type { ScheduleSummary } from '../../../core/model';
import { encodeMetadata } from './metadata';

/** A static select holds at most 100 options. */
const SCHEDULE_OPTIONS_MAX = 100;
const OPTION_TEXT_MAX = 75;

/** Where the shortcut's link goes: a channel picked in the modal, or the thread of the message it was used on. */
export type BookingLinkDestination = { kind: 'pick' } | { kind: 'thread'; channelId: string; threadTs: string };

export interface BookingLinkMetadata {
  channelId?: string;
  threadTs?: string;
}

function scheduleOption(schedule: ScheduleSummary): PlainTextOption {
  const label = `${schedule.title} (${durationLabel(schedule.durationMinutes)})`;
  return option(label.length > OPTION_TEXT_MAX ? `${label.slice(0, OPTION_TEXT_MAX - 1)}…` : label, schedule.id);
}

/** The shortcuts' modal: which schedule, and (global shortcut only) which channel gets the single-use link. */
export function bookingLinkModal(input: { schedules: readonly ScheduleSummary[]; destination: BookingLinkDestination }): ModalView {
  const metadata: BookingLinkMetadata =
    input.destination.kind === 'thread' ? { channelId: input.destination.channelId, threadTs: input.destination.threadTs } : {};
  const title = input.destination.kind === 'thread' ? 'Reply with a link' : 'Share a booking link';
  if (input.schedules.length === 0) {
    return {
      type: 'modal',
      callback_id: CALLBACK_IDS.bookingLinkModal,
      title: plain(title, LIMITS.modalTitle),
      close: plain('Close'),
      blocks: [section('You have no schedules yet. Create one with `/zoom-schedule new`.')],
    };
  }
  const [first] = input.schedules;
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.bookingLinkModal,
    title: plain(title, LIMITS.modalTitle),
    submit: plain('Post link'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata(metadata),
    blocks: [
      {
        type: 'input',
        block_id: BOOKING_LINK_BLOCKS.schedule,
        label: plain('Schedule'),
        element: {
          type: 'static_select',
          action_id: `${BOOKING_LINK_BLOCKS.schedule}_input`,
          options: input.schedules.slice(0, SCHEDULE_OPTIONS_MAX).map(scheduleOption),
          ...(input.schedules.length === 1 && first ? { initial_option: scheduleOption(first) } : {}),
        },
      },
      ...(input.destination.kind === 'pick'
        ? [
            {
              type: 'input' as const,
              block_id: BOOKING_LINK_BLOCKS.channel,
              label: plain('Post the single-use link in'),
              element: {
                type: 'conversations_select' as const,
                action_id: `${BOOKING_LINK_BLOCKS.channel}_input`,
                filter: { include: ['public' as const, 'private' as const], exclude_bot_users: true },
              },
            },
          ]
        : [section('A single-use booking link is posted in the thread of that message.')]),
    ],
  };
}
