import { SCHEDULER_PROFILE_MISSING_SENTENCE } from '../../../src/slack/failures';
import type { Surface } from '../../../src/slack/blocks/limits';
import { assertWithinSlackLimits } from '../../../src/slack/blocks/limits';
import { helpMessage } from '../../../src/slack/blocks/messages/help';
import { noticeMessage } from '../../../src/slack/blocks/messages/notice';
import { connectPromptMessage, statusMessage } from '../../../src/slack/blocks/messages/connection';
import { connectionAlertDismissedMessage, connectionAlertMessage } from '../../../src/slack/blocks/messages/connection-alert';
import { ambiguousScheduleMessage, copyUrlMessage, scheduleListMessage } from '../../../src/slack/blocks/messages/schedules';
import { shareMessage, singleUseLinkMessage } from '../../../src/slack/blocks/messages/links';
import { eventsMessage } from '../../../src/slack/blocks/messages/events';
import { analyticsMessage } from '../../../src/slack/blocks/messages/analytics';
import {
  bookingCancelledMessage,
  bookingCancelledThreadReply,
  bookingCreatedMessage,
  bookingMovedMessage,
  bookingMovedThreadReply,
} from '../../../src/slack/blocks/messages/booking-notification';
import { digestMessage } from '../../../src/slack/blocks/messages/digest';
import { noShowAnsweredMessage, noShowPromptMessage } from '../../../src/slack/blocks/messages/no-show';
import { homeView } from '../../../src/slack/blocks/home';
import { newScheduleModal } from '../../../src/slack/blocks/modals/new-schedule';
import { availabilityModal } from '../../../src/slack/blocks/modals/availability';
import { loadingModal, noticeModal } from '../../../src/slack/blocks/modals/simple';
import { shareScheduleModal } from '../../../src/slack/blocks/modals/share-schedule';
import { bookingLinkModal } from '../../../src/slack/blocks/modals/booking-link';
import { bookingLinkUnfurl } from '../../../src/slack/blocks/messages/unfurl';
import {
  HOSTILE_TITLE,
  ZONE,
  availabilityDraft,
  booking,
  comparison,
  digestData,
  homeData,
  hostileBookings,
  hostileSchedules,
  quiet,
  realisticBookings,
  realisticSchedules,
  schedule,
} from './fixtures';

const longUrl = `https://zoom.us/oauth/authorize?state=${'s'.repeat(400)}&code_challenge=${'c'.repeat(43)}`;
const hostileNotice = {
  booking: {
    ...booking(1, HOSTILE_TITLE),
    invitee: { name: HOSTILE_TITLE, email: `${'x'.repeat(200)}@example.com` },
    where: HOSTILE_TITLE.repeat(5),
  },
  answers: Array.from({ length: 30 }, () => ({ question: HOSTILE_TITLE, answer: HOSTILE_TITLE.repeat(10) })),
  timeZone: 'Asia/Kathmandu',
};
const realisticNotice = {
  booking: { ...booking(1, 'Intro call'), invitee: { name: 'Zoë', email: 'zoe@example.com' } },
  answers: [{ question: 'What would you like to discuss?', answer: 'Pricing & onboarding <soon>' }],
  timeZone: ZONE,
};
const manyAvailabilities = Array.from({ length: 150 }, (_, i) => ({ id: `avail${i}`, name: `${i} ${HOSTILE_TITLE}` }));

