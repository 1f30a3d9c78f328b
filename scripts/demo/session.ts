import type { FakeView } from '../../dev/fake-slack';
import { buttonUrl } from '../../dev/local-stack';
import { renderModal, shortenUrl } from '../../dev/transcript';
import { submittedValues, type ViewStateValues } from '../../dev/view-state';
import { ACTION_IDS, CALLBACK_IDS, NEW_SCHEDULE_BLOCKS, weekdayHoursBlockId } from '../../src/slack/command/ids';
import type { DemoDriver } from './driver';
import { pageText } from './page-text';

const ALICE = 'U0ALICE';
const SALES = 'C0SALES';
const SCHEDULE_TITLE = 'Intro call';

type Json = Record<string, unknown>;

/** The scripted session: every step goes through the app's real HTTP endpoints. */
export async function playSession(demo: DemoDriver): Promise<void> {
  await connectZoom(demo);
  await showStatus(demo);
  await createSchedule(demo);
  const postedLink = await postSingleUseLink(demo);
  await editAvailability(demo);
  const { scheduleId, scheduleUrl } = await listSchedules(demo);
  await unfurlBookingPage(demo, scheduleUrl);
  await announceInSales(demo);
  const booked = await receiveBooking(demo, scheduleId, postedLink);
  await listEvents(demo);
  const movedEventId = await rescheduleBooking(demo, booked);
  await cancelBooking(demo, movedEventId);
  await showAnalytics(demo);
  await runDigest(demo);
  await openHome(demo);
}

const dmOf = (demo: DemoDriver, userId: string) => demo.stack.slack.dmChannelId(userId);
const messageCount = (demo: DemoDriver, channelId: string) => demo.stack.slack.messagesIn(channelId).length;

async function connectZoom(demo: DemoDriver): Promise<void> {
  demo.step('Connect Zoom');
  const { replies, shown } = await demo.command(ALICE, 'connect');
  demo.expectShown(shown, 'Connect Zoom', 'a Connect Zoom button');
  const authorizeUrl = buttonUrl(replies[0]?.blocks, ACTION_IDS.connectZoom);
  if (!authorizeUrl) demo.fail('the answer has no Connect Zoom button with a URL');

  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const callbackUrl = authorize.headers.get('location');
  if (!callbackUrl) demo.fail(`Zoom's authorize page did not redirect (HTTP ${authorize.status})`);
  demo.say(`\n▶ @alice clicks “Connect Zoom”: the browser opens Zoom (${shortenUrl(authorizeUrl)})`);
  demo.say(`  Zoom asks for consent, then sends the browser back to ${shortenUrl(callbackUrl)}`);

  const dmBefore = messageCount(demo, dmOf(demo, ALICE));
  const { shown: confirmation } = await demo.act(
    'The browser loads the callback page',
    async () => {
      const response = await fetch(callbackUrl, { redirect: 'manual' });
      const lines = pageText(await response.text());
      demo.say(`  Browser (HTTP ${response.status}):\n${lines.map((line) => `    ${line}`).join('\n')}`);
      if (response.status !== 200) demo.fail(`the callback page answered HTTP ${response.status}`);
    },
    { until: () => messageCount(demo, dmOf(demo, ALICE)) > dmBefore, what: 'the DM confirming the connection' },
  );
  demo.expectShown(confirmation, /connected/i, 'a DM confirming the connection');
}

async function showStatus(demo: DemoDriver): Promise<void> {
  demo.step('Who is connected');
  const { shown } = await demo.command(ALICE, 'status');
  demo.expectShown(shown, 'Connected to Zoom as', 'the connected Zoom account');
}

/**
 * The modal opened last that now shows this callback_id (a loading modal gets it with its views.update), as
 * the fake Slack holds it: id, hash and current view.
 */
function modalWith(demo: DemoDriver, callbackId: string) {
  return [...demo.stack.slack.views].reverse().find((v) => v.type === 'modal' && v.view.callback_id === callbackId);
}

