import {
  ACTION_IDS,
  AVAILABILITY_BLOCKS,
  CALLBACK_IDS,
  CUSTOM_HOURS_VALUE,
  NEW_AVAILABILITY_VALUE,
  NEW_SCHEDULE_BLOCKS,
  SHARE_SCHEDULE_BLOCKS,
  WEEKDAYS,
  weekdayHoursBlockId,
} from '../../../src/slack/command/ids';
import { homeView } from '../../../src/slack/blocks/home';
import { assertWithinSlackLimits } from '../../../src/slack/blocks/limits';
import { availabilityModal } from '../../../src/slack/blocks/modals/availability';
import { PrivateMetadataTooLargeError, decodeMetadata, encodeMetadata } from '../../../src/slack/blocks/modals/metadata';
import { newScheduleModal } from '../../../src/slack/blocks/modals/new-schedule';
import { shareScheduleModal } from '../../../src/slack/blocks/modals/share-schedule';
import { loadingModal, noticeModal } from '../../../src/slack/blocks/modals/simple';
import { allText, blocksOf, buttons, inputBlock } from './helpers';
import { ZONE, availabilityDraft, homeData, hostileSchedules, schedule } from './fixtures';

describe('App Home', () => {
  it('connected: status, actions, next bookings, schedules with Share buttons, settings', () => {
    const view = homeView(homeData({ notifyChannel: { id: 'C0BOOK' } }));
    expect(view.type).toBe('home');
    const text = allText(view);
    expect(text).toContain('Connected to Zoom as *Alex Doe (alex@example.com)*');
    expect(buttons(view, ACTION_IDS.openNewSchedule)).toHaveLength(1);
    expect(buttons(view, ACTION_IDS.openAvailability)).toHaveLength(1);
    expect(text).toContain('*Next bookings*');
    expect(text).toContain('<!date^');
    expect(buttons(view, ACTION_IDS.shareSchedule).map((b) => b.value)).toEqual(homeData().schedules.map((s) => s.id));
    expect(text).toContain('Daily digest at *09:00* (America/New_York) to <#C0SALES>');
    expect(text).toContain('New and cancelled bookings go to <#C0BOOK>');
  });

  it('digest off and DM notifications are stated', () => {
    const text = allText(homeView(homeData({ digest: { enabled: false } })));
    expect(text).toContain('Daily digest is *off*');
    expect(text).toContain('New and cancelled bookings go to a DM from me');
  });

  it('not connected: only the connect button', () => {
    const view = homeView(
      homeData({ connection: { connected: false, authorizeUrl: 'https://zoom.us/oauth/authorize?x', reason: 'connect' } }),
    );
    expect(buttons(view, ACTION_IDS.connectZoom)[0]?.url).toBe('https://zoom.us/oauth/authorize?x');
    expect(buttons(view, ACTION_IDS.shareSchedule)).toHaveLength(0);
    expect(blocksOf(view)).toHaveLength(2);
  });

  it('not linked in Server-to-Server mode: the instruction to run connect, no OAuth button', () => {
    const view = homeView(homeData({ connection: { connected: false, reason: 'connect' } }));
    expect(allText(view)).toContain('Run `/zoom-schedule connect` to link your Zoom user');
    expect(buttons(view, ACTION_IDS.connectZoom)).toHaveLength(0);
    expect(assertWithinSlackLimits('home', view)).toEqual([]);
  });

  it('pages 200 schedules', () => {
    const view = homeView(homeData({ schedules: hostileSchedules }));
    const shown = buttons(view, ACTION_IDS.shareSchedule).length;
    expect(allText(view)).toContain(`…and ${200 - shown} more schedules: \`/zoom-schedule list\``);
  });
});

describe('new-schedule modal', () => {
  const modal = newScheduleModal({
    title: 'Intro call',
    availabilities: [{ id: 'avail1', name: 'Working hours' }],
    timeZone: ZONE,
    channelId: 'C0GENERAL',
  });

  it('has the callback id, a submit button and every input block', () => {
    expect(modal.callback_id).toBe(CALLBACK_IDS.newScheduleModal);
    expect(modal.submit?.text).toBe('Create');
    expect(blocksOf(modal).map((b) => b.block_id)).toEqual(Object.values(NEW_SCHEDULE_BLOCKS));
    expect(decodeMetadata(modal.private_metadata)).toEqual({ timeZone: ZONE, channelId: 'C0GENERAL' });
  });

  it('prefills the title and channel, and offers availabilities plus custom hours', () => {
    expect(inputBlock(modal, NEW_SCHEDULE_BLOCKS.title).element).toMatchObject({ initial_value: 'Intro call', max_length: 256 });
    expect(inputBlock(modal, NEW_SCHEDULE_BLOCKS.postChannel)).toMatchObject({
      optional: true,
      element: { type: 'conversations_select', initial_conversation: 'C0GENERAL' },
    });
    const select = inputBlock(modal, NEW_SCHEDULE_BLOCKS.availability).element as { options: Array<{ value: string }> };
    expect(select.options.map((o) => o.value)).toEqual(['avail1', CUSTOM_HOURS_VALUE]);
    const types = inputBlock(modal, NEW_SCHEDULE_BLOCKS.meetingType).element as { options: Array<{ value: string }> };
    expect(types.options.map((o) => o.value)).toEqual(['zoomMeeting', 'zoomPhone', 'offline']);
  });

  it('keeps at most 100 options when the user has 150 availabilities', () => {
    const many = newScheduleModal({
      availabilities: Array.from({ length: 150 }, (_, i) => ({ id: `a${i}`, name: `A ${i}` })),
      timeZone: ZONE,
    });
    const select = inputBlock(many, NEW_SCHEDULE_BLOCKS.availability).element as { options: Array<{ value: string }> };
    expect(select.options).toHaveLength(100);
    expect(select.options[99]?.value).toBe(CUSTOM_HOURS_VALUE);
  });
});