const cases: Array<[string, Surface, unknown]> = [
  ['help', 'message', helpMessage()],
  ['help with intro', 'message', helpMessage(`Unknown subcommand “${HOSTILE_TITLE}”.`)],
  ['notice', 'message', noticeMessage(HOSTILE_TITLE.repeat(20), 'error')],
  ['connect prompt', 'message', connectPromptMessage({ authorizeUrl: longUrl, reason: 'connect' })],
  ['reconnect prompt', 'message', connectPromptMessage({ authorizeUrl: longUrl, reason: 'reconnect' })],
  ['not connected', 'message', connectPromptMessage({ authorizeUrl: longUrl, reason: 'not_connected' })],
  ['status', 'message', statusMessage({ displayName: HOSTILE_TITLE, email: 'a@b.c', schedulingUrl: 'https://scheduler.zoom.us/a' })],
  [
    'status, last verified',
    'message',
    statusMessage({ displayName: HOSTILE_TITLE, lastVerified: { at: new Date('2026-06-01T10:00:00Z'), timeZone: 'UTC' } }),
  ],
  ['dead connection DM', 'message', connectionAlertMessage({ reminder: false })],
  ['dead connection reminder', 'message', connectionAlertMessage({ reminder: true })],
  ['dead connection dismissed', 'message', connectionAlertDismissedMessage()],
  [
    'status, Scheduler refused',
    'message',
    statusMessage({ displayName: HOSTILE_TITLE, email: 'a@b.c', schedulerRefusal: SCHEDULER_PROFILE_MISSING_SENTENCE }),
  ],
  [
    'status with many routes',
    'message',
    statusMessage({
      displayName: HOSTILE_TITLE,
      notifications: {
        defaultChannelId: 'C0SALES',
        routes: Array.from({ length: 60 }, () => ({ scheduleTitle: HOSTILE_TITLE, channelId: 'C0SALES' })),
        noShowPrompts: false,
      },
    }),
  ],
  ['schedule list (3)', 'message', scheduleListMessage(realisticSchedules)],
  ['schedule list (200 hostile)', 'message', scheduleListMessage(hostileSchedules)],
  ['schedule list (empty)', 'message', scheduleListMessage([])],
  ['copy url', 'message', copyUrlMessage(schedule(1, HOSTILE_TITLE))],
  ['ambiguous (2)', 'message', ambiguousScheduleMessage({ query: 'intro', matches: realisticSchedules, purpose: 'link' })],
  ['ambiguous (200 hostile)', 'message', ambiguousScheduleMessage({ query: HOSTILE_TITLE, matches: hostileSchedules, purpose: 'share' })],
  ['single-use link', 'message', singleUseLinkMessage({ hostUserId: 'U1', schedule: schedule(1, HOSTILE_TITLE), singleUseUrl: longUrl })],
  [
    'single-use link with open slots',
    'message',
    singleUseLinkMessage({
      hostUserId: 'U1',
      schedule: schedule(1, HOSTILE_TITLE),
      singleUseUrl: longUrl,
      openSlots: [new Date(0), new Date(1e12)],
    }),
  ],
  ['share', 'message', shareMessage({ hostUserId: 'U1', schedule: schedule(1, HOSTILE_TITLE) })],
  ['events (2)', 'message', eventsMessage({ range: 'today', bookings: realisticBookings, timeZone: ZONE })],
  ['events (60 hostile)', 'message', eventsMessage({ range: 'week', bookings: hostileBookings, timeZone: ZONE })],
  ['events (none)', 'message', eventsMessage({ range: 'week', bookings: [], timeZone: ZONE })],
  ['analytics', 'message', analyticsMessage({ days: 7, comparison, popular: [{ title: 'Intro call', bookings: 4 }] })],
  [
    'analytics 30 days with trend and no-shows',
    'message',
    analyticsMessage({
      days: 30,
      comparison,
      popular: hostileSchedules.map((s, i) => ({ title: s.title, bookings: i })),
      trend: { daily: Array.from({ length: 30 }, (_, i) => i * 97), noShows: { noShows: 3, attendees: 999 } },
      period: { firstDate: '2026-02-01', lastDate: '2026-03-02' },
    }),
  ],
  [
    'analytics hostile',
    'message',
    analyticsMessage({ days: 30, comparison, popular: Array.from({ length: 20 }, () => ({ title: HOSTILE_TITLE, bookings: 1 })) }),
  ],
  ['booking created', 'message', bookingCreatedMessage(realisticNotice)],
  ['booking created hostile', 'message', bookingCreatedMessage(hostileNotice)],
  ['booking cancelled', 'message', bookingCancelledMessage(realisticNotice, { cancelledBy: 'Zoë', reason: 'Sick' })],
  [
    'booking cancelled hostile',
    'message',
    bookingCancelledMessage(hostileNotice, { cancelledBy: HOSTILE_TITLE, reason: HOSTILE_TITLE.repeat(10) }),
  ],
  ['booking moved', 'message', bookingMovedMessage({ ...realisticNotice, bookedFromChannel: 'C0SALES' }, realisticNotice.booking)],
  [
    'booking moved hostile',
    'message',
    bookingMovedMessage({ ...hostileNotice, bookedFromChannel: HOSTILE_TITLE }, { start: new Date(0), end: new Date(0) }),
  ],
  ['moved thread reply hostile', 'message', bookingMovedThreadReply(hostileNotice, undefined)],
  ['booking created from a channel hostile', 'message', bookingCreatedMessage({ ...hostileNotice, bookedFromChannel: HOSTILE_TITLE })],
  ['cancel thread reply', 'message', bookingCancelledThreadReply({ cancelledBy: HOSTILE_TITLE, reason: HOSTILE_TITLE.repeat(10) })],
  ['digest', 'message', digestMessage(digestData())],
  [
    'no-show question hostile',
    'message',
    noShowPromptMessage({
      seenBookingId: 'x'.repeat(25),
      inviteeName: HOSTILE_TITLE,
      title: HOSTILE_TITLE,
      start: new Date(0),
      timeZone: ZONE,
    }),
  ],
  [
    'no-show answered hostile',
    'message',
    noShowAnsweredMessage(
      { seenBookingId: 'x', inviteeName: HOSTILE_TITLE, title: HOSTILE_TITLE, start: new Date(0), timeZone: ZONE },
      'no_show',
    ),
  ],
  [
    'digest with many channels',
    'message',
    digestMessage(
      digestData({
        bookingsByChannel: [
          ...Array.from({ length: 40 }, (_, i) => ({ channelId: `C0${i}ABC`, bookings: 40 - i })),
          { channelId: HOSTILE_TITLE, bookings: 1 },
          { channelId: null, bookings: 9 },
        ],
      }),
    ),
  ],
  ['digest quiet', 'message', digestMessage(digestData({ yesterday: quiet, lastSevenDays: quiet, upcomingToday: [], bookingsPerDay: [] }))],
  [
    'digest hostile',
    'message',
    digestMessage(digestData({ upcomingToday: hostileBookings, popularSchedule: { title: HOSTILE_TITLE, bookings: 1 } })),
  ],
  ['home', 'home', homeView(homeData())],
  ['home not connected', 'home', homeView(homeData({ connection: { connected: false, authorizeUrl: longUrl, reason: 'reconnect' } }))],
  ['home hostile', 'home', homeView(homeData({ schedules: hostileSchedules, upcoming: hostileBookings, notifyChannel: { id: 'C1' } }))],
  [
    'new schedule modal',
    'modal',
    newScheduleModal({ availabilities: [{ id: 'a1', name: 'Working hours' }], timeZone: ZONE, channelId: 'C1' }),
  ],
  ['new schedule modal hostile', 'modal', newScheduleModal({ title: HOSTILE_TITLE, availabilities: manyAvailabilities, timeZone: ZONE })],
  [
    'availability modal',
    'modal',
    availabilityModal({ availabilities: [{ id: availabilityDraft.id, name: 'Working hours' }], draft: availabilityDraft }),
  ],
  [
    'availability modal hostile',
    'modal',
    availabilityModal({
      availabilities: manyAvailabilities,
      draft: { ...availabilityDraft, name: HOSTILE_TITLE },
      revision: 'r'.repeat(300),
    }),
  ],
  ['loading modal', 'modal', loadingModal()],
  ['notice modal', 'modal', noticeModal({ title: 'Something went wrong with Zoom today', sentence: HOSTILE_TITLE.repeat(20) })],
  ['share schedule modal', 'modal', shareScheduleModal(schedule(1, HOSTILE_TITLE))],
  ['booking link modal, 200 hostile schedules', 'modal', bookingLinkModal({ schedules: hostileSchedules, destination: { kind: 'pick' } })],
  [
    'booking link modal for a thread',
    'modal',
    bookingLinkModal({ schedules: [schedule(1, HOSTILE_TITLE)], destination: { kind: 'thread', channelId: 'C1', threadTs: '1.000001' } }),
  ],
  ['booking link modal, no schedules', 'modal', bookingLinkModal({ schedules: [], destination: { kind: 'pick' } })],
  [
    'home hostile with open slots',
    'home',
    homeView(
      homeData({
        schedules: hostileSchedules,
        openSlots: new Map(hostileSchedules.map((s) => [s.id, [new Date(0), new Date(1e12), new Date(2e12)]])),
      }),
    ),
  ],
];

