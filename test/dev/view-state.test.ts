import { submittedValues } from '../../dev/view-state';
import { NEW_SCHEDULE_BLOCKS, weekdayHoursBlockId } from '../../src/slack/command/ids';
import { availabilityModal, newScheduleModal, parseAvailabilityForm, parseNewScheduleForm } from '../../src/slack/blocks';
import type { ViewStateValues } from '../../src/slack/blocks';
import { availabilityDraft } from '../slack/blocks/fixtures';

type Json = Record<string, unknown>;
const asJson = (view: unknown) => view as Json;
/** Slack's JSON as the form parsers type it. */
const asFormValues = (values: unknown) => values as ViewStateValues;

describe('submittedValues', () => {
  const view = asJson(
    newScheduleModal({
      title: 'Intro call',
      availabilities: [{ id: 'a1', name: 'Working Hours' }],
      timeZone: 'America/New_York',
      channelId: 'C0SALES',
    }),
  );

  it('submits the initial values of every input when nothing was typed', () => {
    const values = submittedValues(view);
    expect(values[NEW_SCHEDULE_BLOCKS.title]).toEqual({ schedule_title_input: { type: 'plain_text_input', value: 'Intro call' } });
    expect(values[NEW_SCHEDULE_BLOCKS.duration]).toEqual({ schedule_duration_input: { type: 'number_input', value: '30' } });
    expect(values[NEW_SCHEDULE_BLOCKS.location]).toEqual({ schedule_location_input: { type: 'plain_text_input', value: null } });
    expect(values[NEW_SCHEDULE_BLOCKS.postChannel]).toEqual({
      schedule_post_channel_input: { type: 'conversations_select', selected_conversation: 'C0SALES' },
    });
    expect(values[NEW_SCHEDULE_BLOCKS.meetingType]?.schedule_meeting_type_input).toEqual({
      type: 'radio_buttons',
      selected_option: { text: { type: 'plain_text', text: 'Zoom meeting', emoji: true }, value: 'zoomMeeting' },
    });
    expect(Object.keys(values)).toHaveLength(8);
  });

  it('takes typed text, and picks options by value or by label', () => {
    const values = submittedValues(view, {
      [NEW_SCHEDULE_BLOCKS.duration]: '45',
      [NEW_SCHEDULE_BLOCKS.meetingType]: 'In person',
      [NEW_SCHEDULE_BLOCKS.availability]: 'a1',
      [NEW_SCHEDULE_BLOCKS.location]: 'Room 4B',
    });
    const parsed = parseNewScheduleForm(asFormValues(values));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.title).toBe('Intro call');
    expect(parsed.value.durationMinutes).toBe(45);
    expect(parsed.value.meetingType).toBe('offline');
    expect(parsed.value.location).toBe('Room 4B');
  });

  it('gives what the availability form parser reads, with the typed overlap reported inline', () => {
    const modal = asJson(availabilityModal({ availabilities: [], draft: availabilityDraft }));
    const monday = weekdayHoursBlockId('mon');
    const parsed = parseAvailabilityForm(asFormValues(submittedValues(modal, { [monday]: '09:00-12:00, 11:00-13:00' })));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors)).toEqual([monday]);
  });

  it('refuses an unknown block or option rather than submitting defaults', () => {
    expect(() => submittedValues(view, { no_such_block: 'x' })).toThrow('the modal has no input no_such_block');
    expect(() => submittedValues(view, { [NEW_SCHEDULE_BLOCKS.meetingType]: 'Carrier pigeon' })).toThrow(
      'no option "Carrier pigeon" in schedule_meeting_type_input',
    );
  });
});
