import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { isZoomWebhook, urlValidationResponse, verifyZoomWebhook, type ZoomWebhookEvent } from '../zoom';
import { parseDeauthorization, parseScheduledEvent, type DeauthorizationNotice, type ScheduledEventNotice } from './zoom-webhook-payloads';

/**
 * Which attempt at a stored event this is. A handler may be called again for the same event (a crash or a
 * failure after part of its work): on a retry it checks what an earlier attempt already did.
 */
export interface WebhookDelivery {
  attempt: number;
  /** When the event was stored; anything an earlier attempt posted is newer. */
  receivedAt: Date;
}

/** What the verified, de-duplicated events are handed to (after the HTTP answer). Throw to be retried. */
export interface ZoomWebhookHandlers {
  scheduledEvent(notice: ScheduledEventNotice, delivery: WebhookDelivery): Promise<void>;
  deauthorized(notice: DeauthorizationNotice): Promise<void>;
}

/** The job kind a stored Zoom webhook is processed under. */
export const ZOOM_WEBHOOK_JOB = 'zoom.webhook';

/** What processes the stored webhooks (the job runner in src/jobs): woken after each store, awaited by tests. */
export interface StoredWorkSignal {
  kick(): void;
  idle(): Promise<void>;
}

export interface ZoomWebhookIntakeOptions {
  /** ZOOM_WEBHOOK_SECRET_TOKEN; without it every request is refused. */
  secretToken: string | undefined;
  store: Store;
  now: () => number;
  logger: Logger;
  handlers: ZoomWebhookHandlers;
  worker: StoredWorkSignal;
}

export interface ZoomWebhookRequest {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

export interface ZoomWebhookAnswer {
  status: number;
  body: Record<string, unknown>;
  /** Wakes the job runner once the answer is sent; it never throws. */
  afterAnswer?: () => void;
}

type Accepted = { key: string; run: (delivery: WebhookDelivery) => Promise<void> };

/**
 * `POST /zoom/webhooks` minus the HTTP: verifies the signature over the raw body (constant time, 5-minute
 * window), answers `endpoint.url_validation`, and STORES each event as a job keyed by its identity BEFORE
 * answering 200: at least once in (a store failure answers 500, so Zoom redelivers), and a replay or a retry
 * reaching any instance finds the job already there. The job runner processes it from the store, with retries
 * and a lease, so a crash or a Slack outage after the 200 delays the announcement but never loses it.
 * Keyed by event identity only: a request-id receipt recorded before a failed store would turn Zoom's
 * redelivery (same request id) into a "duplicate" and lose the event.
 */
export class ZoomWebhookIntake {
  private readonly logger: Logger;

  constructor(private readonly options: ZoomWebhookIntakeOptions) {
    this.logger = options.logger.child({ component: 'zoom-webhooks' });
  }

  /** Throws only when the store fails (the caller answers 500, so Zoom retries). */
  async receive(request: ZoomWebhookRequest): Promise<ZoomWebhookAnswer> {
    const { secretToken } = this.options;
    if (!secretToken) {
      this.logger.error('Zoom webhook refused: ZOOM_WEBHOOK_SECRET_TOKEN is not configured');
      return { status: 503, body: { error: 'webhook verification is not configured' } };
    }
    const verification = verifyZoomWebhook({ secretToken, rawBody: request.rawBody, headers: request.headers, nowMs: this.options.now() });
    if (!verification.ok) {
      this.logger.warn({ reason: verification.reason }, 'Zoom webhook refused');
      return verification.reason === 'malformed'
        ? { status: 400, body: { error: 'malformed request' } }
        : { status: 401, body: { error: 'invalid signature or timestamp' } };
    }

    const { event } = verification;
    if (isZoomWebhook(event, 'endpoint.url_validation')) {
      const plainToken = (event.payload as { plainToken?: unknown } | undefined)?.plainToken;
      if (typeof plainToken !== 'string' || plainToken === '') return { status: 400, body: { error: 'plainToken missing' } };
      return { status: 200, body: urlValidationResponse(secretToken, plainToken) };
    }

    const accepted = this.accept(event);
    if (accepted === 'ignored') {
      this.logger.debug({ event: event.event }, 'Zoom webhook for an event the app does not handle: ignored');
      return { status: 200, body: { status: 'ignored' } };
    }
    if (accepted === 'malformed') {
      // Signed by Zoom, so a redelivery carries the same unreadable payload: a 4xx would only make Zoom retry it
      // and, after enough failures, disable the subscription. Acknowledged and logged for the operator instead.
      this.logger.warn({ event: event.event }, 'Zoom webhook payload lacks the fields the app needs: acknowledged, not processed');
      return { status: 200, body: { status: 'unreadable' } };
    }

    const { created } = await this.options.store.enqueueJob({ kind: ZOOM_WEBHOOK_JOB, dedupeKey: accepted.key, payload: event });
    if (!created) {
      this.logger.debug({ event: event.event }, 'Zoom webhook already received: acknowledged again, not processed');
      return { status: 200, body: { status: 'duplicate' } };
    }
    return { status: 200, body: { status: 'accepted' }, afterAnswer: () => this.options.worker.kick() };
  }

  /**
   * The job handler: processes a stored event (verified when it arrived). Throws when the work should be
   * retried; the handlers make a repeat harmless (one booking → one message).
   */
  async processStored(
    payload: unknown,
    delivery: WebhookDelivery = { attempt: 1, receivedAt: new Date(this.options.now()) },
  ): Promise<void> {
    const accepted = this.accept(payload as ZoomWebhookEvent);
    if (typeof accepted === 'string') {
      this.logger.error({ outcome: accepted }, 'stored Zoom webhook can no longer be read: dropped');
      return;
    }
    try {
      await accepted.run(delivery);
    } catch (error) {
      this.logger.error({ err: error, event: (payload as ZoomWebhookEvent).event }, 'Zoom webhook processing failed');
      throw error;
    }
  }

  /** Resolves once every stored event that is due has been processed (tests). */
  idle(): Promise<void> {
    return this.options.worker.idle();
  }

  private accept(event: ZoomWebhookEvent): Accepted | 'ignored' | 'malformed' {
    const { handlers } = this.options;
    switch (event.event) {
      case 'scheduler.scheduled_event_created':
      case 'scheduler.scheduled_event_canceled': {
        const notice = parseScheduledEvent(event);
        if (!notice) return 'malformed';
        // A group slot is one Zoom event with one webhook per invitee, so the invitee is part of its identity.
        const invitee = (notice.invitee.email ?? notice.invitee.name).toLowerCase();
        return {
          key: `zoom-event:${event.event}:${notice.eventId}:${invitee}`,
          run: (delivery) => handlers.scheduledEvent(notice, delivery),
        };
      }
      case 'app_deauthorized': {
        const notice = parseDeauthorization(event);
        if (!notice) return 'malformed';
        return { key: `zoom-event:app_deauthorized:${notice.zoomUserId}:${notice.instanceId}`, run: () => handlers.deauthorized(notice) };
      }
      default:
        return 'ignored';
    }
  }
}
