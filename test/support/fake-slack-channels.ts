import { WebClient } from '@slack/web-api';
import { startFakeSlack, type FakeSlack } from '../../dev/fake-slack';

/** A fake Slack on a clock the test moves, with one person and two public channels, only one of which the bot is in. */
export interface ChannelsWorkspace {
  readonly slack: FakeSlack;
  /** The fake Slack's clock (epoch ms): reset to the real time before each test, moved by the test. */
  now: number;
  /** A Web API client with Slack's retries off, so that an error reaches the test as Slack answered it. */
  client(token?: string): WebClient;
}

/** Starts the workspace for the suite and resets it before each test. */
export function useChannelsWorkspace(): ChannelsWorkspace {
  let slack: FakeSlack | undefined;
  const workspace: ChannelsWorkspace = {
    get slack() {
      if (!slack) throw new Error('the fake Slack starts in beforeAll; use it inside a test');
      return slack;
    },
    now: Date.now(),
    client: (token) =>
      new WebClient(token ?? workspace.slack.botToken, { slackApiUrl: workspace.slack.apiUrl, retryConfig: { retries: 0 } }),
  };
  beforeAll(async () => {
    slack = await startFakeSlack({
      now: () => workspace.now,
      users: [{ id: 'U0ALEX', name: 'alex', tz: 'America/New_York' }],
      channels: [
        { id: 'C0PUBLIC', name: 'general', isPrivate: false, botIsMember: false },
        { id: 'C0JOINED', name: 'sales', isPrivate: false, botIsMember: true },
      ],
    });
  });
  afterAll(() => slack?.close());
  beforeEach(() => {
    workspace.slack.reset();
    workspace.now = Date.now();
  });
  return workspace;
}
