import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import type { FakeView } from '../../../../dev/fake-slack';
import { addLocalDays, localDate, localDateTimeIso, nextDigestInstant } from '../../../../src/time';
import { zoomAs } from '../e2e-helpers';

let stack: LocalStack;

const ZONE = 'America/New_York';

beforeAll(async () => {
  stack = await startLocalStack();
  await stack.connectZoom('U0ALICE');
  await stack.app.store.upsertDigestSubscription({
    teamId: stack.teamId,
    slackUserId: 'U0ALICE',
    localTime: '08:30',
    timeZone: ZONE,
    channelId: 'C0SALES',
  });
  await stack.app.store.setNotifyChannel(stack.teamId, 'U0ALICE', 'C0GENERAL');
});

/** Early morning in New York `days` from today: clear of the seeded bookings, which sit in working hours. */
function earlyMorningIn(days: number, time: string): string {
  return localDateTimeIso(addLocalDays(localDate(Date.now(), ZONE), days), time, ZONE);
}
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
  stack.zoom.faults.clear();
});

const homeOf = (userId: string) => stack.slack.views.find((v) => v.type === 'home' && v.userId === userId);

/** Sends app_home_opened and waits for the next publish of that user's Home. */
async function openHome(userId: string): Promise<FakeView> {
  const versionsBefore = homeOf(userId)?.history.length ?? 0;
  const sent = await stack.event({ type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home' });
  expect(sent.status).toBe(200);
  return stack.waitFor(() => {
    const home = homeOf(userId);
    return home && home.history.length > versionsBefore ? home : undefined;
  }, `the Home of ${userId}`);
}

const blocksText = (view: FakeView) => JSON.stringify(view.view.blocks);

describe('App Home', () => {
  it('shows the connection, the next bookings, the schedules with share buttons and the settings', async () => {
    const zoom = zoomAs(stack);
    const schedules = (await zoom.listSchedules()).items;
    const intro = schedules.find((s) => s.summary === '30 Minute Meeting');
    const office = schedules.find((s) => s.summary === 'Office Hours');
    if (!intro || !office) throw new Error('the seeded schedules are missing');
    const startMs = Date.parse(earlyMorningIn(2, '05:15'));
    const booking = await stack.zoom.book({
      scheduleId: intro.schedule_id,
      startTime: earlyMorningIn(2, '05:15'),
      invitee: { email: 'dana@example.com', firstName: 'Dana', lastName: 'Home' },
    });
    const farAway = await stack.zoom.book({
      scheduleId: intro.schedule_id,
      startTime: earlyMorningIn(9, '05:15'),
      invitee: { email: 'later@example.com', firstName: 'Late', lastName: 'Comer' },
    });
    const cancelled = await stack.zoom.book({
      scheduleId: intro.schedule_id,
      startTime: earlyMorningIn(3, '05:45'),
      invitee: { email: 'gone@example.com', firstName: 'Gone', lastName: 'Away' },
    });
    await stack.zoom.cancelEvent(cancelled.event_id, { canceler: 'invitee' });

    const home = await openHome('U0ALICE');
    expect(home.view.type).toBe('home');
    const text = blocksText(home);
    expect(text).toContain('Connected to Zoom as *Alex Rivera (alex.rivera@example.com)*');
    expect(text).toContain('"action_id":"open_availability"');

    expect(text).toContain('with Dana Home (dana@example.com)');
    expect(text).toContain(`<!date^${Math.floor(startMs / 1000)}^`);
    expect(text).not.toContain(`<!date^${Math.floor(Date.parse(String(farAway.start_date_time)) / 1000)}^`);
    expect(text).not.toContain('gone@example.com');
    expect(booking.status).toBe('confirmed');

    for (const schedule of [intro, office]) {
      expect(text).toContain(schedule.summary!);
      expect(text).toContain(`"action_id":"share_schedule"`);
      expect(text).toContain(`"value":"${schedule.schedule_id}"`);
    }

    const next = nextDigestInstant({ nowMs: Date.now(), zone: ZONE, time: '08:30' });
    expect(text).toContain('Daily digest at *08:30* (America/New_York) to <#C0SALES>');
    expect(text).toContain(`next <!date^${Math.floor(next / 1000)}^`);
    expect(text).toContain('New and cancelled bookings go to <#C0GENERAL>');
  });

  it('ignores the Messages tab', async () => {
    const versionsBefore = homeOf('U0ALICE')?.history.length ?? 0;
    const publishesBefore = stack.slack.calls.filter((c) => c.method === 'views.publish').length;
    await stack.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0HOME', tab: 'messages' });
    // The Home tab is then opened: only that one publish may appear.
    await openHome('U0ALICE');
    expect(homeOf('U0ALICE')?.history.length).toBe(versionsBefore + 1);
    expect(stack.slack.calls.filter((c) => c.method === 'views.publish').length).toBe(publishesBefore + 1);
  });

  it('offers a user without Zoom the connect button with a fresh authorize URL', async () => {
    const home = await openHome('U0BOB');
    const text = blocksText(home);
    expect(text).toContain('"action_id":"connect_zoom"');
    expect(text).toContain(`${stack.zoom.oauthBaseUrl}/oauth/authorize?`);
    expect(text).toContain('state=');
    expect(text).not.toContain('Next bookings');
  });

  it('still publishes, with a line saying Zoom is unavailable, when Zoom answers 500', async () => {
    stack.zoom.faults.enqueue({ path: /\/scheduler\/(events|schedules)/, status: 500, times: 20 });
    const home = await openHome('U0ALICE');
    const text = blocksText(home);
    expect(text).toContain('Zoom is unavailable right now');
    expect(text).toContain("Zoom isn't answering right now.");
    expect(text).toContain('Connected to Zoom as');
    expect(text).toContain('Daily digest at *08:30*');
    expect(text).not.toContain('Next bookings');
  });

  // Last: it deactivates a seeded schedule.
  it('shows the schedules `list` shows and no other: a deactivated schedule is in neither', async () => {
    const zoom = zoomAs(stack);
    const office = (await zoom.listSchedules()).items.find((s) => s.summary === 'Office Hours');
    if (!office) throw new Error('the seeded schedules are missing');
    await zoom.updateSchedule(office.schedule_id, { active: false });

    const { reply } = await stack.command('U0ALICE', 'list');
    const listed = JSON.stringify(reply);
    expect(listed).toContain('30 Minute Meeting');
    expect(listed).not.toContain('Office Hours');

    // Office Hours still shows among the next bookings; the schedules section is what `list` must agree with.
    const text = blocksText(await openHome('U0ALICE'));
    expect(text).toMatch(/\*30 Minute Meeting\* · \d+ min/);
    expect(text).not.toMatch(/\*Office Hours\* · \d+ min/);
    expect(text).not.toContain(`"value":"${office.schedule_id}"`);
  });
});
