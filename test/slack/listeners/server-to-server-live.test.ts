/**
 * Server-to-Server mode against live-like Zoom (zoom-live.md §B4): lookups by id ignore `user_id` and find only
 * the token owner's items. Reads still work (the client finds by list with `user_id`); a write by id that cannot
 * work in this mode is answered with one sentence that says so, not "it may have been deleted".
 */
import { DEFAULT_USERS, startLocalStack, type LocalStack } from '../../../dev/local-stack';
import { submittedValues } from '../../../dev/view-state';
import { AVAILABILITY_BLOCKS, weekdayHoursBlockId } from '../../../src/slack/command/ids';
import { startZoomMock, type ZoomMock } from '../../../src/zoom/mock';
import { commandOpeningModal, inputElement, newModal, zoomAs } from './e2e-helpers';

jest.setTimeout(30_000);

const BOB = 'U0BOB';

describe('Server-to-Server mode on live Zoom', () => {
  let zoom: ZoomMock;
  let stack: LocalStack;

  beforeAll(async () => {
    zoom = await startZoomMock({ host: '127.0.0.1', profile: 'live' });
    const bob = zoom.addUser({ email: 'bob.stone@example.com', displayName: 'Bob Stone' });
    stack = await startLocalStack({
      zoomMock: zoom,
      env: { ZOOM_ACCOUNT_ID: zoom.accountId },
      users: [DEFAULT_USERS[0]!, { ...DEFAULT_USERS[1]!, email: 'bob.stone@example.com' }],
    });
    // Bob's own hours, made with his own token (as he would in Zoom), so the modal has something to edit.
    await zoomAs(stack, bob.id).createAvailability({
      name: 'Bob hours',
      time_zone: 'Europe/Berlin',
      segments_recurrence: { mon: [{ start: '09:00', end: '17:00' }] },
    });
    await zoomAs(stack, bob.id).createSchedule({
      summary: 'Bob office hours',
      duration: 30,
      capacity: 1,
      availability_override: true,
      availability_rules: [],
      time_zone: 'Europe/Berlin',
      segments_recurrence: { tue: [{ start: '10:00', end: '12:00' }] },
    });
    const linked = await stack.command(BOB, 'connect');
    expect(JSON.stringify(linked.reply.body)).toContain('is connected');
  });
  afterAll(async () => {
    await stack.stop();
    await zoom.close();
  });

  const dms = () => stack.slack.messagesIn(stack.slack.dmChannelId(BOB));

  it("reads another user's availability by list, and says plainly that saving it cannot work in this mode", async () => {
    const before = stack.slack.views.length;
    expect((await commandOpeningModal(stack, BOB, 'availability')).status).toBe(200);
    const view = await newModal(stack, before, 2);
    expect(view.view.callback_id).toBe('availability_modal');
    expect(inputElement(view.view, AVAILABILITY_BLOCKS.name).initial_value).toBe('Bob hours');

    const dmsBefore = dms().length;
    const ack = await stack.submitView(BOB, view, submittedValues(view.view, { [weekdayHoursBlockId('wed')]: '08:00-12:00' }));
    expect(ack).toBeUndefined();
    const answer = await stack.waitFor(() => dms()[dmsBefore], 'the answer by DM');
    expect(answer.text).toContain("Zoom doesn't let this app change your availability in Server-to-Server mode, so nothing was saved");
    expect(answer.text).not.toMatch(/deleted|Something went wrong/);
    const patches = zoom.stats.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/availability/'));
    expect(patches.map((r) => r.status)).toEqual([404]);
  });

  it('lists the linked user’s own schedules', async () => {
    const list = await stack.command(BOB, 'list');
    expect(list.reply.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(list.reply.body)).toContain('Bob office hours');
  });
});
