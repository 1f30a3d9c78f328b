import { WebClient } from '@slack/web-api';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkChannelPostable } from '../../../src/slack/flows/channel-check';

/** A Slack stand-in whose conversations.info answer (and delay) each test sets. */
let server: Server;
let answer: { delayMs: number; body: Record<string, unknown> };
let client: WebClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    }, answer.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new WebClient('xoxb-test', { slackApiUrl: `http://127.0.0.1:${port}/api/`, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const channel = (fields: Record<string, unknown>) => ({
  ok: true,
  channel: { id: 'C1', name: 'sales', is_private: false, is_member: false, ...fields },
});

describe('checkChannelPostable', () => {
  it('accepts a public channel the bot is not in (chat:write.public) and names it', async () => {
    answer = { delayMs: 0, body: channel({}) };
    expect(await checkChannelPostable(client, 'C1')).toEqual({ postable: true, name: 'sales' });
  });

  it('refuses a private channel the bot is not in, by name', async () => {
    answer = { delayMs: 0, body: channel({ is_private: true, name: 'secret' }) };
    expect(await checkChannelPostable(client, 'C1')).toEqual({
      postable: false,
      sentence: "I'm not in #secret — invite me with /invite @zoom-scheduler, or pick another channel.",
    });
  });

  it('refuses a channel hidden from the bot (channel_not_found)', async () => {
    answer = { delayMs: 0, body: { ok: false, error: 'channel_not_found' } };
    expect(await checkChannelPostable(client, 'C1')).toEqual({
      postable: false,
      sentence: "I'm not in that private channel — invite me with /invite @zoom-scheduler, or pick another channel.",
    });
  });

  it('refuses an archived channel', async () => {
    answer = { delayMs: 0, body: channel({ is_archived: true }) };
    expect(await checkChannelPostable(client, 'C1')).toEqual({ postable: false, sentence: '#sales is archived — pick another channel.' });
  });

  it('gives up within its bound when Slack is slow, leaving the answer to the post', async () => {
    answer = { delayMs: 400, body: channel({}) };
    const started = Date.now();
    expect(await checkChannelPostable(client, 'C1', 50)).toEqual({ postable: 'unknown' });
    expect(Date.now() - started).toBeLessThan(300);
    // Let the abandoned request finish, so the server closes with nothing in flight.
    await new Promise((resolve) => setTimeout(resolve, 450));
  });

  it('skips the check when Slack fails otherwise', async () => {
    answer = { delayMs: 0, body: { ok: false, error: 'ratelimited' } };
    expect(await checkChannelPostable(client, 'C1')).toEqual({ postable: 'unknown' });
  });
});
