import { assertWithinSlackLimits, homeView } from '../../../src/slack/blocks';
import { homeData } from './fixtures';
import { allText } from './helpers';

describe('homeView: Zoom unavailable and the next digest', () => {
  it('replaces bookings and schedules with the sentence, keeps the settings, and stays within limits', () => {
    const view = homeView(homeData({ zoomUnavailable: "Zoom isn't answering right now. Please try again in a minute." }));
    const text = allText(view);
    expect(text).toContain(
      ":warning: Zoom is unavailable right now, so bookings and schedules are not shown. Zoom isn't answering right now.",
    );
    expect(text).not.toContain('Next bookings');
    expect(text).not.toContain('*Schedules*');
    expect(text).toContain('Daily digest at *09:00*');
    expect(assertWithinSlackLimits('home', view)).toEqual([]);
  });

  it('a Scheduler refusal is told as what it is, not as an outage', () => {
    const view = homeView(homeData({ zoomUnavailable: 'Ask your Zoom admin for a licence.', zoomRefusesScheduler: true }));
    const text = allText(view);
    expect(text).toContain(':warning: Zoom no longer lets your account use Scheduler');
    expect(text).toContain('Ask your Zoom admin for a licence.');
    expect(text).not.toContain('unavailable right now');
    expect(assertWithinSlackLimits('home', view)).toEqual([]);
  });

  it("shows the digest's own zone and its next send as a Slack date token", () => {
    const nextAt = new Date('2026-03-11T12:30:00Z');
    const view = homeView(homeData({ digest: { enabled: true, time: '08:30', timeZone: 'America/New_York', nextAt } }));
    const text = allText(view);
    expect(text).toContain('Daily digest at *08:30* (America/New_York) to a DM from me');
    expect(text).toContain(`next <!date^${nextAt.getTime() / 1000}^`);
    expect(assertWithinSlackLimits('home', view)).toEqual([]);
  });
});