describe('availability modal', () => {
  it('prefills the draft, one input per weekday, and a picker', () => {
    const modal = availabilityModal({ availabilities: [{ id: availabilityDraft.id, name: 'Working hours' }], draft: availabilityDraft });
    expect(modal.callback_id).toBe(CALLBACK_IDS.availabilityModal);
    expect(decodeMetadata(modal.private_metadata)).toEqual({ availabilityId: availabilityDraft.id });
    expect(inputBlock(modal, AVAILABILITY_BLOCKS.name).element).toMatchObject({ initial_value: 'Working hours' });
    expect(inputBlock(modal, AVAILABILITY_BLOCKS.timeZone).element).toMatchObject({ initial_value: ZONE });
    expect(inputBlock(modal, weekdayHoursBlockId('mon')).element).toMatchObject({ initial_value: '09:00-12:00, 13:00-17:00' });
    expect(inputBlock(modal, weekdayHoursBlockId('tue')).element).toMatchObject({ initial_value: 'off' });
    expect(inputBlock(modal, AVAILABILITY_BLOCKS.overrides).element).toMatchObject({
      initial_value: '2026-12-24 10:00-14:00\n2026-12-25 off',
    });
    expect(WEEKDAYS.map((d) => inputBlock(modal, weekdayHoursBlockId(d)).optional)).toEqual(Array(7).fill(true));
    const picker = inputBlock(modal, AVAILABILITY_BLOCKS.picker);
    expect(picker).toMatchObject({
      type: 'actions',
      elements: [{ action_id: ACTION_IDS.pickAvailability, initial_option: { value: availabilityDraft.id } }],
    });
  });

  it('a new availability selects "New availability…" and carries no id', () => {
    const modal = availabilityModal({ availabilities: [], draft: { ...availabilityDraft, id: undefined } });
    expect(decodeMetadata(modal.private_metadata)).toEqual({});
    expect(inputBlock(modal, AVAILABILITY_BLOCKS.picker)).toMatchObject({
      elements: [{ initial_option: { value: NEW_AVAILABILITY_VALUE } }],
    });
  });

  it('a revision changes the action ids but keeps the block ids (so errors still land on the field)', () => {
    const first = availabilityModal({ availabilities: [], draft: availabilityDraft, revision: 'a' });
    const second = availabilityModal({ availabilities: [], draft: availabilityDraft, revision: 'b' });
    expect(blocksOf(first).map((b) => b.block_id)).toEqual(blocksOf(second).map((b) => b.block_id));
    expect((inputBlock(first, AVAILABILITY_BLOCKS.name).element as { action_id: string }).action_id).toBe('availability_name_input_a');
    expect((inputBlock(second, AVAILABILITY_BLOCKS.name).element as { action_id: string }).action_id).toBe('availability_name_input_b');
  });
});

describe('small modals', () => {
  it('loading modal has no submit and a short title', () => {
    const modal = loadingModal('A title much longer than Slack allows');
    expect(modal.submit).toBeUndefined();
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(allText(modal)).toContain('Loading…');
  });

  it('notice modal escapes the sentence', () => {
    expect(allText(noticeModal({ title: 'Zoom', sentence: 'Zoom said <no>.' }))).toBe('Zoom said &lt;no&gt;.');
  });

  it('share modal asks for a channel and remembers the schedule', () => {
    const modal = shareScheduleModal(schedule(4));
    expect(modal.callback_id).toBe(CALLBACK_IDS.shareScheduleModal);
    expect(decodeMetadata(modal.private_metadata)).toEqual({ scheduleId: schedule(4).id });
    expect(inputBlock(modal, SHARE_SCHEDULE_BLOCKS.channel).element).toMatchObject({ type: 'conversations_select' });
  });
});

describe('private_metadata', () => {
  it('refuses to encode more than Slack keeps and decodes garbage to {}', () => {
    expect(() => encodeMetadata({ blob: 'x'.repeat(3000) })).toThrow(PrivateMetadataTooLargeError);
    expect(decodeMetadata('not json')).toEqual({});
    expect(decodeMetadata('[1]')).toEqual({});
    expect(decodeMetadata(undefined)).toEqual({});
  });
});