async function createSchedule(demo: DemoDriver): Promise<void> {
  demo.step('Create a schedule in the modal');
  await demo.command(ALICE, `new ${SCHEDULE_TITLE}`, {
    channelId: SALES,
    until: () => modalWith(demo, CALLBACK_IDS.newScheduleModal) !== undefined,
    what: 'the new-schedule modal',
  });
  const modal = modalWith(demo, CALLBACK_IDS.newScheduleModal)!;
  const typed = {
    [NEW_SCHEDULE_BLOCKS.duration]: '30',
    [NEW_SCHEDULE_BLOCKS.description]: 'A first 30-minute call to get to know each other.',
  };
  const values = submittedValues(modal.view, typed);
  demo.say('\n▶ @alice fills in the modal (the other fields keep what is shown):');
  for (const [blockId, value] of Object.entries(typed)) demo.say(`  ${inputLabel(modal.view, blockId)}: ${value}`);
  const salesBefore = messageCount(demo, SALES);
  const { value: ack, shown } = await demo.act('@alice presses Create', () => submit(demo, modal, values), {
    until: () => messageCount(demo, SALES) > salesBefore,
    what: 'the booking link in #sales',
  });
  if (ack?.response_action === 'errors') demo.fail(`the modal refused the values: ${JSON.stringify(ack.errors)}`);
  demo.expectShown(shown, SCHEDULE_TITLE, 'the new schedule in #sales');
}

/** Returns the posted link: it carries the UTM parameters that attribute the booking to #sales. */
async function postSingleUseLink(demo: DemoDriver): Promise<string> {
  demo.step('Post a single-use booking link');
  const salesBefore = messageCount(demo, SALES);
  const { shown } = await demo.command(ALICE, `link ${SCHEDULE_TITLE}`, {
    channelId: SALES,
    until: () => messageCount(demo, SALES) > salesBefore,
    what: 'the single-use link in #sales',
  });
  demo.expectShown(shown, 'one booking only', 'a single-use link in #sales');
  demo.expectShown(shown, 'Next open:', 'the next open times under the button');
  const posted = demo.stack.slack.messagesIn(SALES).at(-1);
  const url = buttonUrl(posted?.blocks, ACTION_IDS.openBookingPage);
  if (!url?.includes('utm_source=slack')) demo.fail('the single-use link carries no UTM parameters');
  return url;
}

async function editAvailability(demo: DemoDriver): Promise<void> {
  demo.step('Edit availability (one invalid submission first)');
  await demo.command(ALICE, 'availability', {
    until: () => modalWith(demo, CALLBACK_IDS.availabilityModal) !== undefined,
    what: 'the availability modal',
  });
  const modal = modalWith(demo, CALLBACK_IDS.availabilityModal)!;
  const monday = weekdayHoursBlockId('mon');

  const overlapping = submittedValues(modal.view, { [monday]: '09:00-12:00, 11:00-13:00' });
  const { value: refused } = await demo.act('@alice types Monday “09:00-12:00, 11:00-13:00” and presses Save', () =>
    submit(demo, modal, overlapping),
  );
  if (refused?.response_action !== 'errors') demo.fail(`overlapping hours were accepted (${JSON.stringify(refused ?? 'empty ack')})`);
  const errors = refused.errors as Record<string, string>;
  if (!errors[monday]) demo.fail(`the error is not on the Monday field: ${JSON.stringify(errors)}`);

  const valid = submittedValues(modal.view, { [monday]: '09:00-12:00, 13:00-17:00' });
  const { value: accepted } = await demo.act('@alice corrects Monday to “09:00-12:00, 13:00-17:00” and presses Save', () =>
    submit(demo, modal, valid),
  );
  if (accepted?.response_action === 'errors') demo.fail(`valid hours were refused: ${JSON.stringify(accepted.errors)}`);
}

/** Submits a modal and prints what Slack does with the app's answer (close it, show errors, replace it). */
async function submit(demo: DemoDriver, modal: FakeView, values: ViewStateValues): Promise<Json | undefined> {
  const ack = await demo.stack.submitView(ALICE, modal, values);
  const action = ack?.response_action;
  if (ack === undefined || action === 'clear') {
    demo.say(action === 'clear' ? '  Slack closes every modal of this stack.' : '  Slack closes the modal.');
  } else if (action === 'errors') {
    demo.say('  Slack keeps the modal open and shows the error on the field:');
    demo.say(renderModal(modal.view, { values, errors: ack.errors as Record<string, string> }, demo.renderOptions, 'after submit'));
  } else if ((action === 'update' || action === 'push') && typeof ack.view === 'object' && ack.view !== null) {
    demo.say(renderModal(ack.view as Json, {}, demo.renderOptions, action === 'update' ? 'replaced' : 'pushed'));
  }
  return ack;
}

