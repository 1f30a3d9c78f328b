import { type ParsedCommand, normalizeClockTime, parseChannelRef, parseCommand } from '../../../src/slack/command/parse-command';

describe('parseCommand', () => {
  const cases: Array<[string, ParsedCommand]> = [
    ['', { kind: 'new' }],
    ['   ', { kind: 'new' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['  Connect  ', { kind: 'connect' }],
    ['disconnect', { kind: 'disconnect' }],
    ['status', { kind: 'status' }],
    ['new', { kind: 'new' }],
    ['new   Intro   call', { kind: 'new', title: 'Intro call' }],
    ['NEW Café & croissants', { kind: 'new', title: 'Café & croissants' }],
    ['new Q&amp;A &lt;team&gt;', { kind: 'new', title: 'Q&A <team>' }],
    ['list', { kind: 'list' }],
    ['link Intro call', { kind: 'link', query: 'Intro call' }],
    ['Link   intro CALL ', { kind: 'link', query: 'intro CALL' }],
    ['share ygfx661g9x8dwcgeusdqhsplc0', { kind: 'share', query: 'ygfx661g9x8dwcgeusdqhsplc0' }],
    ['events', { kind: 'events', range: 'week' }],
    ['events today', { kind: 'events', range: 'today' }],
    ['events WEEK', { kind: 'events', range: 'week' }],
    ['availability', { kind: 'availability' }],
    ['analytics', { kind: 'analytics', days: 7 }],
    ['analytics 14', { kind: 'analytics', days: 14 }],
    ['analytics 30', { kind: 'analytics', days: 30 }],
    ['digest on', { kind: 'digest_on' }],
    ['digest on 8:30', { kind: 'digest_on', time: '08:30' }],
    [
      'Digest ON 18:05 <#C0123ABC|team-sales>',
      {
        kind: 'digest_on',
        time: '18:05',
        channel: { kind: 'id', id: 'C0123ABC', name: 'team-sales' },
      },
    ],
    ['digest on <#C0123ABC> 07:00', { kind: 'digest_on', time: '07:00', channel: { kind: 'id', id: 'C0123ABC' } }],
    ['digest on <#G0PRIVATE|>', { kind: 'digest_on', channel: { kind: 'id', id: 'G0PRIVATE' } }],
    ['digest on #General', { kind: 'digest_on', channel: { kind: 'name', name: 'general' } }],
    ['digest off', { kind: 'digest_off' }],
    ['digest NOW', { kind: 'digest_now' }],
    ['notify <#C0123ABC|bookings>', { kind: 'notify', channel: { kind: 'id', id: 'C0123ABC', name: 'bookings' } }],
    ['notify #bookings', { kind: 'notify', channel: { kind: 'name', name: 'bookings' } }],
    ['notify off', { kind: 'notify_off' }],
    ['notify OFF', { kind: 'notify_off' }],
    [
      'notify <#C0123ABC|bookings> Intro &amp; call',
      { kind: 'notify', channel: { kind: 'id', id: 'C0123ABC', name: 'bookings' }, schedule: 'Intro & call' },
    ],
    ['notify off Intro call', { kind: 'notify_off', schedule: 'Intro call' }],
    ['notify no-shows off', { kind: 'notify_no_shows', enabled: false }],
    ['notify No-Shows ON', { kind: 'notify_no_shows', enabled: true }],
    ['frobnicate now', { kind: 'unknown', text: 'frobnicate now' }],
    ['  schedule   me ', { kind: 'unknown', text: 'schedule me' }],
  ];

  it.each(cases)('parses %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  const DIGEST_ON = 'digest on [HH:MM] [#channel]';
  const timeSentence = (value: string) => `${value} is not a time of day: use HH:MM between 00:00 and 23:59, e.g. 09:00.`;
  const errors: Array<[string, string, string, string | undefined]> = [
    ['digest on 25:00', 'digest', timeSentence('25:00'), DIGEST_ON],
    ['digest on 12:60', 'digest', timeSentence('12:60'), DIGEST_ON],
    ['digest on 9am tomorrow', 'digest', timeSentence('9am'), DIGEST_ON],
    ['digest on 0900', 'digest', timeSentence('0900'), DIGEST_ON],
    ['digest on soon', 'digest', '“soon” is neither a time (HH:MM, e.g. 09:00) nor a #channel.', DIGEST_ON],
    ['digest on 09:00 10:00', 'digest', 'Give `digest on` one time, not both 09:00 and 10:00.', DIGEST_ON],
    ['digest on <#C1|a> <#C2|b>', 'digest', 'Give `digest on` one channel, not two.', DIGEST_ON],
    ['digest', 'digest', 'Use `digest on [HH:MM] [#channel]`, `digest off` or `digest now`.', undefined],
    ['digest off please', 'digest', '`digest off` takes no options.', undefined],
    ['link', 'link', 'Which schedule? Try `/zoom-schedule link Intro call`.', 'link <schedule title or id>'],
    ['share   ', 'share', 'Which schedule? Try `/zoom-schedule share Intro call`.', 'share <schedule title or id>'],
    ['events month', 'events', 'Events covers `today` or `week`, not “month”.', 'events [today|week]'],
    ['events tomorrow', 'events', 'Events covers `today` or `week`, not “tomorrow”.', 'events [today|week]'],
    ['analytics 9', 'analytics', 'Analytics covers 7, 14 or 30 days, not “9”.', 'analytics [7|14|30]'],
    ['analytics 5', 'analytics', 'Analytics covers 7, 14 or 30 days, not “5”.', 'analytics [7|14|30]'],
    ['analytics 7 days', 'analytics', 'Analytics covers 7, 14 or 30 days, not “7 days”.', 'analytics [7|14|30]'],
    [
      'notify',
      'notify',
      'Use `notify #channel [schedule]` to announce bookings in a channel, or `notify off [schedule]` for the default.',
      undefined,
    ],
    [
      'notify bookings',
      'notify',
      'Use `notify #channel [schedule]` to announce bookings in a channel, or `notify off [schedule]` for the default.',
      undefined,
    ],
    [
      'notify no-shows maybe',
      'notify',
      'Use `notify no-shows off` to stop the "Did they attend?" messages, or `notify no-shows on`.',
      undefined,
    ],
    ['status please', 'status', '`status` takes nothing after it: type `/zoom-schedule status` alone.', undefined],
    ['list all', 'list', '`list` takes nothing after it: type `/zoom-schedule list` alone.', undefined],
    ['connect zoom', 'connect', '`connect` takes nothing after it: type `/zoom-schedule connect` alone.', undefined],
    ['disconnect now', 'disconnect', '`disconnect` takes nothing after it: type `/zoom-schedule disconnect` alone.', undefined],
    ['availability mon', 'availability', '`availability` takes nothing after it: type `/zoom-schedule availability` alone.', undefined],
  ];

  it.each(errors)('answers %j with a specific sentence', (text, subcommand, error, usage) => {
    expect(parseCommand(text)).toEqual(
      usage === undefined ? { kind: 'invalid', subcommand, error } : { kind: 'invalid', subcommand, error, usage },
    );
  });
});

describe('parseChannelRef', () => {
  it('reads escaped mentions with and without a name, and bare names', () => {
    expect(parseChannelRef('<#C1|x>')).toEqual({ kind: 'id', id: 'C1', name: 'x' });
    expect(parseChannelRef('<#C1>')).toEqual({ kind: 'id', id: 'C1' });
    expect(parseChannelRef('#Sales-Team')).toEqual({ kind: 'name', name: 'sales-team' });
    expect(parseChannelRef('<@U123|bob>')).toBeUndefined();
    expect(parseChannelRef('#')).toBeUndefined();
    expect(parseChannelRef('sales')).toBeUndefined();
  });
});

describe('normalizeClockTime', () => {
  it('pads hours and refuses out-of-range values', () => {
    expect(normalizeClockTime('9:05')).toBe('09:05');
    expect(normalizeClockTime('00:00')).toBe('00:00');
    expect(normalizeClockTime('23:59')).toBe('23:59');
    expect(normalizeClockTime('24:00')).toBeUndefined();
    expect(normalizeClockTime('9:5')).toBeUndefined();
    expect(normalizeClockTime('nine')).toBeUndefined();
  });
});
