import { CUSTOM_HOURS_VALUE, NEW_SCHEDULE_BLOCKS as B } from '../../../../src/slack/command/ids';
import { parseNewScheduleForm } from '../../../../src/slack/blocks/forms/new-schedule';
import type { ViewStateValues } from '../../../../src/slack/blocks/forms/state';

function values(overrides: Partial<Record<string, Record<string, unknown>>> = {}): ViewStateValues {
  const base: Record<string, Record<string, unknown>> = {
    [B.title]: { type: 'plain_text_input', value: '  Intro call ' },
    [B.duration]: { type: 'number_input', value: '30' },
    [B.availability]: { type: 'static_select', selected_option: { value: 'avail1', text: { type: 'plain_text', text: 'Working hours' } } },
    [B.customHours]: { type: 'plain_text_input', value: 'Mon-Fri 09:00-17:00' },
    [B.meetingType]: {
      type: 'radio_buttons',
      selected_option: { value: 'zoomMeeting', text: { type: 'plain_text', text: 'Zoom meeting' } },
    },
    [B.location]: { type: 'plain_text_input', value: null },
    [B.description]: { type: 'plain_text_input', value: null },
    [B.postChannel]: { type: 'conversations_select', selected_conversation: null },
  };
  const merged = { ...base, ...overrides };
  return Object.fromEntries(
    Object.entries(merged).map(([block, state]) => [block, { [`${block}_input`]: state }]),
  ) as unknown as ViewStateValues;
}

describe('parseNewScheduleForm', () => {
  it('reads a valid form', () => {
    expect(parseNewScheduleForm(values())).toEqual({
      ok: true,
      value: {
        title: 'Intro call',
        durationMinutes: 30,
        availability: { kind: 'existing', availabilityId: 'avail1' },
        meetingType: 'zoomMeeting',
      },
    });
  });

  it('reads custom hours, an in-person location, a description and a channel', () => {
    const result = parseNewScheduleForm(
      values({
        [B.availability]: { type: 'static_select', selected_option: { value: CUSTOM_HOURS_VALUE } },
        [B.customHours]: { type: 'plain_text_input', value: 'Mon-Wed 09:00-12:00\nFri 14:00-16:00, 10:00-11:00' },
        [B.meetingType]: { type: 'radio_buttons', selected_option: { value: 'offline' } },
        [B.location]: { type: 'plain_text_input', value: 'Room 4' },
        [B.description]: { type: 'plain_text_input', value: 'Bring questions' },
        [B.postChannel]: { type: 'conversations_select', selected_conversation: 'C0SALES' },
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        title: 'Intro call',
        durationMinutes: 30,
        availability: {
          kind: 'custom',
          weekly: {
            mon: [{ start: '09:00', end: '12:00' }],
            tue: [{ start: '09:00', end: '12:00' }],
            wed: [{ start: '09:00', end: '12:00' }],
            thu: [],
            fri: [
              { start: '10:00', end: '11:00' },
              { start: '14:00', end: '16:00' },
            ],
            sat: [],
            sun: [],
          },
        },
        meetingType: 'offline',
        location: 'Room 4',
        description: 'Bring questions',
        postChannelId: 'C0SALES',
      },
    });
  });

  it.each([
    ['empty title', { [B.title]: { type: 'plain_text_input', value: '   ' } }, B.title, 'Give the schedule a title.'],
    [
      'duration too short',
      { [B.duration]: { type: 'number_input', value: '10' } },
      B.duration,
      'Duration must be from 15 to 1440 minutes (24 hours); 10 is outside.',
    ],
    [
      'duration too long',
      { [B.duration]: { type: 'number_input', value: '1441' } },
      B.duration,
      'Duration must be from 15 to 1440 minutes (24 hours); 1441 is outside.',
    ],
    [
      'fractional duration',
      { [B.duration]: { type: 'number_input', value: '30.5' } },
      B.duration,
      '“30.5” is not a whole number of minutes.',
    ],
    [
      'missing duration',
      { [B.duration]: { type: 'number_input', value: null } },
      B.duration,
      'Enter a duration in minutes, from 15 to 1440.',
    ],
    [
      'no availability',
      { [B.availability]: { type: 'static_select', selected_option: null } },
      B.availability,
      'Pick an availability, or Custom weekly hours.',
    ],
    [
      'in person without location',
      { [B.meetingType]: { type: 'radio_buttons', selected_option: { value: 'offline' } } },
      B.location,
      'Say where to meet for an in-person meeting.',
    ],
    [
      'unknown meeting type',
      { [B.meetingType]: { type: 'radio_buttons', selected_option: { value: 'carrier-pigeon' } } },
      B.meetingType,
      'Pick a meeting type.',
    ],
    [
      'overlapping custom hours',
      {
        [B.availability]: { type: 'static_select', selected_option: { value: CUSTOM_HOURS_VALUE } },
        [B.customHours]: { type: 'plain_text_input', value: 'Mon-Fri 09:00-17:00\nWed 16:00-18:00' },
      },
      B.customHours,
      'Wednesday: 09:00-17:00 and 16:00-18:00 overlap.',
    ],
    [
      'bad weekday in custom hours',
      {
        [B.availability]: { type: 'static_select', selected_option: { value: CUSTOM_HOURS_VALUE } },
        [B.customHours]: { type: 'plain_text_input', value: 'Mon 09:00-10:00\nFunday 09:00-10:00' },
      },
      B.customHours,
      'Line 2: “Funday” is not a weekday or range like Mon-Fri.',
    ],
    [
      'empty custom hours',
      {
        [B.availability]: { type: 'static_select', selected_option: { value: CUSTOM_HOURS_VALUE } },
        [B.customHours]: { type: 'plain_text_input', value: null },
      },
      B.customHours,
      'Add at least one line, like Mon-Fri 09:00-17:00.',
    ],
  ])('%s → an inline error on the field', (_name, overrides, blockId, sentence) => {
    expect(parseNewScheduleForm(values(overrides))).toEqual({ ok: false, errors: { [blockId]: sentence } });
  });

  it('reports every faulty field at once', () => {
    const result = parseNewScheduleForm(
      values({ [B.title]: { type: 'plain_text_input', value: '' }, [B.duration]: { type: 'number_input', value: '5' } }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([B.duration, B.title].sort());
  });
});
