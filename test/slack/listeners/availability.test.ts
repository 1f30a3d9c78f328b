import { DEFAULT_USERS, startLocalStack, type LocalStack } from '../../../dev/local-stack';
import type { FakeView } from '../../../dev/fake-slack';
import { submittedValues } from '../../../dev/view-state';
import { AVAILABILITY_BLOCKS, NEW_AVAILABILITY_VALUE, weekdayHoursBlockId } from '../../../src/slack/command/ids';
import type { ZoomSchedulerApi } from '../../../src/zoom';
import { actionInView, commandOpeningModal, inputElement, newModal, viewWithVersions, zoomAs } from './e2e-helpers';

// Alice's Slack zone differs from the seeded availability's (America/New_York), so each is seen where it belongs.
const ALICE = { id: 'U0ALICE', name: 'alice', tz: 'Asia/Tokyo' };

let stack: LocalStack;
let zoom: ZoomSchedulerApi;
let workingHoursId: string;

beforeAll(async () => {
  stack = await startLocalStack({ users: [ALICE, ...DEFAULT_USERS.filter((u) => u.id !== ALICE.id)] });
  await stack.connectZoom(ALICE.id);
  zoom = zoomAs(stack);
  const seeded = (await zoom.listAvailability()).items.find((a) => a.name === 'Working Hours');
  if (!seeded) throw new Error('the mock has no seeded Working Hours');
  workingHoursId = seeded.availability_id;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const text = (view: FakeView, blockId: string) => inputElement(view.view, blockId).initial_value;

async function openModal(userId = ALICE.id): Promise<FakeView> {
  const before = stack.slack.views.length;
  const { status } = await commandOpeningModal(stack, userId, 'availability');
  expect(status).toBe(200);
  return newModal(stack, before, 2);
}

async function pick(view: FakeView, value: string): Promise<FakeView> {
  const versions = view.history.length;
  expect(
    await actionInView(stack, ALICE.id, view, {
      actionId: 'pick_availability',
      blockId: AVAILABILITY_BLOCKS.picker,
      selectedOptionValue: value,
    }),
  ).toBe(200);
  return viewWithVersions(stack, view, versions + 1);
}

function dmsTo(userId: string) {
  return stack.slack.messagesIn(stack.slack.dmChannelId(userId));
}

async function submit(view: FakeView, typed: Record<string, string>) {
  return stack.submitView(ALICE.id, view, submittedValues(view.view, typed));
}

function availabilityPatches(): number {
  return stack.zoom.stats.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/availability/')).length;
}

describe('availability modal', () => {
  it('opens with a loading view at once, then the default availability in its own zone', async () => {
    const view = await openModal();
    expect(view.history[0]?.method).toBe('views.open');
    expect(view.history[0]?.view.callback_id).toBe('loading_modal');
    expect(view.history[1]?.method).toBe('views.update');
    expect(view.view.callback_id).toBe('availability_modal');
    expect(text(view, AVAILABILITY_BLOCKS.name)).toBe('Working Hours');
    expect(text(view, AVAILABILITY_BLOCKS.timeZone)).toBe('America/New_York');
    expect(text(view, weekdayHoursBlockId('mon'))).toBe('09:00-17:00');
    expect(text(view, weekdayHoursBlockId('fri'))).toBe('09:00-17:00');
    expect(text(view, weekdayHoursBlockId('sat'))).toBe('off');
    expect(JSON.parse(String(view.view.private_metadata))).toEqual({ availabilityId: workingHoursId });
    const picker = (view.view.blocks as Array<Record<string, unknown>>)[0] as { elements: Array<Record<string, any>> };
    expect(picker.elements[0]?.initial_option?.value).toBe(workingHoursId);
  });

  it("reloads with a blank draft in the user's Slack zone, and back with the chosen availability", async () => {
    const view = await openModal();
    const nameActionBefore = inputElement(view.view, AVAILABILITY_BLOCKS.name).action_id;

    await pick(view, NEW_AVAILABILITY_VALUE);
    expect(text(view, AVAILABILITY_BLOCKS.name)).toBeUndefined();
    expect(text(view, AVAILABILITY_BLOCKS.timeZone)).toBe('Asia/Tokyo');
    expect(text(view, weekdayHoursBlockId('mon'))).toBe('off');
    expect(JSON.parse(String(view.view.private_metadata))).toEqual({});
    // New action ids make Slack show the new initial values instead of what was typed.
    expect(inputElement(view.view, AVAILABILITY_BLOCKS.name).action_id).not.toBe(nameActionBefore);

    await pick(view, workingHoursId);
    expect(text(view, AVAILABILITY_BLOCKS.name)).toBe('Working Hours');
    expect(text(view, AVAILABILITY_BLOCKS.timeZone)).toBe('America/New_York');
  });

  it('saves weekly hours and date overrides in Zoom, confirms by DM and republishes the Home', async () => {
    const view = await openModal();
    const dmsBefore = dmsTo(ALICE.id).length;
    const homeVersions = () => stack.slack.views.find((v) => v.type === 'home' && v.userId === ALICE.id)?.history.length ?? 0;
    const homeVersionsBefore = homeVersions();
    const ack = await submit(view, {
      [weekdayHoursBlockId('mon')]: '13:00-18:00, 08:00-12:00',
      [weekdayHoursBlockId('fri')]: 'off',
      [weekdayHoursBlockId('sat')]: '10:00-12:00',
      [AVAILABILITY_BLOCKS.overrides]: '2026-12-24 10:00-14:00\n2026-07-03 09:00-11:00, 15:00-16:30',
    });
    expect(ack).toBeUndefined();

    const dm = await stack.waitFor(() => dmsTo(ALICE.id)[dmsBefore], 'the confirmation DM');
    expect(dm.text).toContain('Saved your availability *Working Hours* (America/New_York) in Zoom.');

    const saved = await zoom.getAvailability(workingHoursId);
    expect(saved.name).toBe('Working Hours');
    expect(saved.time_zone).toBe('America/New_York');
    expect(saved.default).toBe(true);
    expect(saved.segments_recurrence).toEqual({
      mon: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      tue: [{ start: '09:00', end: '17:00' }],
      wed: [{ start: '09:00', end: '17:00' }],
      thu: [{ start: '09:00', end: '17:00' }],
      fri: [],
      sat: [{ start: '10:00', end: '12:00' }],
      sun: [],
    });
    // Overrides are date-times in the availability's zone: daylight time in July, standard time in December.
    expect(saved.segments).toEqual([
      { start: '2026-07-03T09:00:00-04:00', end: '2026-07-03T11:00:00-04:00' },
      { start: '2026-07-03T15:00:00-04:00', end: '2026-07-03T16:30:00-04:00' },
      { start: '2026-12-24T10:00:00-05:00', end: '2026-12-24T14:00:00-05:00' },
    ]);

    await stack.waitFor(() => homeVersions() > homeVersionsBefore, 'the Home republished');

    // Reopening shows what was saved, overrides included.
    const reopened = await openModal();
    expect(text(reopened, weekdayHoursBlockId('mon'))).toBe('08:00-12:00, 13:00-18:00');
    expect(text(reopened, AVAILABILITY_BLOCKS.overrides)).toBe('2026-07-03 09:00-11:00, 15:00-16:30\n2026-12-24 10:00-14:00');
  });

  it('creates a new availability from the blank draft', async () => {
    const view = await pick(await openModal(), NEW_AVAILABILITY_VALUE);
    const ack = await submit(view, {
      [AVAILABILITY_BLOCKS.name]: 'Weekend clinic',
      [AVAILABILITY_BLOCKS.timeZone]: 'europe/paris',
      [weekdayHoursBlockId('sat')]: '10:00-14:00',
      [weekdayHoursBlockId('sun')]: '11:00-13:00',
    });
    expect(ack).toBeUndefined();
    const created = await stack.waitFor(
      async () => (await zoom.listAvailability()).items.find((a) => a.name === 'Weekend clinic'),
      'the new availability in Zoom',
    );
    expect(created.time_zone).toBe('Europe/Paris');
    expect(created.default).toBe(false);
    expect(created.segments_recurrence).toEqual({
      mon: [],
      tue: [],
      wed: [],
      thu: [],
      fri: [],
      sat: [{ start: '10:00', end: '14:00' }],
      sun: [{ start: '11:00', end: '13:00' }],
    });
    expect(created.segments).toEqual([]);
  });

  it.each([
    ['overlapping intervals', weekdayHoursBlockId('tue'), '09:00-12:00, 11:00-13:00', 'Tuesday: 09:00-12:00 and 11:00-13:00 overlap.'],
    ['a reversed interval', weekdayHoursBlockId('wed'), '17:00-09:00', 'Wednesday: 17:00-09:00 ends before it starts.'],
    [
      'an unknown time zone',
      AVAILABILITY_BLOCKS.timeZone,
      'Mars/Olympus_Mons',
      '“Mars/Olympus_Mons” is not a known time zone; use an IANA name like Europe/Paris.',
    ],
    ['an empty name', AVAILABILITY_BLOCKS.name, '', 'Give this availability a name, e.g. Working hours.'],
    [
      'a bad override line',
      AVAILABILITY_BLOCKS.overrides,
      'christmas 10:00-12:00',
      'Line 1: “christmas” is not a date; write YYYY-MM-DD, e.g. 2026-12-24 10:00-14:00.',
    ],
    [
      'a day-off override Zoom cannot store',
      AVAILABILITY_BLOCKS.overrides,
      '2026-12-25 off',
      "Zoom can't store a whole date as off (2026-12-25); give hours for that date or remove the line.",
    ],
  ])('answers %s inline on the field and saves nothing', async (_kind, blockId, typed, sentence) => {
    const view = await openModal();
    const patchesBefore = availabilityPatches();
    const ack = await submit(view, { [blockId]: typed });
    expect(ack).toEqual({ response_action: 'errors', errors: { [blockId]: sentence } });
    expect(availabilityPatches()).toBe(patchesBefore);
  });

  it('tells the user in a DM when Zoom fails to save', async () => {
    const view = await openModal();
    const dmsBefore = dmsTo(ALICE.id).length;
    stack.zoom.faults.enqueue({ method: 'PATCH', path: /\/availability\//, status: 500, times: 5 });
    expect(await submit(view, { [AVAILABILITY_BLOCKS.name]: 'Working Hours' })).toBeUndefined();
    const dm = await stack.waitFor(() => dmsTo(ALICE.id)[dmsBefore], 'the failure DM');
    expect(dm.text).toBe("Zoom isn't answering right now. Please try again in a minute.");
    stack.zoom.faults.clear();
  });

  it('opens from the App Home button', async () => {
    const before = stack.slack.views.length;
    const home = { id: 'VHOME', hash: 'h', type: 'home' as const, view: { type: 'home', blocks: [] }, history: [] };
    expect(await actionInView(stack, ALICE.id, home, { actionId: 'open_availability' })).toBe(200);
    const view = await newModal(stack, before, 2);
    expect(view.view.callback_id).toBe('availability_modal');
  });

  it('shows a user without Zoom the sentence in the modal and a connect button', async () => {
    const before = stack.slack.views.length;
    const { responseId } = await commandOpeningModal(stack, 'U0BOB', 'availability');
    const view = await newModal(stack, before, 2);
    expect(JSON.stringify(view.view.blocks)).toContain('Connect your Zoom account first.');
    const reply = await stack.waitFor(() => stack.slack.responses.find((r) => r.id === responseId), 'the connect answer');
    expect(JSON.stringify(reply.body.blocks)).toContain('"action_id":"connect_zoom"');
  });
});
