import type { ActionsBlock, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { ACTION_IDS, AVAILABILITY_BLOCKS, CALLBACK_IDS, NEW_AVAILABILITY_VALUE, WEEKDAYS, weekdayHoursBlockId } from '../../command/ids';
import { context, option, plain } from '../blocks';
import { LIMITS } from '../limits';
import { WEEKDAY_NAMES, formatIntervals, formatOverrideLines } from '../forms/intervals';
import { encodeMetadata } from './metadata';
import type { AvailabilityChoice, AvailabilityModalInput } from '../../../core/model';

export const NAME_MAX_LENGTH = 100;

export interface AvailabilityMetadata {
  /** Absent when creating a new availability. */
  availabilityId?: string;
}

function pickerBlock(availabilities: readonly AvailabilityChoice[], selectedId: string | undefined): ActionsBlock {
  const options: PlainTextOption[] = [
    ...availabilities.slice(0, LIMITS.selectOptions - 1).map((a) => option(a.name, a.id)),
    option('New availability…', NEW_AVAILABILITY_VALUE),
  ];
  const selected = options.find((o) => o.value === (selectedId ?? NEW_AVAILABILITY_VALUE)) ?? options[options.length - 1];
  return {
    type: 'actions',
    block_id: AVAILABILITY_BLOCKS.picker,
    elements: [
      {
        type: 'static_select',
        action_id: ACTION_IDS.pickAvailability,
        placeholder: plain('Pick an availability'),
        options,
        ...(selected ? { initial_option: selected } : {}),
      },
    ],
  };
}

export function availabilityModal(data: AvailabilityModalInput): ModalView {
  const suffix = data.revision ? `_${data.revision}` : '';
  const actionId = (blockId: string) => `${blockId}_input${suffix}`.slice(0, LIMITS.actionId);
  const textInput = (
    blockId: string,
    label: string,
    initialValue: string,
    extra: { optional?: boolean; multiline?: boolean; hint?: string; maxLength?: number } = {},
  ): InputBlock => ({
    type: 'input',
    block_id: blockId,
    label: plain(label),
    optional: extra.optional ?? false,
    ...(extra.hint ? { hint: plain(extra.hint, LIMITS.inputHint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: actionId(blockId),
      multiline: extra.multiline ?? false,
      ...(extra.maxLength ? { max_length: extra.maxLength } : {}),
      ...(initialValue ? { initial_value: initialValue } : {}),
    },
  });

  const metadata: AvailabilityMetadata = data.draft.id ? { availabilityId: data.draft.id } : {};
  const blocks: KnownBlock[] = [
    pickerBlock(data.availabilities, data.draft.id),
    textInput(AVAILABILITY_BLOCKS.name, 'Name', data.draft.name.slice(0, NAME_MAX_LENGTH), { maxLength: NAME_MAX_LENGTH }),
    textInput(AVAILABILITY_BLOCKS.timeZone, 'Time zone', data.draft.timeZone, {
      hint: 'An IANA time zone such as Europe/Paris or America/New_York. Hours below are in this zone.',
    }),
    context('Weekly hours: intervals like `09:00-12:00, 13:00-17:00`; empty or `off` for a day off.'),
    ...WEEKDAYS.map((day) =>
      textInput(weekdayHoursBlockId(day), WEEKDAY_NAMES[day], formatIntervals(data.draft.weekly[day]), { optional: true }),
    ),
    textInput(AVAILABILITY_BLOCKS.overrides, 'Date overrides', formatOverrideLines(data.draft.overrides), {
      optional: true,
      multiline: true,
      hint: 'One date per line with its hours in this zone, e.g. 2026-12-24 10:00-14:00.',
    }),
  ];

  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.availabilityModal,
    title: plain('Availability', LIMITS.modalTitle),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: encodeMetadata(metadata),
    blocks,
  };
}
