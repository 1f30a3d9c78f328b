import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import type { FakeView } from '../../../../dev/fake-slack';
import { CALLBACK_IDS, CUSTOM_HOURS_VALUE, NEW_SCHEDULE_BLOCKS as B } from '../../../../src/slack/command/ids';
import {
  availabilityOptions,
  buttonValues,
  homeButton,
  modalShowing,
  newScheduleValues,
  openNewScheduleModal,
  schedulesOf,
  slash,
  textOf,
  zoomSchedule,
  type FormEntries,
} from './helpers';

let stack: LocalStack;
let workingHours: { value: string; label: string };

beforeAll(async () => {
  stack = await startLocalStack();
  await stack.connectZoom('U0ALICE');
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const openModal = (title = '') => openNewScheduleModal(stack, 'U0ALICE', title);

async function submit(entries: FormEntries) {
  const modal = await openModal();
  return { modal, ack: await stack.submitView('U0ALICE', modal, newScheduleValues(entries)) };
}

function modalSentence(view: FakeView): string {
  return textOf(view.view.blocks);
}

describe('/zoom-schedule new: the modal', () => {
  it('opens a loading modal from the trigger, then shows the form with the availabilities and time zone', async () => {
    const modal = await openModal('Intro call');
    expect(modal.history.map((h) => [h.method, h.view.callback_id])).toEqual([
      ['views.open', CALLBACK_IDS.loadingModal],
      ['views.update', CALLBACK_IDS.newScheduleModal],
    ]);
    const blocks = modal.view.blocks as Array<Record<string, any>>;
    expect(blocks.find((b) => b.block_id === B.title)?.element.initial_value).toBe('Intro call');
    const options = availabilityOptions(modal);
    expect(options.map(([label]) => label)).toEqual(['Working Hours', 'Custom weekly hours']);
    expect(options[1]?.[1]).toBe(CUSTOM_HOURS_VALUE);
    expect(JSON.parse(String(modal.view.private_metadata))).toEqual({ timeZone: 'America/New_York', channelId: 'C0GENERAL' });
    workingHours = { value: options[0]![1], label: options[0]![0] };
  });

  it('opens from the empty command too, and from the App Home button (no channel to remember)', async () => {
    const fromEmpty = await (async () => {
      const before = stack.slack.views.length;
      await slash(stack, 'U0ALICE', '');
      return modalShowing(stack, before, CALLBACK_IDS.newScheduleModal);
    })();
    const title = (fromEmpty.view.blocks as Array<Record<string, any>>).find((b) => b.block_id === B.title);
    expect(title?.element.initial_value).toBeUndefined();

    const before = stack.slack.views.length;
    await homeButton(stack, 'U0ALICE', 'open_new_schedule');
    const fromHome = await modalShowing(stack, before, CALLBACK_IDS.newScheduleModal);
    expect(JSON.parse(String(fromHome.view.private_metadata))).toEqual({ timeZone: 'America/New_York' });
  });

  it('tells a user without Zoom in the modal and sends the connect button', async () => {
    const before = stack.slack.views.length;
    const { responses } = await slash(stack, 'U0BOB', 'new');
    const reply = await stack.waitFor(() => responses()[0], 'the connect button');
    expect(textOf(reply.body.blocks)).toContain('connect_zoom');
    const modal = stack.slack.views[before]!;
    expect(modal.history.map((h) => h.view.callback_id)).toEqual([CALLBACK_IDS.loadingModal, CALLBACK_IDS.loadingModal]);
    expect(modalSentence(modal)).toContain("Zoom isn't connected for you yet");
  });
});

describe('new_schedule_modal submission', () => {
  it('creates the schedule in Zoom and posts its booking link in the chosen channel', async () => {
    const { modal, ack } = await submit({
      title: 'Partner intro',
      duration: '45',
      availability: workingHours,
      meetingType: 'zoomPhone',
      description: 'Meet the partnerships team.',
      channel: 'C0SALES',
    });
    expect(ack?.response_action).toBe('update');

    const posted = await stack.waitFor(
      () => stack.slack.messagesIn('C0SALES').find((m) => m.text?.includes('Partner intro')),
      'the booking link in #sales',
    );
    const created = (await schedulesOf(stack)).find((s) => s.title === 'Partner intro');
    expect(created).toMatchObject({ durationMinutes: 45 });
    expect(posted.text).toContain(created!.url);
    expect(posted.text).toContain('<@U0ALICE>');

    const zoom = await zoomSchedule(stack, created!.id);
    expect(zoom.summary).toBe('Partner intro');
    expect(zoom.duration).toBe(45);
    expect(zoom.capacity).toBe(1);
    expect(zoom.add_on_type).toBe('zoomPhone');
    expect(zoom.description).toBe('Meet the partnerships team.');
    expect(zoom.availability_override).toBe(false);
    expect(zoom.availability_rules).toEqual([{ use_custom: false, availability_id: workingHours.value }]);

    const done = await stack.waitFor(
      () => (modalSentence(stack.slack.views.find((v) => v.id === modal.id)!).includes('posted in #sales') ? true : undefined),
      'the modal to say where the link went',
    );
    expect(done).toBe(true);
    const home = await stack.waitFor(
      () => stack.slack.views.find((v) => v.type === 'home' && v.userId === 'U0ALICE' && textOf(v.view).includes('Partner intro')),
      'App Home republished with the new schedule',
    );
    expect(home.history.length).toBeGreaterThan(0);
  });

  it('creates custom weekly hours in the user’s zone, in person at a location, and offers the link privately', async () => {
    const { ack } = await submit({
      title: 'Studio visit',
      duration: '90',
      availability: { value: CUSTOM_HOURS_VALUE, label: 'Custom weekly hours' },
      customHours: 'Tue 10:00-12:00, 13:00-15:00\nSat 09:00-11:00',
      meetingType: 'offline',
      location: 'Studio 2, Main St',
      channel: null,
    });
    expect(ack?.response_action).toBe('update');
    const offer = await stack.waitFor(
      () => stack.slack.ephemerals.find((e) => e.user === 'U0ALICE' && e.text?.includes('Studio visit')),
      'the private offer where the command ran',
    );
    expect(offer.channel).toBe('C0GENERAL');
    const created = (await schedulesOf(stack)).find((s) => s.title === 'Studio visit')!;
    expect(buttonValues(offer.blocks, 'post_link')).toEqual([created.id]);
    expect(buttonValues(offer.blocks, 'copy_url')).toEqual([created.id]);

    const zoom = await zoomSchedule(stack, created.id);
    expect(zoom.add_on_type).toBe('offline');
    expect(zoom.location).toBe('Studio 2, Main St');
    expect(zoom.availability_override).toBe(true);
    expect(zoom.availability_rules).toEqual([
      {
        use_custom: true,
        time_zone: 'America/New_York',
        segments_recurrence: {
          tue: [
            { start: '10:00', end: '12:00' },
            { start: '13:00', end: '15:00' },
          ],
          sat: [{ start: '09:00', end: '11:00' }],
        },
      },
    ]);
  });

  const invalid: Array<[string, FormEntries, string, RegExp]> = [
    ['a duration of 10', { title: 'Short', duration: '10' }, B.duration, /15 to 1440/],
    ['a duration of 2000', { title: 'Long', duration: '2000' }, B.duration, /2000 is outside/],
    ['an empty title', { title: '' }, B.title, /title/],
    ['reversed custom hours', { title: 'Odd', customHours: 'Mon 17:00-09:00' }, B.customHours, /Mon/],
    ['overlapping custom hours', { title: 'Odd', customHours: 'Mon 09:00-12:00, 11:00-13:00' }, B.customHours, /overlap/i],
    ['in person without a location', { title: 'Visit', meetingType: 'offline' }, B.location, /where to meet/],
    [
      'a private channel without the bot',
      { title: 'Secret', channel: 'G0SECRET' },
      B.postChannel,
      /invite me with \/invite @zoom-scheduler/,
    ],
  ];
  it.each(invalid)('answers %s inline on the field, creating nothing', async (_name, entries, blockId, sentence) => {
    const countBefore = (await schedulesOf(stack)).length;
    const withDefaults: FormEntries = {
      availability: entries.customHours ? { value: CUSTOM_HOURS_VALUE, label: 'Custom weekly hours' } : workingHours,
      ...entries,
    };
    const { modal, ack } = await submit(withDefaults);
    expect(ack?.response_action).toBe('errors');
    const errors = ack?.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual([blockId]);
    expect(errors[blockId]).toMatch(sentence);
    expect((await schedulesOf(stack)).length).toBe(countBefore);
    expect(stack.slack.views.find((v) => v.id === modal.id)?.view.callback_id).toBe(CALLBACK_IDS.newScheduleModal);
  });

  it('accepts a private channel the bot is in and posts there', async () => {
    const { ack } = await submit({ title: 'Team retro', availability: workingHours, channel: 'G0TEAM' });
    expect(ack?.response_action).toBe('update');
    await stack.waitFor(
      () => stack.slack.messagesIn('G0TEAM').find((m) => m.text?.includes('Team retro')),
      'the link in the private channel',
    );
  });

  it('turns a Zoom 500 into a sentence, keeps what was entered in a DM, and keeps serving', async () => {
    stack.zoom.faults.enqueue({ method: 'POST', path: /\/scheduler\/schedules$/, status: 500, times: 3 });
    const { modal, ack } = await submit({
      title: 'Doomed demo',
      duration: '25',
      availability: workingHours,
      description: 'Keep this text',
      channel: 'C0SALES',
    });
    expect(ack?.response_action).toBe('update');
    const dm = await stack.waitFor(
      () => stack.slack.messagesIn(stack.slack.dmChannelId('U0ALICE')).find((m) => m.text?.includes('Doomed demo')),
      'the failure DM',
    );
    const dmText = textOf(dm.blocks);
    expect(dmText).toContain("Zoom isn't answering right now");
    expect(dmText).toContain('Keep this text');
    expect(dmText).toContain('25 min');
    expect(dmText).toContain('Working Hours');
    await stack.waitFor(
      () => modalSentence(stack.slack.views.find((v) => v.id === modal.id)!).includes("Zoom isn't answering"),
      'the modal to show the sentence',
    );
    expect(stack.slack.messagesIn('C0SALES').some((m) => m.text?.includes('Doomed demo'))).toBe(false);
    expect((await schedulesOf(stack)).some((s) => s.title === 'Doomed demo')).toBe(false);
    stack.zoom.faults.clear();

    const again = await submit({ title: 'Recovered demo', availability: workingHours, channel: 'C0SALES' });
    expect(again.ack?.response_action).toBe('update');
    await stack.waitFor(() => stack.slack.messagesIn('C0SALES').find((m) => m.text?.includes('Recovered demo')), 'the next creation');
  });
});
