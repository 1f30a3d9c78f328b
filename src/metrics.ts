import type { Counter, Histogram, Registry } from 'prom-client';

/**
 * The app's Prometheus metrics. Deep code never sees prom-client: it is handed a MetricsRecorder (or records
 * nothing), and only this module and the composition root know the registry.
 *
 * Every label value comes from a closed set or passes `safeLabel`, so a token, a user id or any other caller
 * data can never become a label (and a scrape never grows without bound).
 */

/** Slack's request kinds, Zoom's webhooks, and the Zoom OAuth callback a browser brings back. */
export type RequestKind = 'command' | 'action' | 'view' | 'event' | 'shortcut' | 'options' | 'webhook' | 'oauth' | 'other';
/** ok: handled; error: a listener or the intake failed; rejected: refused before any work (bad signature, 4xx). */
export type RequestOutcome = 'ok' | 'error' | 'rejected';
export type TokenRefreshOutcome = 'ok' | 'contended' | 'invalid_grant' | 'error';
export type DigestMetricOutcome = 'sent' | 'skipped' | 'retry_later' | 'failed';
/** web_api: Slack answered 429 and the Web API client waits; pacer: our one-post-per-second spacing held a post. */
export type SlackWaitSource = 'web_api' | 'pacer';

/** One attempt of one Zoom call, as the Zoom transport reports it. */
export interface ZoomCallObservation {
  operation: string;
  status: number | 'network_error' | 'timeout';
  durationMs: number;
  /** Whether the transport will try this call again after this attempt. */
  retrying: boolean;
}

export interface QueuedWork {
  queue: string;
  count: number;
  /** When the longest-waiting item was due to run; null when the queue is empty. */
  oldestDueAt: Date | null;
}

export interface MetricsRecorder {
  requestFinished(kind: RequestKind, outcome: RequestOutcome, durationMs: number): void;
  zoomCall(call: ZoomCallObservation): void;
  tokenRefresh(outcome: TokenRefreshOutcome): void;
  digest(outcome: DigestMetricOutcome, lateMs?: number): void;
  slackWait(source: SlackWaitSource, waitMs: number): void;
}

export const noMetrics: MetricsRecorder = {
  requestFinished: () => undefined,
  zoomCall: () => undefined,
  tokenRefresh: () => undefined,
  digest: () => undefined,
  slackWait: () => undefined,
};

/** A digest that goes out this long after its local time counts as late (a downtime, a long backoff). */
export const DIGEST_LATE_AFTER_MS = 15 * 60_000;

const SAFE_LABEL = /^[a-z][a-z0-9_.]{0,63}$/;

/**
 * Operation names and queue kinds are code constants (`list_schedules`, `oauth.refresh`, `zoom.webhook`); anything
 * else (which would be a bug) is folded into `other` rather than exported.
 */
export function safeLabel(value: string): string {
  return SAFE_LABEL.test(value) ? value : 'other';
}

function statusLabel(status: ZoomCallObservation['status']): string {
  if (typeof status === 'string') return status;
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'other';
}

function retryReason(status: ZoomCallObservation['status']): string {
  if (status === 429) return 'rate_limited';
  if (typeof status === 'number') return 'server_error';
  return status;
}

export interface MetricsOptions {
  /** Read at every scrape: background work waiting in the store. */
  queuedWork?: () => Promise<QueuedWork[]>;
  /** Node process metrics (CPU, memory, event loop lag, GC); on unless a test turns them off. */
  processMetrics?: boolean;
  /** The clock queue ages are measured against (the app's). */
  now?: () => number;
}

/**
 * prom-client (with its OpenTelemetry dependency, ~80 modules) is loaded and the registry built at the first
 * observation or scrape, not at start: a process that has served nothing yet has nothing to report, and its
 * start and idle memory stay closer to a bare Bolt app's. Process metrics (CPU, memory, GC, event loop) start
 * being sampled then; the CPU and memory ones are cumulative or current anyway.
 */
export class Metrics implements MetricsRecorder {
  private built: Instruments | undefined;

  constructor(private readonly options: MetricsOptions = {}) {}

  private get instruments(): Instruments {
    this.built ??= createInstruments(this.options);
    return this.built;
  }

  requestFinished(kind: RequestKind, outcome: RequestOutcome, durationMs: number): void {
    this.instruments.requests.inc({ kind, outcome });
    this.instruments.requestSeconds.observe({ kind, outcome }, durationMs / 1000);
  }

  zoomCall(call: ZoomCallObservation): void {
    const operation = safeLabel(call.operation);
    this.instruments.zoomRequests.inc({ operation, status: statusLabel(call.status) });
    this.instruments.zoomSeconds.observe({ operation }, call.durationMs / 1000);
    if (call.retrying) this.instruments.zoomRetries.inc({ operation, reason: retryReason(call.status) });
  }

  tokenRefresh(outcome: TokenRefreshOutcome): void {
    this.instruments.tokenRefreshes.inc({ outcome });
  }

  digest(outcome: DigestMetricOutcome, lateMs?: number): void {
    this.instruments.digests.inc({ outcome });
    if (outcome === 'sent' && lateMs !== undefined && lateMs > DIGEST_LATE_AFTER_MS) this.instruments.lateDigests.inc();
  }

  slackWait(source: SlackWaitSource, waitMs: number): void {
    this.instruments.slackWaits.inc({ source });
    this.instruments.slackWaitSeconds.inc({ source }, waitMs / 1000);
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.instruments.registry.metrics();
  }

