import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { type FakeSlack, startFakeSlack } from '../../dev/fake-slack';
import { unfurlLinks } from '../../src/slack/web/post';

let slack: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack({
    users: [{ id: 'U0ALEX', name: 'alex', tz: 'America/New_York' }],
    channels: [{ id: 'C0PUBLIC', name: 'general', isPrivate: false, botIsMember: false }],
  });
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const client = () => new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
const URL_PASTED = 'https://scheduler.zoom.us/alex/intro';
const preview = { blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: '*Intro call*' } }] };

async function errorOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as WebAPIPlatformError).data?.error;
  }
}

describe('chat.unfurl and link_shared, as Slack does them', () => {
  it('announces a pasted link with the fields of link_shared and records the message', () => {
    const event = slack.shareLinks({ channel: 'C0PUBLIC', user: 'U0ALEX', urls: [URL_PASTED] });
    expect(event).toMatchObject({
      type: 'link_shared',
      channel: 'C0PUBLIC',
      user: 'U0ALEX',
      source: 'conversations_history',
      links: [{ domain: 'scheduler.zoom.us', url: URL_PASTED }],
    });
    expect(typeof event.unfurl_id).toBe('string');
    expect(slack.messagesIn('C0PUBLIC').map((m) => m.ts)).toEqual([event.message_ts]);
  });

  it('accepts unfurl_id + source and channel + ts, each pair whole', async () => {
    const event = slack.shareLinks({ channel: 'C0PUBLIC', user: 'U0ALEX', urls: [URL_PASTED] });
    await unfurlLinks(client(), { unfurlId: String(event.unfurl_id), source: 'conversations_history' }, { [URL_PASTED]: preview });
    await unfurlLinks(client(), { channel: 'C0PUBLIC', ts: String(event.message_ts) }, { [URL_PASTED]: preview });
    expect(slack.unfurls).toHaveLength(2);
    expect(await errorOf(client().chat.unfurl({ unfurl_id: String(event.unfurl_id), unfurls: {} } as never))).toBe('invalid_arguments');
    expect(
      await errorOf(client().apiCall('chat.unfurl', { channel: 'C0PUBLIC', unfurls: JSON.stringify({ [URL_PASTED]: preview }) })),
    ).toBe('invalid_arguments');
  });

  it('refuses URLs that are not in the message, unknown messages and blocks over the limits', async () => {
    const event = slack.shareLinks({ channel: 'C0PUBLIC', user: 'U0ALEX', urls: [URL_PASTED] });
    const target = { unfurlId: String(event.unfurl_id), source: 'conversations_history' as const };
    expect(await errorOf(unfurlLinks(client(), target, { 'https://scheduler.zoom.us/other': preview }))).toBe('cannot_unfurl_url');
    expect(await errorOf(unfurlLinks(client(), { channel: 'C0PUBLIC', ts: '1.000001' }, { [URL_PASTED]: preview }))).toBe(
      'cannot_find_message',
    );
    const tooLong = { blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'x'.repeat(3001) } }] };
    expect(await errorOf(unfurlLinks(client(), target, { [URL_PASTED]: tooLong }))).toBe('invalid_blocks');
    expect(slack.unfurls).toEqual([]);
    slack.violations.length = 0;
  });

  it('takes a link still in the composer by unfurl_id and source composer only', async () => {
    const event = slack.shareLinks({ channel: 'C0PUBLIC', user: 'U0ALEX', urls: [URL_PASTED], source: 'composer' });
    expect(slack.messagesIn('C0PUBLIC')).toEqual([]);
    const wrongSource = { unfurlId: String(event.unfurl_id), source: 'conversations_history' as const };
    expect(await errorOf(unfurlLinks(client(), wrongSource, { [URL_PASTED]: preview }))).toBe('cannot_find_message');
    await unfurlLinks(client(), { unfurlId: String(event.unfurl_id), source: 'composer' }, { [URL_PASTED]: preview });
    expect(slack.unfurls).toHaveLength(1);
  });
});
