import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import { CALLBACK_IDS, CUSTOM_HOURS_VALUE, NEW_SCHEDULE_BLOCKS } from '../../command/ids';
import { option, plain } from '../blocks';
import { LIMITS } from '../limits';
import type { AvailabilityChoice, MeetingType } from '../../../core/model';
import { encodeMetadata } from './metadata';

export const TITLE_MAX_LENGTH = 256;
export const DESCRIPTION_MAX_LENGTH = 3000;
export const DEFAULT_DURATION_MINUTES = 30;
export const DEFAULT_CUSTOM_HOURS = 'Mon-Fri 09:00-17:00';

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  zoomMeeting: 'Zoom meeting',
  zoomPhone: 'Phone call',
  offline: 'In person',
};

/** What the listener needs back on submission; kept small (private_metadata ≤ 3000). */
export interface NewScheduleMetadata {
  /** The channel the command came from, where the link is offered when no channel is chosen. */
  channelId?: string;
  timeZone: string;
}

export interface NewScheduleModalInput {
  title?: string;
  availabilities: readonly AvailabilityChoice[];
  /** IANA zone that custom hours are written in (the user's Slack `tz`). */
  timeZone: string;
  channelId?: string;
}

function actionId(blockId: string): string {
  return `${blockId}_input`;
}

function availabilityOptions(availabilities: readonly AvailabilityChoice[]): PlainTextOption[] {
  // One option is kept for "Custom weekly hours"; Slack allows 100 per select.
  const existing = availabilities.slice(0, LIMITS.selectOptions - 1).map((a) => option(a.name, a.id));
  return [...existing, option('Custom weekly hours', CUSTOM_HOURS_VALUE)];
}

function input(blockId: string, label: string, element: InputBlock['element'], extra: Partial<InputBlock> = {}): InputBlock {
  return { type: 'input', block_id: blockId, label: plain(label, LIMITS.inputLabel), element, ...extra };
}

export function newScheduleModal(data: NewScheduleModalInput): ModalView {
  const options = availabilityOptions(data.availabilities);
  const meetingTypes = (Object.keys(MEETING_TYPE_LABELS) as MeetingType[]).map((type) => option(MEETING_TYPE_LABELS[type], type));
  const metadata: NewScheduleMetadata = { timeZone: data.timeZone };
  if (data.channelId) metadata.channelId = data.channelId;

  const blocks: InputBlock[] = [
    input(NEW_SCHEDULE_BLOCKS.title, 'Title', {
      type: 'plain_text_input',
      action_id: actionId(NEW_SCHEDULE_BLOCKS.title),
      max_length: TITLE_MAX_LENGTH,
      placeholder: plain('e.g. Intro call', LIMITS.placeholder),
      ...(data.title ? { initial_value: data.title.slice(0, TITLE_MAX_LENGTH) } : {}),
    }),
    input(
      NEW_SCHEDULE_BLOCKS.duration,
      'Duration (minutes)',
      {
        type: 'number_input',
        action_id: actionId(NEW_SCHEDULE_BLOCKS.duration),
        is_decimal_allowed: false,
        initial_value: String(DEFAULT_DURATION_MINUTES),
      },
      { hint: plain('From 15 to 1440 minutes.') },
    ),
    input(NEW_SCHEDULE_BLOCKS.availability, 'Availability', {
      type: 'static_select',
      action_id: actionId(NEW_SCHEDULE_BLOCKS.availability),
      options,
      initial_option: options[0],
    }),
    input(
      NEW_SCHEDULE_BLOCKS.customHours,
      'Custom weekly hours',
      {
        type: 'plain_text_input',
        action_id: actionId(NEW_SCHEDULE_BLOCKS.customHours),
        multiline: true,
        initial_value: DEFAULT_CUSTOM_HOURS,
      },
      {
        optional: true,
        hint: plain(
          `Used with “Custom weekly hours”. One line per day or range, in ${data.timeZone}, e.g. Mon-Fri 09:00-12:00, 13:00-17:00.`,
        ),
      },
    ),
    input(NEW_SCHEDULE_BLOCKS.meetingType, 'Meeting type', {
      type: 'radio_buttons',
      action_id: actionId(NEW_SCHEDULE_BLOCKS.meetingType),
      options: meetingTypes,
      initial_option: meetingTypes[0],
    }),
    input(
      NEW_SCHEDULE_BLOCKS.location,
      'Location',
      { type: 'plain_text_input', action_id: actionId(NEW_SCHEDULE_BLOCKS.location), max_length: 1024 },
      { optional: true, hint: plain('Required for in-person meetings.') },
    ),
    input(
      NEW_SCHEDULE_BLOCKS.description,
      'Description',
      {
        type: 'plain_text_input',
        action_id: actionId(NEW_SCHEDULE_BLOCKS.description),
        multiline: true,
        max_length: DESCRIPTION_MAX_LENGTH,
      },
      { optional: true },
    ),
    input(
      NEW_SCHEDULE_BLOCKS.postChannel,
      'Post the booking link in',
      {
        type: 'conversations_select',
        action_id: actionId(NEW_SCHEDULE_BLOCKS.postChannel),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(data.channelId ? { initial_conversation: data.channelId } : {}),
      },
      { optional: true, hint: plain('Leave empty to keep the link to yourself.') },
    ),
  ];

  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.newScheduleModal,
    title: plain('New schedule', LIMITS.modalTitle),
    submit: plain('Create'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata(metadata),
    blocks,
  };
}
