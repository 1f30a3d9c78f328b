import type { LocalStack } from '../../dev/local-stack';
import { connectNewZoomUser, digestsIn, startDigestStack, TestClock } from './digest-support';

/**
 * A scheduler run looks at every subscription, every 30 s in production, so what it costs per subscriber is paid
 * thousands of times a day. A digest already sent today must cost no database read and no Slack call in later runs,
 * and one whose time is hours away at most one zone read an hour.
 */
describe('the scheduler scan', () => {
  const clock = new TestClock(Date.parse('2026-06-08T12:00:00Z'));
  let queries: string[] = [];
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startDigestStack(clock, {
      users: [
        { id: 'U0ALICE', name: 'alice', tz: 'America/New_York' },
        { id: 'U0BOB', name: 'bob', tz: 'Europe/Berlin' },
      ],
      onDatabaseQuery: (query) => queries.push(`${query.model}.${query.operation}`),
    });
    await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
    await connectNewZoomUser(stack, 'U0BOB', 'Europe/Berlin');
    await stack.command('U0ALICE', 'digest on 09:00'); // 13:00 UTC
    await stack.command('U0BOB', 'digest on 09:00'); // 07:00 UTC: today's is owed at once
  });
  afterAll(() => stack.stop());

  const run = async (iso: string) => (await stack.app.digestScheduler.runOnce(clock.set(iso))).map((r) => `${r.localDate}:${r.outcome}`);
  // The list's reads: the rows changed since the last run, and a count of the enabled ones.
  const beyondTheList = () => queries.filter((query) => query !== 'DigestSubscription.findMany' && query !== 'DigestSubscription.count');

  it('once today is sent, later runs read the subscription list and nothing else', async () => {
    expect(await run('2026-06-08T12:00:30Z')).toEqual(['2026-06-08:sent']);
    expect(await run('2026-06-08T13:00:00Z')).toEqual(['2026-06-08:sent']);
    queries = [];
    const slackCalls = stack.slack.calls.length;
    for (const iso of ['2026-06-08T13:00:30Z', '2026-06-08T13:01:00Z', '2026-06-08T18:00:00Z', '2026-06-08T21:59:00Z']) {
      expect(await run(iso)).toEqual([]);
    }
    expect(beyondTheList()).toEqual([]);
    expect(stack.slack.calls.slice(slackCalls)).toEqual([]);
  });

  it('a digest hours away costs at most one zone read an hour; the next day is sent once', async () => {
    queries = [];
    // Midnight in Berlin (the 9th): Bob's next digest is 07:00 UTC; Alice's day (the 8th in New York) is settled.
    expect(await run('2026-06-08T22:00:00Z')).toEqual([]);
    const firstRun = beyondTheList().length;
    expect(firstRun).toBeGreaterThan(0);
    queries = [];
    for (const iso of ['2026-06-08T22:00:30Z', '2026-06-08T22:01:00Z', '2026-06-08T22:30:00Z']) expect(await run(iso)).toEqual([]);
    expect(beyondTheList()).toEqual([]);
    expect(await run('2026-06-09T07:00:00Z')).toEqual(['2026-06-09:sent']);
    expect(digestsIn(stack.slack, stack.slack.dmChannelId('U0BOB'))).toHaveLength(2);
  });
});
