/**
 * The main flows end to end under BOTH Zoom mock profiles: `spec` answers as Zoom's published spec says, `live`
 * as live Zoom was observed to (nested or XML error bodies, a refused availability reference, lookups by id that
 * ignore `user_id`; zoom-live.md §B). The product must work either way. One stack per profile, the flows in order.
 */
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../dev/local-stack';
import type { FakeView } from '../dev/fake-slack';
import { submittedValues } from '../dev/view-state';
import { CUSTOM_HOURS_VALUE, weekdayHoursBlockId } from '../src/slack/command/ids';
import { signZoomWebhook, type ZoomSchedulerApi } from '../src/zoom';
import type { MockProfile } from '../src/zoom/mock';
import { HOURS_COPIED_SENTENCE } from '../src/slack/flows/new-schedule';
import { commandOpeningModal, newModal, zoomAs } from './slack/listeners/e2e-helpers';
import { newScheduleValues, openNewScheduleModal, slash, textOf } from './slack/listeners/schedules/helpers';

jest.setTimeout(60_000);

const ALICE = 'U0ALICE';

describe.each<MockProfile>(['spec', 'live'])('the main flows against the %s Zoom profile', (profile) => {
  let stack: LocalStack;
  let zoom: ZoomSchedulerApi;
  let workingHoursId: string;

  beforeAll(async () => {
    stack = await startLocalStack({ zoomProfile: profile });
    zoom = zoomAs(stack);
  });
  afterAll(() => stack.stop());
  afterEach(() => {
    expect(stack.slack.violations).toEqual([]);
    expect(stack.zoom.violations).toEqual([]);
  });

  const dms = () => stack.slack.messagesIn(stack.slack.dmChannelId(ALICE));
  const settleWebhooks = () => stack.app.services.zoomWebhooks.idle();

  async function modalSaying(view: FakeView, words: string): Promise<string> {
    return stack.waitFor(() => {
      const text = textOf(stack.slack.views.find((v) => v.id === view.id)?.view.blocks);
      return text.includes(words) ? text : undefined;
    }, `the modal to say “${words}”`);
  }

  async function signedWebhook(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
    const secretToken = stack.app.services.zoom.webhookSecretToken;
    if (!secretToken) throw new Error('the local stack configures a webhook secret');
    const rawBody = JSON.stringify(body);
    const response = await fetch(`${stack.baseUrl}/zoom/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zm-request-id': randomUUID(),
        ...signZoomWebhook({ secretToken, rawBody, timestampSeconds: Date.now() / 1000 }),
      },
      body: rawBody,
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('connect: the callback page, the stored connection and the DM', async () => {
    const page = await stack.connectZoom(ALICE);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Zoom is connected</h1>');
    expect(await stack.app.store.getZoomConnection(stack.teamId, ALICE)).toMatchObject({ zoomUserId: stack.zoom.defaultUser.id });
    await stack.waitFor(() => dms().find((m) => m.text?.endsWith('is connected.')), 'the connect DM');
    const status = await stack.command(ALICE, 'status');
    expect(textOf(status.reply.body)).toContain('Connected to Zoom as');
    const seeded = (await zoom.listAvailability()).items.find((a) => a.name === 'Working Hours');
    workingHoursId = seeded!.availability_id;
  });

  it('new schedule with a saved availability: linked on spec Zoom, its hours copied in (and said so) on live Zoom', async () => {
    const modal = await openNewScheduleModal(stack, ALICE);
    const values = newScheduleValues({
      title: 'Partner intro',
      availability: { value: workingHoursId, label: 'Working Hours' },
      channel: 'C0SALES',
    });
    expect((await stack.submitView(ALICE, modal, values))?.response_action).toBe('update');
    const sentence = await modalSaying(modal, 'posted in #sales');
    const posted = await stack.waitFor(
      () => stack.slack.messagesIn('C0SALES').find((m) => m.text?.includes('Partner intro')),
      'the link in #sales',
    );
    const created = (await zoom.listSchedules({ page_size: 100 })).items.find((s) => s.summary === 'Partner intro')!;
    expect(posted.text).toContain(created.scheduling_url);
    const record = await zoom.getSchedule(created.schedule_id);
    if (profile === 'spec') {
      expect(sentence).not.toContain(HOURS_COPIED_SENTENCE);
      expect(record.availability_rules).toEqual([{ use_custom: false, availability_id: workingHoursId }]);
    } else {
      expect(sentence).toContain(HOURS_COPIED_SENTENCE);
      expect(record.availability_override).toBe(true);
      expect(record.segments_recurrence?.mon).toEqual([{ start: '09:00', end: '17:00' }]);
    }
  });

  it('new schedule with custom weekly hours, offered privately', async () => {
    const modal = await openNewScheduleModal(stack, ALICE);
    const values = newScheduleValues({
      title: 'Studio visit',
      availability: { value: CUSTOM_HOURS_VALUE, label: 'Custom weekly hours' },
      customHours: 'Tue 10:00-12:00',
      channel: null,
    });
    expect((await stack.submitView(ALICE, modal, values))?.response_action).toBe('update');
    const sentence = await modalSaying(modal, 'Created');
    expect(sentence).not.toContain(HOURS_COPIED_SENTENCE);
    expect((await zoom.listSchedules({ page_size: 100 })).items.some((s) => s.summary === 'Studio visit')).toBe(true);
  });

  it('list, link and share find the schedules by title', async () => {
    const list = await stack.command(ALICE, 'list');
    expect(textOf(list.reply.body)).toContain('Partner intro');
    expect(textOf(list.reply.body)).toContain('Studio visit');

    const before = stack.slack.messagesIn('C0SALES').length;
    await slash(stack, ALICE, 'link Studio visit', 'C0SALES');
    const single = await stack.waitFor(
      () =>
        stack.slack
          .messagesIn('C0SALES')
          .slice(before)
          .find((m) => m.text?.includes('Studio visit')),
      'the single-use link',
    );
    expect(JSON.stringify(single)).toMatch(/one booking only/);

    const shareBefore = stack.slack.messagesIn('C0SALES').length;
    await slash(stack, ALICE, 'share Partner intro', 'C0SALES');
    const partner = (await zoom.listSchedules({ page_size: 100 })).items.find((s) => s.summary === 'Partner intro')!;
    const shared = await stack.waitFor(
      () =>
        stack.slack
          .messagesIn('C0SALES')
          .slice(shareBefore)
          .find((m) => m.text?.includes('Partner intro')),
      'the shared URL',
    );
    expect(JSON.stringify(shared)).toContain(partner.scheduling_url);
  });

  it('a booking arrives by webhook, shows in events, and an unknown or routing-form event is acknowledged and ignored', async () => {
    const partner = (await zoom.listSchedules({ page_size: 100 })).items.find((s) => s.summary === 'Partner intro')!;
    const dmsBefore = dms().length;
    await stack.zoom.book({
      scheduleId: partner.schedule_id,
      invitee: { email: 'dana@example.com', firstName: 'Dana', lastName: 'Scully' },
    });
    await settleWebhooks();
    const announced = await stack.waitFor(
      () => [...dms().slice(dmsBefore), ...stack.slack.messagesIn('C0SALES')].find((m) => m.text?.includes('Dana Scully')),
      'the new-booking announcement',
    );
    expect(announced.text).toContain('Partner intro');

    const events = await stack.command(ALICE, 'events week');
    expect(textOf(events.reply.body)).toContain('Dana Scully');

    const messagesBefore = stack.slack.messages.length;
    for (const event of ['scheduler.routing_form_submission_created', 'scheduler.something_new_in_2027']) {
      const answer = await signedWebhook({
        event,
        event_ts: Date.now(),
        payload: { account_id: stack.zoom.accountId, object: { id: 'x' } },
      });
      expect(answer).toEqual({ status: 200, json: { status: 'ignored' } });
    }
    await settleWebhooks();
    expect(stack.slack.messages.length).toBe(messagesBefore);
  });

  it('availability: the modal saves weekly hours in Zoom', async () => {
    const before = stack.slack.views.length;
    expect((await commandOpeningModal(stack, ALICE, 'availability')).status).toBe(200);
    const view = await newModal(stack, before, 2);
    const dmsBefore = dms().length;
    const ack = await stack.submitView(ALICE, view, submittedValues(view.view, { [weekdayHoursBlockId('wed')]: '08:00-12:00' }));
    expect(ack).toBeUndefined();
    await stack.waitFor(
      () =>
        dms()
          .slice(dmsBefore)
          .find((m) => m.text?.includes('Saved your availability')),
      'the saved DM',
    );
    const saved = await zoom.getAvailability(workingHoursId);
    expect(saved.segments_recurrence?.wed).toEqual([{ start: '08:00', end: '12:00' }]);
  });

  it('analytics and the digest show the booking', async () => {
    const analytics = await stack.command(ALICE, 'analytics 7');
    expect(textOf(analytics.reply.body)).toMatch(/Booked: \d+ vs \d+/);

    const dmsBefore = dms().length;
    await stack.command(ALICE, 'digest now');
    const digest = await stack.waitFor(
      () =>
        dms()
          .slice(dmsBefore)
          .find((m) => m.text?.startsWith('Your Zoom Scheduler digest')),
      'the digest DM',
    );
    expect(JSON.stringify(digest.blocks)).toMatch(/Booked/);
  });
});
