import { mrkdwnToText, renderBlocks, renderHome, renderMessage, renderModal, renderResponse, shortenUrl } from '../../dev/transcript';
import { NEW_SCHEDULE_BLOCKS, weekdayHoursBlockId } from '../../src/slack/command/ids';
import {
  analyticsMessage,
  availabilityModal,
  bookingCancelledMessage,
  bookingCancelledThreadReply,
  bookingCreatedMessage,
  connectPromptMessage,
  digestMessage,
  homeView,
  newScheduleModal,
  noticeMessage,
  singleUseLinkMessage,
  slackDate,
} from '../../src/slack/blocks';
import { availabilityDraft, comparison, digestData, homeData, realisticBookings, realisticSchedules } from '../slack/blocks/fixtures';

const directory = { users: { U0ALICE: 'alice' }, channels: { C0SALES: 'sales' } };
const AUTHORIZE_URL =
  'http://127.0.0.1:40123/oauth/authorize?response_type=code&client_id=mock-client&redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fzoom%2Foauth%2Fcallback&state=abcdef0123456789&code_challenge=xyz&code_challenge_method=S256';

describe('mrkdwnToText', () => {
  it('turns links into "label (url)" and bare links into the url', () => {
    expect(mrkdwnToText('See <https://example.com/a_b_c|the page> or <https://example.com/x>')).toBe(
      'See the page (https://example.com/a_b_c) or https://example.com/x',
    );
  });

  it('drops bold and italic markers but keeps strike-through and code', () => {
    expect(mrkdwnToText('*Cancelled* · ~Intro call~ _soon_ `code`')).toBe('Cancelled · ~Intro call~ soon `code`');
  });

  it('shows the fallback of date tokens, whatever the reader zone', () => {
    const token = slackDate(new Date('2026-03-09T14:00:00Z'), 'America/New_York');
    expect(token.startsWith('<!date^')).toBe(true);
    expect(mrkdwnToText(`at ${token}`)).toBe('at Mon 9 Mar 2026, 10:00 EDT');
  });

  it('names users and channels from the directory, with ids as the last resort', () => {
    expect(mrkdwnToText('<@U0ALICE> in <#C0SALES> and <#C9|named> by <@U0NOBODY>', { directory })).toBe(
      '@alice in #sales and #named by @U0NOBODY',
    );
    expect(mrkdwnToText('<!here> look')).toBe('@here look');
  });

  it('unescapes entities after the markup is read, so escaped user text is shown as typed', () => {
    expect(mrkdwnToText('*&lt;b&gt; &amp; co*')).toBe('<b> & co');
  });

  it('replaces the emoji the views use and leaves unknown ones', () => {
    expect(mrkdwnToText(':white_check_mark: done :unknown_thing:')).toBe('✅ done :unknown_thing:');
  });

  it('removes code fences but keeps the lines inside', () => {
    expect(mrkdwnToText('*Chart*\n```Mon █ 1\nTue  0```')).toBe('Chart\nMon █ 1\nTue  0');
  });
});