  get contentType(): string {
    return this.instruments.registry.contentType;
  }
}

interface Instruments {
  registry: Registry;
  requests: Counter<'kind' | 'outcome'>;
  requestSeconds: Histogram<'kind' | 'outcome'>;
  zoomRequests: Counter<'operation' | 'status'>;
  zoomSeconds: Histogram<'operation'>;
  zoomRetries: Counter<'operation' | 'reason'>;
  tokenRefreshes: Counter<'outcome'>;
  digests: Counter<'outcome'>;
  lateDigests: Counter;
  slackWaits: Counter<'source'>;
  slackWaitSeconds: Counter<'source'>;
}

function createInstruments(options: MetricsOptions): Instruments {
  const { collectDefaultMetrics, Counter, Histogram, Registry } = require('prom-client') as typeof import('prom-client');
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'zoom_scheduler_requests_total',
    help: 'Requests handled, by kind (command, action, view, event, shortcut, options, webhook, oauth) and outcome.',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'zoom_scheduler_request_duration_seconds',
    help: 'Time from receiving a request to the end of its handling (after the ack, for Slack requests).',
    labelNames: ['kind', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const zoomRequests = new Counter({
    name: 'zoom_scheduler_zoom_requests_total',
    help: 'HTTP attempts to Zoom (retries included), by operation and status; 429 is a rate limit.',
    labelNames: ['operation', 'status'],
    registers,
  });
  const zoomSeconds = new Histogram({
    name: 'zoom_scheduler_zoom_request_duration_seconds',
    help: 'Duration of one HTTP attempt to Zoom, by operation.',
    labelNames: ['operation'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers,
  });
  const zoomRetries = new Counter({
    name: 'zoom_scheduler_zoom_retries_total',
    help: 'Zoom attempts that were retried, by operation and reason (rate_limited, server_error, network_error, timeout).',
    labelNames: ['operation', 'reason'],
    registers,
  });
  const tokenRefreshes = new Counter({
    name: 'zoom_scheduler_zoom_token_refreshes_total',
    help: 'Zoom OAuth token refreshes: ok, contended (waited for another process), invalid_grant (user must reconnect), error.',
    labelNames: ['outcome'],
    registers,
  });
  const digests = new Counter({
    name: 'zoom_scheduler_digests_total',
    help: 'Daily digests due, by outcome: sent, skipped (claimed by another process), retry_later, failed.',
    labelNames: ['outcome'],
    registers,
  });
  const lateDigests = new Counter({
    name: 'zoom_scheduler_digests_late_total',
    help: `Digests sent more than ${DIGEST_LATE_AFTER_MS / 60_000} minutes after their local time.`,
    registers,
  });
  const slackWaits = new Counter({
    name: 'zoom_scheduler_slack_rate_limit_waits_total',
    help: "Times a Slack call waited for a rate limit: Slack's 429 (web_api) or the app's own per-channel spacing (pacer).",
    labelNames: ['source'],
    registers,
  });
  const slackWaitSeconds = new Counter({
    name: 'zoom_scheduler_slack_rate_limit_wait_seconds_total',
    help: 'Seconds spent waiting for Slack rate limits, by source.',
    labelNames: ['source'],
    registers,
  });
  if (options.queuedWork) registerQueueGauges(registry, options.queuedWork, options.now ?? Date.now);
  return {
    registry,
    requests,
    requestSeconds,
    zoomRequests,
    zoomSeconds,
    zoomRetries,
    tokenRefreshes,
    digests,
    lateDigests,
    slackWaits,
    slackWaitSeconds,
  };
}

function registerQueueGauges(registry: Registry, queuedWork: () => Promise<QueuedWork[]>, clock: () => number): void {
  const { Gauge } = require('prom-client') as typeof import('prom-client');
  // One read of the store per scrape feeds both gauges; the second collect() reuses the first's answer.
  let pending: Promise<QueuedWork[]> | undefined;
  const read = () => {
    pending ??= queuedWork().finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  new Gauge({
    name: 'zoom_scheduler_queued_work',
    help: 'Background work waiting or running, by queue (read from the database at scrape time).',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const work of await read()) this.set({ queue: safeLabel(work.queue) }, work.count);
    },
  });
  new Gauge({
    name: 'zoom_scheduler_queued_work_oldest_age_seconds',
    help: 'How long past its due time the longest-waiting background job is, by queue; 0 when none is overdue.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = clock();
      for (const work of await read()) {
        const age = work.oldestDueAt ? Math.max(0, (now - work.oldestDueAt.getTime()) / 1000) : 0;
        this.set({ queue: safeLabel(work.queue) }, age);
      }
    },
  });
}

/** What a conversation pacer offers; matches src/lib/pacer.ts's ConversationPacer. */
interface Pacer {
  schedule<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** Waits shorter than this are a turn taken at once, not a rate-limit wait worth counting. */
const PACER_WAIT_FLOOR_MS = 10;

/** The pacer as it was, telling `metrics` each time a post waited for its conversation's turn. */
export function observedPacer<P extends Pacer>(pacer: P, metrics: MetricsRecorder, now: () => number = Date.now): Pacer {
  return {
    schedule: (key, task) => {
      const queuedAt = now();
      return pacer.schedule(key, () => {
        const waitedMs = now() - queuedAt;
        if (waitedMs >= PACER_WAIT_FLOOR_MS) metrics.slackWait('pacer', waitedMs);
        return task();
      });
    },
  };
}
