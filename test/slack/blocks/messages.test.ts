import { ACTION_IDS } from '../../../src/slack/command/ids';
import { analyticsMessage } from '../../../src/slack/blocks/messages/analytics';
import {
  bookingCancelledMessage,
  bookingCancelledThreadReply,
  bookingCreatedMessage,
} from '../../../src/slack/blocks/messages/booking-notification';
import { connectPromptMessage, statusMessage } from '../../../src/slack/blocks/messages/connection';
import { digestMessage } from '../../../src/slack/blocks/messages/digest';
import { eventsMessage } from '../../../src/slack/blocks/messages/events';
import { helpMessage } from '../../../src/slack/blocks/messages/help';
import { shareMessage, singleUseLinkMessage } from '../../../src/slack/blocks/messages/links';
import { noticeMessage } from '../../../src/slack/blocks/messages/notice';
import { ambiguousScheduleMessage, copyUrlMessage, scheduleListMessage } from '../../../src/slack/blocks/messages/schedules';
import { allText, blocksOf, buttonText, buttons } from './helpers';
import {
  HOSTILE_TITLE,
  ZONE,
  booking,
  comparison,
  digestData,
  hostileBookings,
  hostileSchedules,
  quiet,
  realisticBookings,
  realisticSchedules,
  schedule,
} from './fixtures';

const AUTHORIZE_URL = 'https://zoom.us/oauth/authorize?response_type=code&state=abc';

describe('help', () => {
  it('starts with a header and, when given, an escaped intro', () => {
    const message = helpMessage('Unknown subcommand “<x>”.');
    expect(blocksOf(message)[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Zoom Scheduler commands', emoji: true } });
    expect(allText(message)).toContain('Unknown subcommand “&lt;x&gt;”.');
    expect(message.text.split('\n')[0]).toBe('Unknown subcommand “&lt;x&gt;”.');
  });
});

describe('connect prompt', () => {
  it.each([
    ['connect', 'Connect Zoom', 'Connect your Zoom account'],
    ['not_connected', 'Connect Zoom', 'You need to connect your Zoom account first.'],
    ['reconnect', 'Reconnect Zoom', 'Zoom no longer accepts your connection'],
  ] as const)('%s: a URL button to start Zoom OAuth', (reason, label, sentence) => {
    const message = connectPromptMessage({ authorizeUrl: AUTHORIZE_URL, reason });
    const [button] = buttons(message, ACTION_IDS.connectZoom);
    expect(button?.url).toBe(AUTHORIZE_URL);
    expect(button && buttonText(button)).toBe(label);
    expect(button?.style).toBe('primary');
    expect(allText(message)).toContain(sentence);
    expect(message.text).toContain(AUTHORIZE_URL);
  });
});

describe('status', () => {
  it('names the connected Zoom user and their page', () => {
    const message = statusMessage({ displayName: 'Alex & Co', email: 'alex@example.com', schedulingUrl: 'https://scheduler.zoom.us/alex' });
    expect(allText(message)).toContain('Connected to Zoom as *Alex &amp; Co (alex@example.com)*.');
    expect(allText(message)).toContain('https://scheduler.zoom.us/alex');
    expect(message.text).toBe('Connected to Zoom as Alex &amp; Co (alex@example.com).');
  });
});

describe('notice', () => {
  it('escapes the sentence and marks the tone', () => {
    const message = noticeMessage('Zoom is busy <now>, try again in a minute.', 'warning');
    expect(blocksOf(message)).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: Zoom is busy &lt;now&gt;, try again in a minute.' } },
    ]);
    expect(message.text).toBe('Zoom is busy &lt;now&gt;, try again in a minute.');
  });
});

describe('schedule list', () => {
  it('shows each schedule with its URL as code and Post link / Copy URL buttons carrying its id', () => {
    const message = scheduleListMessage(realisticSchedules);
    expect(allText(message)).toContain('*Intro call* · 30 min\n`https://scheduler.zoom.us/alex-doe/intro-call-1`');
    expect(buttons(message, ACTION_IDS.postLink).map((b) => b.value)).toEqual(realisticSchedules.map((s) => s.id));
    expect(buttons(message, ACTION_IDS.copyUrl).map((b) => b.value)).toEqual(realisticSchedules.map((s) => s.id));
    expect(message.text).toContain('• Intro call (30 min) https://scheduler.zoom.us/alex-doe/intro-call-1');
  });

  it('pages 200 schedules and says how many more there are', () => {
    const message = scheduleListMessage(hostileSchedules);
    const shown = buttons(message, ACTION_IDS.postLink).length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(200);
    expect(allText(message)).toContain(`…and ${200 - shown} more schedules.`);
  });

  it('suggests creating one when empty', () => {
    expect(scheduleListMessage([]).text).toBe('You have no schedules yet.');
    expect(allText(scheduleListMessage([]))).toContain('`/zoom-schedule new`');
  });

  it('Copy URL answers with the URL alone in a code block', () => {
    const message = copyUrlMessage(schedule(1));
    expect(message.text).toBe('https://scheduler.zoom.us/alex-doe/intro-call-1');
    expect(allText(message)).toContain('```https://scheduler.zoom.us/alex-doe/intro-call-1```');
  });
});

