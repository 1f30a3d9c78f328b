import {
  barChart,
  changeLabel,
  durationLabel,
  escapeMrkdwn,
  mrkdwnLink,
  noShowLabel,
  slackDate,
  sparkline,
} from '../../../src/slack/blocks/format';

describe('format helpers', () => {
  it('escapes mrkdwn control characters, & first', () => {
    expect(escapeMrkdwn('a & <b> &amp;')).toBe('a &amp; &lt;b&gt; &amp;amp;');
  });

  it('builds a link whose label cannot end the link early', () => {
    expect(mrkdwnLink('https://x.test/a', 'Q|A <x>')).toBe('<https://x.test/a|Q¦A &lt;x&gt;>');
  });

  it('makes Slack date tokens with a zone-aware fallback', () => {
    const instant = new Date('2026-11-01T06:30:00Z');
    expect(slackDate(instant, 'America/New_York')).toBe('<!date^1793514600^{date_short_pretty} {time}|Sun 1 Nov 2026, 01:30 EST>');
    expect(slackDate(instant, 'Asia/Kathmandu', 'time')).toBe('<!date^1793514600^{time}|12:15 GMT+5:45>');
    expect(slackDate(instant, 'UTC', 'date')).toBe('<!date^1793514600^{date_short_pretty}|Sun 1 Nov 2026>');
  });

  it('labels durations', () => {
    expect([15, 60, 90, 1440].map(durationLabel)).toEqual(['15 min', '1 h', '1 h 30 min', '24 h']);
  });

  it('labels changes with arrows and percentages', () => {
    expect(changeLabel(13, 5, 'the 7 days before')).toBe('13 vs 5 the 7 days before (▲ +160%)');
    expect(changeLabel(12, 8, 'the 14 days before')).toBe('12 vs 8 the 14 days before (▲ +50%)');
    expect(changeLabel(3, 4, 'the day before')).toBe('3 vs 4 the day before (▼ −25%)');
    expect(changeLabel(5, 5, 'the day before')).toBe('5 vs 5 the day before (no change)');
    expect(changeLabel(2, 0, 'the day before')).toBe('2 vs 0 the day before (new)');
    expect(changeLabel(0, 3, 'the 7 days before')).toBe('0 vs 3 the 7 days before (▼ −100%)');
  });

  it('draws a bar chart scaled to the largest value', () => {
    expect(
      barChart([
        { label: 'Mon', value: 4 },
        { label: 'Tue', value: 0 },
        { label: 'Wed', value: 2 },
      ]),
    ).toBe(`Mon ${'█'.repeat(20)} 4\nTue 0\nWed ${'█'.repeat(10)} 2`);
  });

  it('draws a sparkline scaled to the largest value, a zero lowest and any booking above it', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([0, 0, 1, 0, 1, 0, 1])).toBe('▁▁█▁█▁█');
    expect(sparkline([1, 100])).toBe('▂█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });

  it('gives both figures of the no-show rate', () => {
    expect(noShowLabel({ noShows: 1, attendees: 8 })).toBe('1 of 8 attendees (13%)');
    expect(noShowLabel({ noShows: 0, attendees: 1 })).toBe('0 of 1 attendee (0%)');
  });
});
