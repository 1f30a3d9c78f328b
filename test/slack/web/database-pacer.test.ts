import { WebClient } from '@slack/web-api';
import { startFakeSlack, type FakeSlack } from '../../../dev/fake-slack';
import { SharedSlackPacer } from '../../../src/slack/web/database-pacer';
import { conversationKey, postMessage } from '../../../src/slack/web/post';
import { describeEachProvider } from '../../store/databases';

/**
 * Two app instances on one database (two stores, two pacers, two Slack clients, as two processes would have)
 * post to one channel of a fake Slack that enforces chat.postMessage's per-channel limit: the posts arrive a
 * second apart, and a 429 holds both instances back and is then delivered, not dropped.
 */
let slack: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack({
    channels: [
      { id: 'C0SALES', name: 'sales', isPrivate: false, botIsMember: true },
      { id: 'C0OPS', name: 'ops', isPrivate: false, botIsMember: true },
    ],
  });
});
afterAll(() => slack.close());
beforeEach(() => {
  slack.reset();
  slack.enforcePostRate(false);
});

function slackClient(): WebClient {
  return new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

function deliveredPosts(channel: string) {
  return slack.calls.filter((call) => call.method === 'chat.postMessage' && call.args.channel === channel && call.status === undefined);
}

function gapsMs(times: number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.slice(1).map((t, i) => t - sorted[i]!);
}

describeEachProvider('shared Slack pacer', (db) => {
  it('spaces posts to one channel from two instances a second apart, with no 429', async () => {
    // Slack allows short bursts; two in a second would pass, so only pacing keeps three from landing at once.
    slack.enforcePostRate({ burst: 2 });
    const instances = [0, 1].map(() => ({ pacer: new SharedSlackPacer({ slots: db().openStore() }), client: slackClient() }));
    const key = conversationKey(slack.teamId, 'C0SALES');

    const taskStarts: number[] = [];
    const posts = instances.flatMap(({ pacer, client }, instance) =>
      [0, 1, 2].map((n) =>
        pacer.schedule(key, () => {
          taskStarts.push(Date.now());
          return postMessage(client, 'C0SALES', { text: `instance ${instance} post ${n}`, blocks: [] });
        }),
      ),
    );
    const posted = await Promise.all(posts);

    expect(posted.every((post) => post.ts !== '')).toBe(true);
    expect(slack.calls.filter((call) => call.status === 429)).toEqual([]);
    expect(deliveredPosts('C0SALES')).toHaveLength(6);
    // A post starts at most 100 ms after its slot (else it takes a new one), so starts are ≥ 900 ms apart; what the
    // HTTP hop adds after the start the pacer cannot see, and Slack's short-burst allowance absorbs it.
    for (const gap of gapsMs(taskStarts)) expect(gap).toBeGreaterThanOrEqual(900);
    const arrivals = deliveredPosts('C0SALES').map((call) => call.receivedAt);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(4500);
  }, 20_000);

  it("a 429's Retry-After holds both instances, then the post is delivered", async () => {
    const [first, second] = [0, 1].map(() => ({ pacer: new SharedSlackPacer({ slots: db().openStore() }), client: slackClient() }));
    slack.rateLimitNext('chat.postMessage', 2);
    const startedAt = Date.now();

    const limited = first!.pacer.schedule(conversationKey(slack.teamId, 'C0SALES'), () =>
      postMessage(first!.client, 'C0SALES', { text: 'met a 429', blocks: [] }),
    );
    // Let the 429 land and be recorded before the other instance posts elsewhere in the workspace.
    await waitFor(() => slack.calls.some((call) => call.status === 429));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const other = second!.pacer.schedule(conversationKey(slack.teamId, 'C0OPS'), () =>
      postMessage(second!.client, 'C0OPS', { text: 'held by the 429', blocks: [] }),
    );
    await Promise.all([limited, other]);

    expect(slack.messagesIn('C0SALES').map((m) => m.text)).toEqual(['met a 429']);
    expect(slack.messagesIn('C0OPS').map((m) => m.text)).toEqual(['held by the 429']);
    for (const channel of ['C0SALES', 'C0OPS']) {
      const [delivered] = deliveredPosts(channel);
      expect(delivered!.receivedAt - startedAt).toBeGreaterThanOrEqual(1900);
    }
  }, 20_000);

  it('a failure other than a 429 is not retried', async () => {
    const pacer = new SharedSlackPacer({ slots: db().openStore() });
    slack.failNext('chat.postMessage', 'channel_not_found');
    await expect(
      pacer.schedule(conversationKey(slack.teamId, 'C0SALES'), () => postMessage(slackClient(), 'C0SALES', { text: 'x', blocks: [] })),
    ).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    expect(slack.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeEachProvider('shared Slack pacer: the hold read', (db) => {
  /** A store whose hold reads are counted, as the database would see them. */
  function countingSlots() {
    const store = db().openStore();
    const counted = { reads: 0 };
    const slots = {
      reserveSlackPostSlot: store.reserveSlackPostSlot.bind(store),
      holdSlackPostsUntil: store.holdSlackPostsUntil.bind(store),
      slackPostsHeldUntil: (key: string) => {
        counted.reads++;
        return store.slackPostsHeldUntil(key);
      },
    };
    return { slots, counted };
  }

  it("posts of one workspace reaching their slots together share one read of the workspace's hold", async () => {
    const { slots, counted } = countingSlots();
    const pacer = new SharedSlackPacer({ slots });
    const channels = Array.from({ length: 8 }, (_, n) => `C0SHARE${n}`);
    await Promise.all(channels.map((channel) => pacer.schedule(conversationKey('T0SHARE', channel), async () => channel)));
    expect(counted.reads).toBeGreaterThanOrEqual(1);
    expect(counted.reads).toBeLessThan(channels.length);
  });

  it('a hold written by another process after this one read the hold is seen once the read is 100 ms old', async () => {
    const { slots, counted } = countingSlots();
    const pacer = new SharedSlackPacer({ slots });
    const other = db().openStore();
    await pacer.schedule(conversationKey('T0OTHER', 'C0A'), async () => 'first');
    expect(counted.reads).toBe(1);
    const heldUntil = Date.now() + 1500;
    await other.holdSlackPostsUntil('blocked:T0OTHER:chat.postMessage', new Date(heldUntil));
    await new Promise((resolve) => setTimeout(resolve, 150));
    let startedAt = 0;
    await pacer.schedule(conversationKey('T0OTHER', 'C0B'), async () => (startedAt = Date.now()));
    expect(startedAt).toBeGreaterThanOrEqual(heldUntil);
  }, 10_000);

  it('a 429 met by this process holds its next post at once, without waiting for a fresh read', async () => {
    const { slots } = countingSlots();
    const pacer = new SharedSlackPacer({ slots });
    const rateLimited = Object.assign(new Error('ratelimited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    let calls = 0;
    const startedAt: number[] = [];
    const first = pacer.schedule(conversationKey('T0SELF', 'C0A'), async () => {
      startedAt.push(Date.now());
      if (calls++ === 0) throw rateLimited;
      return 'retried';
    });
    // Posted while the first post's read is still fresh: only the remembered 429 can hold it.
    await waitFor(() => calls === 1);
    const heldFrom = Date.now();
    let secondAt = 0;
    const second = pacer.schedule(conversationKey('T0SELF', 'C0B'), async () => (secondAt = Date.now()));
    await Promise.all([first, second]);
    expect(secondAt - heldFrom).toBeGreaterThanOrEqual(900);
  }, 10_000);
});
