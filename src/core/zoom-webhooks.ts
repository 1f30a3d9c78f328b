import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { isZoomWebhook, urlValidationResponse, verifyZoomWebhook, type ZoomWebhookEvent } from '../zoom';
import { parseDeauthorization, parseScheduledEvent, type DeauthorizationNotice, type ScheduledEventNotice } from './zoom-webhook-payloads';

/** What the verified, de-duplicated events are handed to (after the HTTP answer). */
export interface ZoomWebhookHandlers {
  scheduledEvent(notice: ScheduledEventNotice): Promise<void>;
  deauthorized(notice: DeauthorizationNotice): Promise<void>;
}

export interface ZoomWebhookIntakeOptions {
  /** ZOOM_WEBHOOK_SECRET_TOKEN; without it every request is refused. */
  secretToken: string | undefined;
  store: Store;
  now: () => number;
  logger: Logger;
  handlers: ZoomWebhookHandlers;
}

export interface ZoomWebhookRequest {
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
}

export interface ZoomWebhookAnswer {
  status: number;
  body: Record<string, unknown>;
  /** Work to start once the answer is sent; it never throws (failures are logged). */
  afterAnswer?: () => void;
}

const REQUEST_ID_HEADER = 'x-zm-request-id';
/** Zoom retries for about 85 minutes; a day of receipts covers that with room to spare. */
const RECEIPT_RETENTION_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

type Accepted = { key: string; run: () => Promise<void> };

/**
 * `POST /zoom/webhooks` minus the HTTP: verifies the signature over the raw body (constant time, 5-minute
 * window), answers `endpoint.url_validation`, and records each delivery by request id and by event identity
 * BEFORE answering, so a replay or a Zoom retry is recognised and acknowledged without being processed twice.
 * The processing itself runs after the answer (Zoom wants one within 3 s) and is tracked for shutdown.
 */
export class ZoomWebhookIntake {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly logger: Logger;
  private lastPruneMs = Number.NEGATIVE_INFINITY;

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
      this.logger.warn({ event: event.event }, 'Zoom webhook payload lacks the fields the app needs: dropped');
      return { status: 400, body: { error: 'unrecognised payload' } };
    }

    if (!(await this.firstSight(header(request.headers, REQUEST_ID_HEADER), accepted.key))) {
      this.logger.debug({ event: event.event }, 'Zoom webhook already received: acknowledged again, not processed');
      return { status: 200, body: { status: 'duplicate' } };
    }
    return { status: 200, body: { status: 'accepted' }, afterAnswer: () => this.track(event.event, accepted.run) };
  }

  /** Resolves once every accepted event has been processed (tests, and shutdown before the store closes). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
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
        return { key: `zoom-event:${event.event}:${notice.eventId}:${invitee}`, run: () => handlers.scheduledEvent(notice) };
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

  /** Both keys are recorded in the database, so a retry reaching another instance is recognised too. */
  private async firstSight(requestId: string | undefined, eventKey: string): Promise<boolean> {
    const { store } = this.options;
    if (requestId && !(await store.recordWebhookReceipt(`zoom-request:${requestId}`))) return false;
    return store.recordWebhookReceipt(eventKey);
  }

  private track(eventName: string, run: () => Promise<void>): void {
    const work = run()
      .catch((error: unknown) => this.logger.error({ err: error, event: eventName }, 'Zoom webhook processing failed'))
      .then(() => this.pruneReceiptsNowAndThen());
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async pruneReceiptsNowAndThen(): Promise<void> {
    const nowMs = this.options.now();
    if (nowMs - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = nowMs;
    try {
      await this.options.store.pruneWebhookReceipts(new Date(nowMs - RECEIPT_RETENTION_MS));
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning old webhook receipts failed');
    }
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}
