import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CustomRoute } from '@slack/bolt';
import { createLogger } from '../../src/logger';
import { MAX_WEBHOOK_BODY_BYTES, zoomWebhooksRoute } from '../../src/routes/zoom-webhooks';
import { ZOOM_WEBHOOK_JOB, ZoomWebhookIntake, type ZoomWebhookHandlers } from '../../src/core/zoom-webhooks';
import { JobRunner } from '../../src/jobs/job-runner';
import type { DeauthorizationNotice, ScheduledEventNotice } from '../../src/core/zoom-webhook-payloads';
import { applyMigrations, createStore, type Store } from '../../src/store';
import { signZoomWebhook } from '../../src/zoom';
import { createTempDir, type TempDir } from '../support/temp-dir';

/**
 * The route and intake on a bare HTTP server (no Bolt), for what the local stack cannot show: a missing secret,
 * oversized and unusable bodies, and processing that is slow or fails after the answer.
 */

const SECRET = randomBytes(16).toString('hex');

let dir: TempDir;
let store: Store;
let logLines: string[];

beforeAll(async () => {
  dir = createTempDir();
  const databaseUrl = `file:${path.join(dir.path, 'webhooks.db')}`;
  await applyMigrations(databaseUrl);
  store = createStore({ databaseUrl, encryptionKey: randomBytes(32).toString('base64') });
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

interface Harness {
  url: string;
  intake: ZoomWebhookIntake;
  runner: JobRunner;
  scheduled: ScheduledEventNotice[];
  deauthorized: DeauthorizationNotice[];
  close(): Promise<void>;
}

async function startHarness(options: { secretToken: string | undefined; onScheduled?: () => Promise<void> }): Promise<Harness> {
  logLines = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  });
  const scheduled: ScheduledEventNotice[] = [];
  const deauthorized: DeauthorizationNotice[] = [];
  const handlers: ZoomWebhookHandlers = {
    scheduledEvent: async (notice) => {
      scheduled.push(notice);
      await options.onScheduled?.();
    },
    deauthorized: async (notice) => {
      deauthorized.push(notice);
    },
  };
  const runner = new JobRunner({ store, logger, pollMs: 50, jitterMs: 10, firstRetryDelayMs: 200, maxRetryDelayMs: 200, random: () => 1 });
  const intake = new ZoomWebhookIntake({ secretToken: options.secretToken, store, now: Date.now, logger, handlers, worker: runner });
  runner.register(ZOOM_WEBHOOK_JOB, (payload) => intake.processStored(payload));
  runner.start();
  const route = zoomWebhooksRoute(intake, logger);
  const server: Server = createServer((req, res) => route.handler(req as Parameters<CustomRoute['handler']>[0], res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/zoom/webhooks`,
    intake,
    runner,
    scheduled,
    deauthorized,
    close: async () => {
      await runner.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function createdBody(eventId: string) {
  return {
    event: 'scheduler.scheduled_event_created',
    event_ts: Date.now(),
    payload: {
      account_id: 'acct',
      user_id: 'zoomHost1',
      object: {
        invitee_email: 'dana@example.com',
        invitee_first_name: 'Dana',
        invitee_last_name: 'Scully',
        questions_and_answers: [
          { question: 'Second?', position: 1, answer: ['b'] },
          { question: 'First?', position: 0, answer: ['a', 'c'] },
        ],
        scheduled_event: {
          event_id: eventId,
          summary: 'Intro call',
          start_date_time: '2031-03-04T10:00:00-05:00',
          end_date_time: '2031-03-04T10:30:00-05:00',
          external_location: { kind: 'zoom', meeting_join_url: 'https://zoom.us/j/123' },
        },
      },
    },
  };
}

async function post(url: string, body: string, secretToken = SECRET): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signZoomWebhook({ secretToken, rawBody: body, timestampSeconds: Date.now() / 1000 }),
      'x-zm-request-id': randomUUID(),
    },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('ZoomWebhookIntake behind POST /zoom/webhooks', () => {
  it('refuses everything while no secret token is configured, and records nothing', async () => {
    const harness = await startHarness({ secretToken: undefined });
    try {
      const eventId = `no-secret-${randomUUID()}`;
      const answer = await post(harness.url, JSON.stringify(createdBody(eventId)));
      expect(answer).toEqual({ status: 503, json: { error: 'webhook verification is not configured' } });
      await harness.intake.idle();
      expect(harness.scheduled).toEqual([]);
      // Nothing was stored under the event's key: once configured, Zoom's retry goes through.
      expect(await store.getJobByDedupeKey(`zoom-event:scheduler.scheduled_event_created:${eventId}:dana@example.com`)).toBeNull();
    } finally {
      await harness.close();
    }
  });

  it('answers before the processing finishes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const harness = await startHarness({ secretToken: SECRET, onScheduled: () => gate });
    try {
      const answer = await post(harness.url, JSON.stringify(createdBody(`slow-${randomUUID()}`)));
      expect(answer).toEqual({ status: 200, json: { status: 'accepted' } });
      await until(() => harness.scheduled.length === 1);
      let idle = false;
      const idlePromise = harness.intake.idle().then(() => {
        idle = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(idle).toBe(false);
      release();
      await idlePromise;
      expect(idle).toBe(true);
    } finally {
      await harness.close();
    }
  });

  it('hands the handler a checked notice: answers in position order, join URL, invitee', async () => {
    const harness = await startHarness({ secretToken: SECRET });
    try {
      const eventId = `parsed-${randomUUID()}`;
      await post(harness.url, JSON.stringify(createdBody(eventId)));
      await harness.intake.idle();
      expect(harness.scheduled).toEqual([
        {
          kind: 'created',
          hostZoomUserId: 'zoomHost1',
          eventId,
          title: 'Intro call',
          start: new Date('2031-03-04T15:00:00Z'),
          end: new Date('2031-03-04T15:30:00Z'),
          invitee: { name: 'Dana Scully', email: 'dana@example.com' },
          answers: [
            { question: 'First?', answer: 'a, c' },
            { question: 'Second?', answer: 'b' },
          ],
          where: 'https://zoom.us/j/123',
          rescheduled: false,
        },
      ]);
    } finally {
      await harness.close();
    }
  });

  it('a processing failure after the answer is logged without secrets and retried from the store until it succeeds', async () => {
    let outage = 2;
    const harness = await startHarness({
      secretToken: SECRET,
      onScheduled: async () => {
        if (outage-- > 0) throw new Error('Slack is down');
      },
    });
    try {
      const eventId = `fails-${randomUUID()}`;
      expect((await post(harness.url, JSON.stringify(createdBody(eventId)))).status).toBe(200);
      const dedupeKey = `zoom-event:scheduler.scheduled_event_created:${eventId}:dana@example.com`;
      await until(async () => (await store.getJobByDedupeKey(dedupeKey))?.status === 'done', 5000);
      // Two failed attempts, then the third delivered it: before, the first failure lost the event.
      expect(harness.scheduled).toHaveLength(3);
      expect(await store.getJobByDedupeKey(dedupeKey)).toMatchObject({ attempts: 3, status: 'done' });
      const failure = logLines.find((line) => line.includes('Zoom webhook processing failed'));
      expect(failure).toContain('Slack is down');
      expect(logLines.some((line) => line.includes('job failed; will retry'))).toBe(true);
      expect(logLines.join('')).not.toContain(SECRET);

      expect((await post(harness.url, JSON.stringify(createdBody(`after-${randomUUID()}`)))).status).toBe(200);
      await until(() => harness.scheduled.length === 4);
    } finally {
      await harness.close();
    }
  });

  it('refuses a body over 1 MB with 413', async () => {
    const harness = await startHarness({ secretToken: SECRET });
    try {
      const huge = JSON.stringify({ event: 'scheduler.scheduled_event_created', padding: 'x'.repeat(MAX_WEBHOOK_BODY_BYTES) });
      const answer = await post(harness.url, huge);
      expect(answer).toEqual({ status: 413, json: { error: 'body too large' } });
      expect(harness.scheduled).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('acknowledges a signed event without the needed fields (a retry would carry the same), and ignores events it does not handle', async () => {
    const harness = await startHarness({ secretToken: SECRET });
    try {
      const noTimes = createdBody(`no-times-${randomUUID()}`);
      noTimes.payload.object.scheduled_event.start_date_time = '2031-03-04T10:00:00';
      expect(await post(harness.url, JSON.stringify(noTimes))).toEqual({ status: 200, json: { status: 'unreadable' } });
      expect(await post(harness.url, 'not json')).toEqual({ status: 400, json: { error: 'malformed request' } });
      expect(await post(harness.url, JSON.stringify({ event: 'meeting.started', payload: {} }))).toEqual({
        status: 200,
        json: { status: 'ignored' },
      });
      await harness.intake.idle();
      expect(harness.scheduled).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('passes app_deauthorized on once per deauthorization', async () => {
    const harness = await startHarness({ secretToken: SECRET });
    try {
      const body = JSON.stringify({
        event: 'app_deauthorized',
        event_ts: Date.now(),
        payload: {
          account_id: 'acct',
          user_id: 'zoomHost9',
          client_id: 'cid',
          deauthorization_time: '2026-01-01T00:00:00Z',
          signature: randomUUID(),
        },
      });
      expect((await post(harness.url, body)).json).toEqual({ status: 'accepted' });
      expect((await post(harness.url, body)).json).toEqual({ status: 'duplicate' });
      await harness.intake.idle();
      expect(harness.deauthorized).toEqual([{ zoomUserId: 'zoomHost9', instanceId: expect.any(String) }]);
    } finally {
      await harness.close();
    }
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