describe('ambiguous title', () => {
  it('offers one button per match with the action for the purpose', () => {
    const link = ambiguousScheduleMessage({ query: 'intro', matches: realisticSchedules.slice(0, 2), purpose: 'link' });
    expect(buttons(link, ACTION_IDS.chooseScheduleForLink).map((b) => b.value)).toEqual([
      realisticSchedules[0]?.id,
      realisticSchedules[1]?.id,
    ]);
    expect(allText(link)).toContain('2 schedules match “intro”. Which one?');
    const share = ambiguousScheduleMessage({ query: 'intro', matches: realisticSchedules, purpose: 'share' });
    expect(buttons(share, ACTION_IDS.chooseScheduleForShare)).toHaveLength(3);
    expect(buttons(share, ACTION_IDS.chooseScheduleForLink)).toHaveLength(0);
  });
});

describe('links in channels', () => {
  it('single-use link: host, title, duration, a Book a time button and the one-booking note', () => {
    const message = singleUseLinkMessage({
      hostUserId: 'U0ALEX',
      schedule: schedule(1, 'Intro & pricing'),
      singleUseUrl: 'https://scheduler.zoom.us/manage/xyz',
    });
    expect(allText(message)).toContain(':calendar: Book *Intro &amp; pricing* (30 min) with <@U0ALEX>');
    expect(allText(message)).toContain('This link works for one booking only');
    const [button] = buttons(message, ACTION_IDS.openBookingPage);
    expect(button?.url).toBe('https://scheduler.zoom.us/manage/xyz');
    expect(button && buttonText(button)).toBe('Book a time');
    expect(message.text).toBe(
      'Book a 30 min “Intro &amp; pricing” with <@U0ALEX>: https://scheduler.zoom.us/manage/xyz (works for one booking)',
    );
  });

  it('share: the reusable URL, in text and as a button', () => {
    const message = shareMessage({ hostUserId: 'U0ALEX', schedule: schedule(2, 'Demo') });
    expect(allText(message)).toContain('https://scheduler.zoom.us/alex-doe/intro-call-2');
    expect(buttons(message)[0]?.url).toBe('https://scheduler.zoom.us/alex-doe/intro-call-2');
    expect(allText(message)).toContain('Anyone can use this link');
  });

  it('cuts a 300-character title in the message', () => {
    const message = shareMessage({ hostUserId: 'U0ALEX', schedule: schedule(2, HOSTILE_TITLE) });
    expect(allText(message)).toContain('…');
  });
});

describe('events', () => {
  it('uses Slack date tokens with a fallback in the user zone', () => {
    const message = eventsMessage({ range: 'today', bookings: [booking(0)], timeZone: ZONE });
    // 2026-03-09T14:00Z is 10:00 in New York (EDT since March 8).
    expect(allText(message)).toContain(
      '*Intro call 0* · <!date^1773064800^{date_short_pretty} {time}|Mon 9 Mar 2026, 10:00 EDT>–<!date^1773066600^{time}|10:30 EDT>',
    );
    expect(allText(message)).toContain('with Invitee 0 (invitee0@example.com)');
    expect(blocksOf(message)[0]).toMatchObject({ type: 'header', text: { text: 'Your bookings today (1)' } });
    expect(message.text).toBe('Your bookings today:\n• Mon 9 Mar 2026, 10:00 EDT Intro call 0');
  });

  it('says so in one line when there are none', () => {
    const message = eventsMessage({ range: 'week', bookings: [], timeZone: ZONE });
    expect(blocksOf(message)).toHaveLength(1);
    expect(message.text).toBe('No bookings in the next 7 days.');
  });

  it('pages 60 bookings', () => {
    const message = eventsMessage({ range: 'week', bookings: hostileBookings, timeZone: ZONE });
    const shown = blocksOf(message).filter((b) => b.type === 'section').length;
    expect(allText(message)).toContain(`…and ${60 - shown} more bookings.`);
  });
});

describe('analytics', () => {
  it('compares each counter with the previous period with arrows and percentages', () => {
    const message = analyticsMessage({ days: 14, comparison, popular: [{ title: 'Intro call', bookings: 4 }] });
    const text = allText(message);
    expect(text).toContain('*Booked*\n12 vs 8 the 14 days before (▲ +50%)');
    expect(text).toContain('*Completed*\n9 vs 9 the 14 days before (no change)');
    expect(text).toContain('*Cancelled*\n1 vs 2 the 14 days before (▼ −50%)');
    expect(text).toContain('*Rescheduled*\n0 vs 0 the 14 days before (no change)');
    expect(text).toContain('1. Intro call — 4');
    expect(text).toContain('Compared with the 14 days before.');
    expect(message.text).toContain('Bookings in the last 14 days: Booked: 12 vs 8 the 14 days before (▲ +50%)');
  });
});

