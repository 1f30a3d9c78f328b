import { randomBytes } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../dev/local-stack';
import { Metrics, safeLabel } from '../src/metrics';
import { startDigestStack, TestClock } from './jobs/digest-support';
import { zoomAs } from './slack/listeners/e2e-helpers';

jest.setTimeout(60_000);

const METRICS_TOKEN = randomBytes(24).toString('hex');
const clock = new TestClock(Date.parse('2026-06-10T14:00:00Z')); // 10:00 in New York: the 09:00 digest is an hour late
let stack: LocalStack;

beforeAll(async () => {
  stack = await startDigestStack(clock, { env: { METRICS_TOKEN } });
  expect((await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id })).status).toBe(200);
});
afterAll(() => stack.stop());

function scrape(authorization?: string): Promise<Response> {
  return fetch(`${stack.baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });
}

async function scrapeText(): Promise<string> {
  const response = await scrape(`Bearer ${METRICS_TOKEN}`);
  expect(response.status).toBe(200);
  return response.text();
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
      if (!match) throw new Error(`not a Prometheus sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sum of every sample of `name` whose labels include `labels`. */
function total(text: string, name: string, labels: Record<string, string> = {}): number {
  return samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('GET /metrics', () => {
  it('answers 401 without the bearer token, with a wrong one, or with another scheme', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.text()).not.toContain('zoom_scheduler_');
    }
  });

  it('serves Prometheus text with the default Node process metrics to the right bearer token', async () => {
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(text).toContain('# TYPE zoom_scheduler_queued_work gauge');
  });

  it('counts commands, a webhook, Zoom calls and a late digest as they go through the app', async () => {
    const before = await scrapeText();

    expect((await stack.command('U0ALICE', 'status')).request.status).toBe(200);
    expect((await stack.command('U0ALICE', 'help')).request.status).toBe(200);
    expect((await stack.command('U0ALICE', 'digest on')).request.status).toBe(200);

    const { items } = await zoomAs(stack).listSchedules({ page_size: 10 });
    const deliveriesBefore = stack.zoom.webhookDeliveries.length;
    await stack.zoom.book({
      scheduleId: items[0]!.schedule_id,
      invitee: { email: 'dana@example.com', firstName: 'Dana', lastName: 'Scully' },
    });
    await stack.waitFor(() => stack.zoom.webhookDeliveries.length > deliveriesBefore, 'the booking webhook');
    await stack.app.services.zoomWebhooks.idle();

    const results = await stack.app.digestScheduler.runOnce();
    expect(results.map((r) => r.outcome)).toEqual(['sent']);

    const after = await scrapeText();
    const moved = (name: string, labels: Record<string, string> = {}) => total(after, name, labels) - total(before, name, labels);
    expect(moved('zoom_scheduler_requests_total', { kind: 'command', outcome: 'ok' })).toBe(3);
    expect(moved('zoom_scheduler_request_duration_seconds_count', { kind: 'command' })).toBe(3);
    expect(moved('zoom_scheduler_requests_total', { kind: 'webhook', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(moved('zoom_scheduler_zoom_requests_total')).toBeGreaterThan(0);
    expect(samples(after).some((s) => s.name === 'zoom_scheduler_zoom_requests_total' && s.labels.status === '200')).toBe(true);
    expect(moved('zoom_scheduler_digests_total', { outcome: 'sent' })).toBe(1);
    expect(moved('zoom_scheduler_digests_late_total')).toBe(1);
  });

  it("counts a Slack 429 met while posting, from Slack's Retry-After", async () => {
    const before = await scrapeText();
    stack.slack.rateLimitNext('chat.postMessage', 0, 1);
    expect((await stack.command('U0ALICE', 'digest now')).request.status).toBe(200);
    const after = await scrapeText();
    const waits = (text: string) => total(text, 'zoom_scheduler_slack_rate_limit_waits_total', { source: 'web_api' });
    expect(waits(after) - waits(before)).toBe(1);
  });

  it('puts no token, secret, user id or team id in any label value', async () => {
    await stack.command('U0BOB', 'status');
    const text = await scrapeText();
    const secrets = [
      METRICS_TOKEN,
      stack.signingSecret,
      stack.slack.botToken,
      stack.zoom.clientSecret,
      stack.zoom.issueTokensFor(stack.zoom.defaultUser.id).access_token,
      'U0ALICE',
      'U0BOB',
      stack.teamId,
      stack.zoom.defaultUser.id,
    ];
    const values = samples(text).flatMap((s) => Object.values(s.labels));
    expect(values.length).toBeGreaterThan(10);
    for (const value of values) {
      for (const secret of secrets) expect(value).not.toContain(secret);
      // Closed sets only: names, numbers, bucket bounds; nothing that looks like an id or a token.
      expect(value).toMatch(/^[a-zA-Z0-9_.+\-/ ]{0,64}$/);
    }
  });
});

describe('without METRICS_TOKEN', () => {
  it('has no /metrics route at all', async () => {
    const plain = await startLocalStack();
    try {
      const response = await fetch(`${plain.baseUrl}/metrics`, { headers: { authorization: 'Bearer anything' } });
      expect(response.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});

describe('Metrics', () => {
  it('counts a rate-limited Zoom attempt that is retried, by operation and reason', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.zoomCall({ operation: 'list_schedules', status: 429, durationMs: 12, retrying: true });
    metrics.zoomCall({ operation: 'list_schedules', status: 200, durationMs: 30, retrying: false });
    metrics.zoomCall({ operation: 'oauth.refresh', status: 'timeout', durationMs: 15_000, retrying: false });
    const text = await metrics.text();
    expect(total(text, 'zoom_scheduler_zoom_requests_total', { operation: 'list_schedules', status: '429' })).toBe(1);
    expect(total(text, 'zoom_scheduler_zoom_requests_total', { operation: 'list_schedules', status: '200' })).toBe(1);
    expect(total(text, 'zoom_scheduler_zoom_retries_total', { operation: 'list_schedules', reason: 'rate_limited' })).toBe(1);
    expect(total(text, 'zoom_scheduler_zoom_requests_total', { operation: 'oauth.refresh', status: 'timeout' })).toBe(1);
  });

  it('folds anything that is not a code constant into "other"', () => {
    expect(safeLabel('get_schedule')).toBe('get_schedule');
    expect(safeLabel('zoom.webhook')).toBe('zoom.webhook');
    expect(safeLabel('xoxb-123-secret')).toBe('other');
    expect(safeLabel('U0ALICE')).toBe('other');
    expect(safeLabel('a'.repeat(80))).toBe('other');
  });

  it('reads queued work at scrape time and reports its age against the app clock', async () => {
    let queued = [{ queue: 'zoom.webhook', count: 3, oldestDueAt: new Date(1_000_000) }];
    const metrics = new Metrics({ processMetrics: false, queuedWork: async () => queued, now: () => 1_090_000 });
    let text = await metrics.text();
    expect(total(text, 'zoom_scheduler_queued_work', { queue: 'zoom.webhook' })).toBe(3);
    expect(total(text, 'zoom_scheduler_queued_work_oldest_age_seconds', { queue: 'zoom.webhook' })).toBe(90);
    queued = [];
    await new Promise((resolve) => setImmediate(resolve));
    text = await metrics.text();
    expect(total(text, 'zoom_scheduler_queued_work', { queue: 'zoom.webhook' })).toBe(0);
  });

  it('counts token refreshes, digest outcomes and Slack waits by their closed labels', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.tokenRefresh('ok');
    metrics.tokenRefresh('invalid_grant');
    metrics.digest('sent', 60_000);
    metrics.digest('skipped', 0);
    metrics.slackWait('web_api', 3_000);
    metrics.slackWait('pacer', 500);
    const text = await metrics.text();
    expect(total(text, 'zoom_scheduler_zoom_token_refreshes_total', { outcome: 'invalid_grant' })).toBe(1);
    expect(total(text, 'zoom_scheduler_digests_total')).toBe(2);
    expect(total(text, 'zoom_scheduler_digests_late_total')).toBe(0);
    expect(total(text, 'zoom_scheduler_slack_rate_limit_wait_seconds_total', { source: 'web_api' })).toBe(3);
    expect(total(text, 'zoom_scheduler_slack_rate_limit_waits_total')).toBe(2);
  });
});