describe('shortenUrl', () => {
  it('keeps short URLs whole', () => {
    expect(shortenUrl('https://scheduler.zoom.us/alex/intro-call')).toBe('https://scheduler.zoom.us/alex/intro-call');
  });

  it('drops a long query and marks it', () => {
    expect(shortenUrl(AUTHORIZE_URL)).toBe('http://127.0.0.1:40123/oauth/authorize?…');
  });

  it('cuts the middle of a long path and stays within the limit', () => {
    const url = `https://scheduler.zoom.us/${'d/'.repeat(40)}end`;
    const short = shortenUrl(url, 50);
    expect(short.length).toBeLessThanOrEqual(50);
    expect(short.startsWith('https://scheduler.zoom.us/d/')).toBe(true);
    expect(short.endsWith('/end')).toBe(true);
    expect(short).toContain('…');
  });

  it('cuts what is not a URL at all', () => {
    expect(shortenUrl('x'.repeat(80), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('renderMessage and renderResponse on real views', () => {
  it('shows the connect prompt with its button and a shortened authorize URL, ephemerally', () => {
    const text = renderResponse(
      { response_type: 'ephemeral', ...connectPromptMessage({ authorizeUrl: AUTHORIZE_URL, reason: 'connect' }) },
      '#general',
    );
    expect(text.split('\n')).toEqual([
      '┌─ #general · only visible to you',
      '│ Connect your Zoom account to create schedules and share booking links from Slack.   [ Connect Zoom → http://127.0.0.1:40123/oauth/authorize?… ]',
      '│ · The link works once and expires in 10 minutes. Only you can see this message.',
      '└─',
    ]);
  });

  it('shows a single-use link posted in a channel, visible to everyone, with the host named', () => {
    const message = singleUseLinkMessage({
      hostUserId: 'U0ALICE',
      schedule: { id: 'sched1', title: 'Intro call', durationMinutes: 30 },
      singleUseUrl: 'https://scheduler.zoom.us/d/abc123',
    });
    expect(renderMessage(message, { kind: 'message', where: '#sales' }, { directory }).split('\n')).toEqual([
      '┌─ #sales · visible to everyone',
      '│ 📅 Book Intro call (30 min) with @alice   [ Book a time → https://scheduler.zoom.us/d/abc123 ]',
      '│ · This link works for one booking only: the first person to book uses it up.',
      '└─',
    ]);
  });

  it('shows a booking notice, its cancelled update and the thread reply', () => {
    const booking = realisticBookings[0]!;
    const notice = {
      booking: { ...booking, invitee: booking.invitee! },
      answers: [{ question: 'Topic?', answer: 'Pricing' }],
      timeZone: 'America/New_York',
    };
    const created = renderMessage(bookingCreatedMessage(notice), { kind: 'direct', where: 'DM from the app' });
    expect(created.split('\n')).toEqual([
      '┌─ DM from the app · direct message',
      '│ 📅 New booking · Intro call 1',
      '│ Mon 9 Mar 2026, 11:00 EDT–11:30 EDT',
      '│ Booked by Invitee 1 (invitee1@example.com)',
      '│ Topic?',
      '│ Pricing',
      '│ · Where: https://zoom.us/j/123456789',
      '└─',
    ]);
    const cancelled = renderMessage(bookingCancelledMessage(notice, { cancelledBy: 'Invitee 1', reason: 'Conflict' }), {
      kind: 'update',
      where: '#sales',
    });
    expect(cancelled).toContain('#sales · message updated');
    expect(cancelled).toContain('🚫 Cancelled · ~Intro call 1~');
    expect(cancelled).toContain('· Cancelled by Invitee 1: “Conflict”');
    const reply = renderMessage(bookingCancelledThreadReply({ cancelledBy: 'Invitee 1' }), { kind: 'thread_reply', where: '#sales' });
    expect(reply.split('\n')).toEqual(['┌─ #sales · reply in thread', '│ 🚫 Cancelled by Invitee 1.', '└─']);
  });

  it('lays out analytics fields two per row as "label: value"', () => {
    const lines = renderBlocks(analyticsMessage({ days: 7, comparison, popular: [{ title: 'Intro call', bookings: 3 }] }).blocks);
    expect(lines).toEqual([
      '▌BOOKINGS IN THE LAST 7 DAYS',
      'Booked: 12 vs 8 the 7 days before (▲ +50%)     Completed: 9 vs 9 the 7 days before (no change)',
      'Cancelled: 1 vs 2 the 7 days before (▼ −50%)   Rescheduled: 0 vs 0 the 7 days before (no change)',
      '· Compared with the 7 days before.',
      'Most booked schedules',
      '1. Intro call — 3',
    ]);
  });

  it('renders the digest with its header, chart rows and divider', () => {
    const lines = renderBlocks(digestMessage(digestData()).blocks);
    expect(lines[0]).toBe('▌YOUR ZOOM SCHEDULER DIGEST · MON 9 MAR');
    expect(lines).toContain('Bookings per day `▄▁█▂▁▅▂`');
    expect(lines).toContain('Tue 03 ████████ 2');
    expect(lines).toContain('Most popular schedule: Intro call (7 bookings)');
    expect(lines).toContain('────────────────────');
  });

  it('falls back to the text when a message has no blocks', () => {
    expect(renderMessage({ text: 'plain *words*' }, { kind: 'ephemeral', where: '#general' })).toBe(
      '┌─ #general · only visible to you\n│ plain words\n└─',
    );
  });

  it('marks a replacing answer and a deleted one', () => {
    expect(renderResponse({ replace_original: true, ...noticeMessage('Saved.', 'success') }, '#general')).toBe(
      '┌─ #general · replaces the previous answer, only visible to you\n│ ✅ Saved.\n└─',
    );
    expect(renderResponse({ delete_original: true }, '#general')).toBe('┌─ #general · the previous answer is removed\n└─');
  });
});

describe('renderModal', () => {
  it('shows the new-schedule modal with initial values, options, hints and its buttons', () => {
    const view = newScheduleModal({
      title: 'Intro call',
      availabilities: [{ id: 'a1', name: 'Working Hours' }],
      timeZone: 'America/New_York',
      channelId: 'C0SALES',
    });
    const lines = renderModal(view as unknown as Record<string, unknown>, {}, { directory }).split('\n');
    expect(lines[0]).toBe('┌─ Modal “New schedule” (opened)');
    expect(lines).toContain('│ Title: Intro call');
    expect(lines).toContain('│ Duration (minutes): 30');
    expect(lines).toContain('│   From 15 to 1440 minutes.');
    expect(lines).toContain('│ Availability: [ Working Hours ▾ ]  (Working Hours | Custom weekly hours)');
    expect(lines).toContain('│ Meeting type: (•) Zoom meeting  ( ) Phone call  ( ) In person');
    expect(lines).toContain('│ Location (optional): —');
    expect(lines).toContain('│ Post the booking link in (optional): #sales');
    expect(lines[lines.length - 1]).toBe('└─ [ Cancel ] [ Create ]');
  });

  it('shows submitted values and the inline error under its field instead of the hint', () => {
    const view = availabilityModal({ availabilities: [{ id: availabilityDraft.id, name: 'Working hours' }], draft: availabilityDraft });
    const monday = weekdayHoursBlockId('mon');
    const text = renderModal(
      view as unknown as Record<string, unknown>,
      {
        values: { [monday]: { [`${monday}_input`]: { type: 'plain_text_input', value: '09:00-12:00, 11:00-13:00' } } },
        errors: { [monday]: 'Monday: 09:00-12:00 overlaps 11:00-13:00.' },
      },
      {},
      'after submit',
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('┌─ Modal “Availability” (after submit)');
    expect(lines).toContain('│ [ Working hours ▾ ] (Working hours | New availability…)');
    expect(lines).toContain('│ Name: Working hours');
    expect(lines).toContain('│ Monday (optional): 09:00-12:00, 11:00-13:00');
    expect(lines[lines.indexOf('│ Monday (optional): 09:00-12:00, 11:00-13:00') + 1]).toBe(
      '│   ⚠️ Monday: 09:00-12:00 overlaps 11:00-13:00.',
    );
    expect(lines).toContain('│ Friday (optional): 09:00-15:00');
    expect(lines).toContain('│ Tuesday (optional): off');
    expect(lines).toContain('│ Date overrides (optional):');
    expect(lines).toContain('│     2026-12-25 off');
    expect(lines[lines.length - 1]).toBe('└─ [ Cancel ] [ Save ]');
  });

  it('shows a selected option and channel from submitted state', () => {
    const view = newScheduleModal({ availabilities: [{ id: 'a1', name: 'Working Hours' }], timeZone: 'UTC' });
    const values = {
      [NEW_SCHEDULE_BLOCKS.meetingType]: {
        [`${NEW_SCHEDULE_BLOCKS.meetingType}_input`]: {
          type: 'radio_buttons',
          selected_option: { text: { type: 'plain_text', text: 'In person' }, value: 'offline' },
        },
      },
      [NEW_SCHEDULE_BLOCKS.postChannel]: {
        [`${NEW_SCHEDULE_BLOCKS.postChannel}_input`]: { type: 'conversations_select', selected_conversation: 'C0SALES' },
      },
      [NEW_SCHEDULE_BLOCKS.title]: { [`${NEW_SCHEDULE_BLOCKS.title}_input`]: { type: 'plain_text_input', value: null } },
    };
    const lines = renderModal(view as unknown as Record<string, unknown>, { values }, { directory }).split('\n');
    expect(lines).toContain('│ Meeting type: ( ) Zoom meeting  ( ) Phone call  (•) In person');
    expect(lines).toContain('│ Post the booking link in (optional): #sales');
    expect(lines).toContain('│ Title: —');
  });

  it('keeps unknown blocks visible rather than dropping them', () => {
    expect(
      renderBlocks([
        { type: 'rich_text', elements: [] },
        { type: 'image', alt_text: 'chart', image_url: 'https://x/y.png' },
      ]),
    ).toEqual(['[rich_text block]', '[image: chart]']);
  });
});

describe('renderHome', () => {
  it('shows the connected Home with buttons, bookings, schedules and settings', () => {
    const text = renderHome(homeView(homeData({ schedules: realisticSchedules })) as unknown as Record<string, unknown>, { directory });
    const lines = text.split('\n');
    expect(lines[0]).toBe('┌─ App Home');
    expect(lines).toContain('│ ▌ZOOM SCHEDULER');
    expect(lines).toContain('│ ✅ Connected to Zoom as Alex Doe (alex@example.com)');
    expect(lines).toContain('│ [ New schedule ] [ Edit availability ]');
    expect(lines).toContain('│ Intro call 1 · Mon 9 Mar 2026, 11:00 EDT–11:30 EDT');
    expect(lines).toContain('│ Daily digest at 09:00 (America/New_York) to #sales');
  });
});
