import type { LocalStack } from '../../dev/local-stack';
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { digestsIn, startDigestStack, TestClock } from './digest-support';

/**
 * Zoom's rate limits are per Zoom account, shared by everyone in one company. The scheduled digest is the app
 * calling on its own, so its Zoom calls go through the app's per-account limiter, which learns the
 * account's limit from Zoom's X-RateLimit headers and honours Retry-After.
 */
describe('the scheduled digest is paced per Zoom account', () => {
  const clock = new TestClock(Date.parse('2026-03-06T12:00:00Z'));
  let zoom: ZoomMock;
  let stack: LocalStack;
  const ZOOM_LIMIT = 25;

  beforeAll(async () => {
    zoom = await startZoomMock({ host: '127.0.0.1', now: clock.now, rateLimit: { perSecond: ZOOM_LIMIT } });
    stack = await startDigestStack(clock, { zoomMock: zoom });
    await stack.connectZoom('U0ALICE');
  });
  afterAll(async () => {
    await stack.stop();
    await zoom.close();
  });

  it("learns the account's limit from Zoom's answers to the digest's calls, and delivers the digest", async () => {
    const accountKey = `zoom-account:${zoom.accountId}`;
    expect(stack.app.zoomRateLimiter.rateOf(accountKey)).not.toBe(ZOOM_LIMIT);
    await stack.command('U0ALICE', 'events week'); // a person's command: not paced, so nothing is learned
    expect(stack.app.zoomRateLimiter.rateOf(accountKey)).not.toBe(ZOOM_LIMIT);

    await stack.command('U0ALICE', 'digest on 08:00');
    // The mock counts real one-second windows: start the digest in a fresh one, as a 9:00 run would.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const results = await stack.app.digestScheduler.runOnce(clock.set('2026-03-06T13:00:30Z'));
    expect(results.map((r) => r.outcome)).toEqual(['sent']);
    expect(digestsIn(stack.slack, stack.slack.dmChannelId('U0ALICE'))).toHaveLength(1);
    expect(stack.app.zoomRateLimiter.rateOf(accountKey)).toBe(ZOOM_LIMIT);
    expect(zoom.stats.requests.filter((r) => r.status === 429)).toEqual([]);
  });
});
