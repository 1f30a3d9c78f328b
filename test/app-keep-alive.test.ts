/**
 * Keep-alive to Slack and to Zoom: @slack/web-api 8 sends through Node's fetch, on undici's pooled connections, and
 * the Zoom transport through node:http on a keep-alive agent of its own; both keep connections open between
 * requests. Twenty calls in a row open a connection or two (undici's pool may alternate between two), not twenty.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { staticAccessToken, ZoomSchedulerClient } from '../src/zoom';

const CALLS = 20;

/** A loopback server answering `body`, counting the TCP connections opened to it. */
async function countingServer(body: unknown) {
  let connections = 0;
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

it('Slack Web API calls reuse their connections', async () => {
  const server = await countingServer({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT' });
  try {
    const slack = new WebClient('xoxb-test', { slackApiUrl: `${server.baseUrl}/api/`, retryConfig: { retries: 0 } });
    for (let i = 0; i < CALLS; i += 1) expect((await slack.auth.test()).ok).toBe(true);
    expect(server.connections()).toBeLessThanOrEqual(2);
  } finally {
    await server.close();
  }
});

it('Zoom API calls reuse their connections', async () => {
  const server = await countingServer({ id: 'zoom-user-1', email: 'alice@example.com', account_id: 'acct-1' });
  try {
    const zoom = new ZoomSchedulerClient({ apiBaseUrl: `${server.baseUrl}/v2` }).as(staticAccessToken('zoom-token'));
    for (let i = 0; i < CALLS; i += 1) expect((await zoom.getCurrentUser()).id).toBe('zoom-user-1');
    expect(server.connections()).toBeLessThanOrEqual(2);
  } finally {
    await server.close();
  }
});
