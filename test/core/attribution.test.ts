import { withLinkAttribution } from '../../src/core/attribution';

describe('withLinkAttribution', () => {
  it('adds utm_source=slack, the channel and the schedule, keeping the link’s own query', () => {
    const tagged = withLinkAttribution('https://scheduler.zoom.us/d/abc?from=home&utm_source=old', {
      channelId: 'C0SALES',
      scheduleId: 's 1',
    });
    const url = new URL(tagged);
    expect(url.origin + url.pathname).toBe('https://scheduler.zoom.us/d/abc');
    expect(Object.fromEntries(url.searchParams)).toEqual({ from: 'home', utm_source: 'slack', utm_medium: 'C0SALES', utm_campaign: 's 1' });
  });

  it('leaves text that is not an http(s) URL untouched', () => {
    expect(withLinkAttribution('not a url', { channelId: 'C1', scheduleId: 's' })).toBe('not a url');
    expect(withLinkAttribution('mailto:a@b.c', { channelId: 'C1', scheduleId: 's' })).toBe('mailto:a@b.c');
  });
});