function inputLabel(view: Json, blockId: string): string {
  const block = (view.blocks as Json[]).find((b) => b.block_id === blockId);
  const label = (block?.label as { text?: string } | undefined)?.text;
  return label ?? blockId;
}

/** Lists the schedules and reads the id behind "Intro call"'s Post link button, and its booking page URL. */
async function listSchedules(demo: DemoDriver): Promise<{ scheduleId: string; scheduleUrl: string }> {
  demo.step('List schedules');
  const { replies, shown } = await demo.command(ALICE, 'list');
  demo.expectShown(shown, SCHEDULE_TITLE, 'the new schedule in the list');
  const blocks = (replies[0]?.blocks ?? []) as Json[];
  const at = blocks.findIndex((b) => JSON.stringify(b.text ?? '').includes(`*${SCHEDULE_TITLE}*`));
  const postLink = ((blocks[at + 1]?.elements ?? []) as Json[]).find((e) => e.action_id === ACTION_IDS.postLink);
  if (typeof postLink?.value !== 'string') demo.fail(`no Post link button for ${SCHEDULE_TITLE}`);
  const scheduleUrl = JSON.stringify(blocks[at]?.text ?? '').match(/https:\/\/scheduler\.zoom\.us\/[^\s|>"`*\\]+/)?.[0];
  if (!scheduleUrl) demo.fail(`no booking page URL for ${SCHEDULE_TITLE} in the list`);
  return { scheduleId: postLink.value, scheduleUrl };
}

/** @alice pastes her booking page in #general: Slack sends link_shared, the app answers with chat.unfurl. */
async function unfurlBookingPage(demo: DemoDriver, scheduleUrl: string): Promise<void> {
  demo.step('A pasted booking page unfurls');
  const unfurlsBefore = demo.stack.slack.unfurls.length;
  const { value: sent, shown } = await demo.act(
    `@alice pastes ${scheduleUrl} in #general; Slack sends link_shared to /slack/events`,
    () => demo.stack.event(demo.stack.slack.shareLinks({ channel: 'C0GENERAL', user: ALICE, urls: [scheduleUrl] })),
    { until: () => demo.stack.slack.unfurls.length > unfurlsBefore, what: 'the link preview' },
  );
  if (sent.status !== 200) demo.fail(`the app answered the event with HTTP ${sent.status}`);
  demo.expectShown(shown, 'hosted by @alice', 'the schedule, its length and host in the preview');
  demo.expectShown(shown, 'Next open:', 'the next open times in the preview');
}

async function announceInSales(demo: DemoDriver): Promise<void> {
  demo.step('Announce bookings in #sales');
  const { shown } = await demo.command(ALICE, `notify <#${SALES}|sales>`, { channelId: SALES, typed: 'notify #sales' });
  demo.expectShown(shown, '#sales', 'a confirmation naming #sales');
}

async function receiveBooking(demo: DemoDriver, scheduleId: string, pageUrl: string): Promise<{ id: string; start: string }> {
  demo.step('A booking arrives (Zoom webhook)');
  const salesBefore = messageCount(demo, SALES);
  const { value: event, shown } = await demo.act(
    'Dana Scully books “Intro call” from the link posted in #sales; Zoom posts scheduler.scheduled_event_created (with the link’s UTM tracking) to /zoom/webhooks',
    () =>
      demo.stack.zoom.book({
        scheduleId,
        pageUrl,
        invitee: { email: 'dana@example.com', firstName: 'Dana', lastName: 'Scully', timeZone: 'Europe/London' },
        answers: [{ question: 'What would you like to discuss?', answer: ['Pricing for 40 seats'] }],
      }),
    { until: () => messageCount(demo, SALES) > salesBefore, what: 'the booking notice in #sales' },
  );
  demo.expectShown(shown, 'New booking', 'the booking notice');
  demo.expectShown(shown, 'Booked from the link in', 'where the booking came from');
  return { id: event.event_id, start: event.start_date_time };
}

const bookingNotice = (demo: DemoDriver) =>
  demo.stack.slack
    .messagesIn(SALES)
    .find((m) => m.thread_ts === undefined && JSON.stringify(m.blocks ?? m.text).includes('Booked by Dana'));
const threadReplies = (demo: DemoDriver, ts: string) => demo.stack.slack.messagesIn(SALES).filter((m) => m.thread_ts === ts).length;

/** Zoom delivers a reschedule as a cancellation and a creation; the app edits the one notice in place. */
async function rescheduleBooking(demo: DemoDriver, booking: { id: string; start: string }): Promise<string> {
  demo.step('The booking is moved (two Zoom webhooks, one message)');
  const notice = bookingNotice(demo);
  if (!notice) demo.fail('the booking notice is missing from #sales');
  const updatesBefore = notice.updates.length;
  const repliesBefore = threadReplies(demo, notice.ts);
  const { value: moved, shown } = await demo.act(
    'Dana moves the booking on Zoom; Zoom posts scheduler.scheduled_event_canceled and scheduler.scheduled_event_created, both rescheduled: true',
    // A week later, same time of day.
    () =>
      demo.stack.zoom.control.reschedule(booking.id, {
        startTime: new Date(Date.parse(booking.start) + 7 * 24 * 60 * 60 * 1000).toISOString(),
      }),
    {
      until: () => notice.updates.length > updatesBefore && threadReplies(demo, notice.ts) > repliesBefore,
      what: 'the booking notice edited to the new time, and a reply in its thread',
    },
  );
  demo.expectShown(shown, 'message updated', 'the notice edited in place');
  demo.expectShown(shown, 'Moved from', 'the old and the new time');
  return moved.event_id;
}

async function listEvents(demo: DemoDriver): Promise<void> {
  demo.step('Upcoming bookings');
  const { shown } = await demo.command(ALICE, 'events week');
  demo.expectShown(shown, 'Dana Scully', "Dana's booking in the list");
}

async function cancelBooking(demo: DemoDriver, eventId: string): Promise<void> {
  demo.step('The booking is cancelled');
  const notice = bookingNotice(demo);
  if (!notice) demo.fail('the booking notice is missing from #sales');
  const updatesBefore = notice.updates.length;
  const repliesBefore = threadReplies(demo, notice.ts);
  const { shown } = await demo.act(
    'Dana cancels on Zoom; Zoom posts scheduler.scheduled_event_canceled to /zoom/webhooks',
    () => demo.stack.zoom.cancelEvent(eventId, { canceler: 'invitee', name: 'Dana Scully', reason: 'Something came up' }),
    {
      until: () => notice.updates.length > updatesBefore && threadReplies(demo, notice.ts) > repliesBefore,
      what: 'the booking notice updated as cancelled, and a reply in its thread',
    },
  );
  demo.expectShown(shown, 'message updated', 'the updated booking notice');
  demo.expectShown(shown, 'reply in thread', 'the reply in the thread');
  demo.expectShown(shown, 'Cancelled', 'the cancellation');
}

async function showAnalytics(demo: DemoDriver): Promise<void> {
  demo.step('Analytics');
  const { shown } = await demo.command(ALICE, 'analytics 7');
  demo.expectShown(shown, /Booked: \d+/, 'the booked count');
}

async function runDigest(demo: DemoDriver): Promise<void> {
  demo.step('Daily digest');
  const { shown: subscribed } = await demo.command(ALICE, 'digest on 09:00');
  demo.expectShown(subscribed, '09:00', 'the digest time');
  const dmBefore = messageCount(demo, dmOf(demo, ALICE));
  const { shown } = await demo.command(ALICE, 'digest now', {
    until: () => messageCount(demo, dmOf(demo, ALICE)) > dmBefore,
    what: 'the digest in the DM',
  });
  demo.expectShown(shown, /DIGEST/, 'the digest');
  demo.expectShown(shown, 'Bookings by channel', 'the bookings per channel their link was posted in');
}

async function openHome(demo: DemoDriver): Promise<void> {
  demo.step('App Home');
  const home = () => demo.stack.slack.views.find((v) => v.type === 'home' && v.userId === ALICE);
  const versionsBefore = home()?.history.length ?? 0;
  const { value: sent, shown } = await demo.act(
    '@alice opens the app’s Home tab (event app_home_opened)',
    () => demo.stack.event({ type: 'app_home_opened', user: ALICE, channel: dmOf(demo, ALICE), tab: 'home' }),
    { until: () => (home()?.history.length ?? 0) > versionsBefore, what: 'the App Home', fullHome: true },
  );
  if (sent.status !== 200) demo.fail(`the app answered the event with HTTP ${sent.status}`);
  demo.expectShown(shown, 'Connected to Zoom as', 'the connected Home');
}