describe('every view stays within Slack limits', () => {
  it.each(cases)('%s', (_name, surface, payload) => {
    expect(assertWithinSlackLimits(surface, payload)).toEqual([]);
  });

  it.each(cases.filter(([, surface]) => surface === 'message'))('%s has a plain-text fallback', (_name, _surface, payload) => {
    const { text } = payload as { text: string };
    expect(typeof text).toBe('string');
    expect(text.trim().length).toBeGreaterThan(0);
  });

  it.each(cases.filter(([, surface]) => surface === 'message'))(
    '%s escapes user markup in its fallback text',
    (_name, _surface, payload) => {
      const { text } = payload as { text: string };
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<b>');
    },
  );

  it.each(cases)('%s escapes user markup in every mrkdwn text', (_name, _surface, payload) => {
    for (const text of mrkdwnTexts(payload)) {
      // `<b>` and `<!channel>` typed into titles must arrive as `&lt;b&gt;`, never as Slack markup.
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<b>');
    }
  });
});

function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
}

describe('booking link unfurl (an attachment: blocks without a message text)', () => {
  const unfurl = bookingLinkUnfurl({
    url: longUrl,
    schedule: schedule(1, HOSTILE_TITLE),
    hostUserId: 'U1',
    openSlots: [new Date(0), new Date(1e12), new Date(2e12)],
  });

  it('is within the message limits and escapes user markup', () => {
    expect(assertWithinSlackLimits('message', unfurl)).toEqual([]);
    for (const text of mrkdwnTexts(unfurl)) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<b>');
    }
  });
});
