import { WebClient, WebClientEvent, type WebClientOptions } from '@slack/web-api';
import type { Store } from '../../store';

/**
 * How every Web API client of the app calls Slack: once, for at most 10 s. The WebClient's own default retries a
 * failed call up to ten times over about thirty minutes and never times out, so a chat.postMessage whose answer was
 * lost would be posted again behind the delivery marker's back, and a person could wait half an hour for a
 * sentence. The app's own layers retry instead: the job runner (which asks Slack for the marked post first) and
 * the shared pacer for 429s.
 */
export const SLACK_WEB_API_POLICY = { retryConfig: { retries: 0 }, timeout: 10_000 } satisfies WebClientOptions;

/**
 * Web API clients for work that does not start from a Slack request (digests, Zoom webhooks, OAuth callback):
 * the single workspace's bot token, or the team's stored installation.
 */
export class SlackClients {
  private readonly cache = new Map<string, WebClient>();

  constructor(
    private readonly options: {
      store: Store;
      clientOptions: WebClientOptions;
      /** Single-workspace mode. */
      botToken?: string;
      /** Hears each 429 the Web API client waits out (seconds to wait), for metrics. */
      onRateLimited?: (retryAfterSeconds: number) => void;
    },
  ) {}

  async forTeam(teamId: string): Promise<WebClient | undefined> {
    const token = this.options.botToken ?? (await this.installedBotToken(teamId));
    if (!token) return undefined;
    let client = this.cache.get(token);
    if (!client) {
      client = new WebClient(token, this.options.clientOptions);
      const onRateLimited = this.options.onRateLimited;
      if (onRateLimited) client.on(WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number) => onRateLimited(retryAfterSeconds));
      this.cache.set(token, client);
    }
    return client;
  }

  private async installedBotToken(teamId: string): Promise<string | undefined> {
    const installation = await this.options.store.findInstallation({ teamId, isEnterpriseInstall: false });
    return installation?.bot?.token;
  }
}