describe('booking notifications', () => {
  const notice = {
    booking: { ...booking(0, 'Intro call'), invitee: { name: 'Zoë Ñúñez', email: 'zoe@example.com' } },
    answers: [{ question: 'Topic?', answer: 'Pricing & <onboarding>' }],
    timeZone: ZONE,
  };

  it('created: who booked which schedule when, with answers', () => {
    const message = bookingCreatedMessage(notice);
    const text = allText(message);
    expect(text).toContain(':calendar: *New booking* · *Intro call*');
    expect(text).toContain('<!date^1773064800^{date_short_pretty} {time}|Mon 9 Mar 2026, 10:00 EDT>');
    expect(text).toContain('Booked by Zoë Ñúñez (zoe@example.com)');
    expect(text).toContain('*Topic?*\nPricing &amp; &lt;onboarding&gt;');
    expect(text).toContain('Where: https://zoom.us/j/123456789');
    expect(message.text).toBe('New booking: Intro call on Mon 9 Mar 2026, 10:00 EDT, booked by Zoë Ñúñez');
  });

  it('cancelled: struck through, marked cancelled, by whom and why', () => {
    const message = bookingCancelledMessage(notice, { cancelledBy: 'Zoë Ñúñez', reason: 'Travel' });
    const text = allText(message);
    expect(text).toContain(':no_entry_sign: *Cancelled* · ~Intro call~');
    expect(text).toContain('Cancelled by Zoë Ñúñez: “Travel”');
    expect(message.text).toBe('Cancelled: Intro call on Mon 9 Mar 2026, 10:00 EDT (Zoë Ñúñez)');
  });

  it('thread reply: one line, also without a reason', () => {
    expect(bookingCancelledThreadReply({ cancelledBy: 'Host' }).text).toBe('Cancelled by Host');
    expect(allText(bookingCancelledThreadReply({}))).toBe(':no_entry_sign: Cancelled.');
  });
});

describe('digest', () => {
  it('compares yesterday and 7 days, charts bookings per day, lists today and the most popular schedule', () => {
    const message = digestMessage(digestData());
    const text = allText(message);
    expect(blocksOf(message)[0]).toMatchObject({ type: 'header', text: { text: 'Your Zoom Scheduler digest · Mon 9 Mar' } });
    expect(text).toContain('*Yesterday*');
    expect(text).toContain('*Last 7 days*');
    expect(text).toContain('12 vs 8 the 7 days before (▲ +50%)');
    expect(text).toContain('the day before');
    expect(text).toContain('```Tue 03 ████████ 2\nWed 04 0\nThu 05 ████████████████████ 5');
    expect(text).toContain('*Most popular schedule*: Intro call (7 bookings)');
    expect(text).toContain('*Today* (2 bookings)');
    expect(text).toContain('<!date^');
    expect(message.text).toContain('Today: 2 bookings.');
  });

  it('says "no bookings" in one line for empty periods and an empty day', () => {
    const message = digestMessage(
      digestData({ yesterday: quiet, lastSevenDays: quiet, upcomingToday: [], bookingsPerDay: [], popularSchedule: undefined }),
    );
    const sections = blocksOf(message)
      .filter((b) => b.type === 'section')
      .map((b) => (b.text as { text: string }).text);
    expect(sections).toEqual(['*Yesterday*: no bookings.', '*Last 7 days*: no bookings.', '*Today*: no bookings.']);
  });

  it('draws the week as a sparkline and gives the no-show rate where Zoom records attendance', () => {
    // Counts 2, 0, 5, 1, 0, 3, 1 against the largest, 5.
    expect(allText(digestMessage(digestData({ noShows: { noShows: 1, attendees: 8 } })))).toContain('*Bookings per day* `▄▁█▂▁▅▂`');
    expect(allText(digestMessage(digestData({ noShows: { noShows: 1, attendees: 8 } })))).toContain(
      '*No-shows, last 7 days*: 1 of 8 attendees (13%)',
    );
    expect(allText(digestMessage(digestData()))).not.toContain('No-shows');
  });

  it('pages a busy day', () => {
    const message = digestMessage(digestData({ upcomingToday: hostileBookings }));
    expect(allText(message)).toMatch(/…and \d+ more bookings today\./);
  });

  it('keeps the realistic bookings in start order', () => {
    const text = allText(digestMessage(digestData({ upcomingToday: realisticBookings })));
    expect(text.indexOf('Intro call 1')).toBeLessThan(text.indexOf('Product demo'));
  });
});
