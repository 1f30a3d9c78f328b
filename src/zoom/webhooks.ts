/**
 * Zoom webhook verification: `x-zm-signature: v0=<hex HMAC-SHA256(secretToken, "v0:{timestamp}:{raw body}")>`
 * checked over the RAW body (re-serialising parsed JSON changes bytes), compared in constant time, with the
 * timestamp inside a window in both directions. Plus the `endpoint.url_validation` answer.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { operations as webhookOperations } from './openapi/webhooks';

type WebhookBody<Name extends keyof webhookOperations> = NonNullable<webhookOperations[Name]['requestBody']>['content']['application/json'];

/** Payment details on event webhooks (2026-11-16); `null` or absent for free schedules. Shape unpublished. */
export interface ZoomWebhookPayment {
  amount?: number;
  currency?: string;
  status?: string;
  [other: string]: unknown;
}

/** Fields both event webhooks gained after the snapshot in webhooks.json. */
interface EventWebhookAdditions {
  /** 2026-08-17: the attendee this notification is about. */
  invitee_id?: string;
  /** 2026-11-16. */
  payment?: ZoomWebhookPayment | null;
}

/** 2026-08-17: a reschedule's new booking names the one it replaces (older deliveries lack these). */
interface CreatedWebhookAdditions extends EventWebhookAdditions {
  rescheduled_from_event_id?: string;
  rescheduled_from_invitee_id?: string;
}

/** 2026-08-17: a reschedule's cancellation names the booking that replaces it (older deliveries lack these). */
interface CanceledWebhookAdditions extends EventWebhookAdditions {
  rescheduled_to_event_id?: string;
  rescheduled_to_invitee_id?: string;
}

/** `Body` with `Additions` merged into `payload.object` (both optional in the generated types). */
type WithObjectAdditions<Body, Additions> = Omit<Body, 'payload'> & {
  payload: Body extends { payload?: infer Payload }
    ? Omit<NonNullable<Payload>, 'object'> & {
        object?: (NonNullable<Payload> extends { object?: infer Obj } ? NonNullable<Obj> : Record<string, never>) & Additions;
      }
    : never;
};

export type ZoomScheduledEventCreatedWebhook = WithObjectAdditions<
  WebhookBody<'scheduler.scheduled_event_created'>,
  CreatedWebhookAdditions
> & {
  event: 'scheduler.scheduled_event_created';
};
export type ZoomScheduledEventCanceledWebhook = WithObjectAdditions<
  WebhookBody<'scheduler.scheduled_event_canceled'>,
  CanceledWebhookAdditions
> & {
  event: 'scheduler.scheduled_event_canceled';
};

/**
 * 2026-10-19: sent when someone submits a routing form. Zoom published no schema in our material, so only the
 * envelope is typed: verify it, acknowledge it with 200, and ignore what you do not need.
 */
export interface ZoomRoutingFormSubmissionWebhook {
  event: 'scheduler.routing_form_submission_created';
  event_ts?: number;
  payload?: { account_id?: string; user_id?: string; object?: Record<string, unknown> };
}

export const KNOWN_ZOOM_WEBHOOK_EVENTS = [
  'scheduler.scheduled_event_created',
  'scheduler.scheduled_event_canceled',
  'scheduler.routing_form_submission_created',
  'app_deauthorized',
  'endpoint.url_validation',
] as const;

/** Marketplace event sent when a user or admin uninstalls the app (not in the Scheduler webhooks.json). */
export interface ZoomAppDeauthorizedWebhook {
  event: 'app_deauthorized';
  event_ts: number;
  payload: {
    account_id: string;
    user_id: string;
    client_id: string;
    deauthorization_time: string;
    /** A unique id of this deauthorization, not an HMAC. */
    signature?: string;
    user_data_retention?: string | boolean | null;
  };
}

export interface ZoomUrlValidationWebhook {
  event: 'endpoint.url_validation';
  event_ts: number;
  payload: { plainToken: string };
}

/**
 * Any other event (Zoom adds them without notice): verified, but not typed here. Answer 200 and ignore it —
 * a 4xx makes Zoom retry and eventually disable the subscription.
 */
export interface ZoomUnknownWebhook {
  event: string;
  event_ts?: number;
  payload?: unknown;
}

export interface ZoomKnownWebhooks {
  'scheduler.scheduled_event_created': ZoomScheduledEventCreatedWebhook;
  'scheduler.scheduled_event_canceled': ZoomScheduledEventCanceledWebhook;
  'scheduler.routing_form_submission_created': ZoomRoutingFormSubmissionWebhook;
  app_deauthorized: ZoomAppDeauthorizedWebhook;
  'endpoint.url_validation': ZoomUrlValidationWebhook;
}

/** Kept for existing callers: the same as ZoomUnknownWebhook. */
export type ZoomOtherWebhook = ZoomUnknownWebhook;

export type ZoomWebhookEvent = ZoomKnownWebhooks[keyof ZoomKnownWebhooks] | ZoomUnknownWebhook;

/** Whether a verified event is one this module types; anything else is a ZoomUnknownWebhook to acknowledge and ignore. */
export function isKnownZoomWebhook(event: ZoomWebhookEvent): event is ZoomKnownWebhooks[keyof ZoomKnownWebhooks] {
  return (KNOWN_ZOOM_WEBHOOK_EVENTS as readonly string[]).includes(event.event);
}

/** Narrows a verified event to one of the typed ones (`event: string` of other events defeats `===` narrowing). */
export function isZoomWebhook<Name extends keyof ZoomKnownWebhooks>(event: ZoomWebhookEvent, name: Name): event is ZoomKnownWebhooks[Name] {
  return event.event === name;
}

export type ZoomWebhookRejection = 'missing-signature' | 'bad-signature' | 'stale' | 'malformed';

export type ZoomWebhookVerification = { ok: true; event: ZoomWebhookEvent } | { ok: false; reason: ZoomWebhookRejection };

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export interface VerifyZoomWebhookArgs {
  secretToken: string;
  rawBody: string | Buffer;
  headers: HeaderBag;
  nowMs?: number;
  toleranceSeconds?: number;
}

export const SIGNATURE_HEADER = 'x-zm-signature';
export const TIMESTAMP_HEADER = 'x-zm-request-timestamp';

export function verifyZoomWebhook(args: VerifyZoomWebhookArgs): ZoomWebhookVerification {
  const signature = header(args.headers, SIGNATURE_HEADER);
  const timestamp = header(args.headers, TIMESTAMP_HEADER);
  if (!signature || !timestamp) return { ok: false, reason: 'missing-signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' };

  const rawBody = typeof args.rawBody === 'string' ? args.rawBody : args.rawBody.toString('utf8');
  const expected = Buffer.from(signatureFor(args.secretToken, timestamp, rawBody));
  const received = Buffer.from(signature);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return { ok: false, reason: 'bad-signature' };

  const skewMs = Math.abs((args.nowMs ?? Date.now()) - Number(timestamp) * 1000);
  if (skewMs > (args.toleranceSeconds ?? 300) * 1000) return { ok: false, reason: 'stale' };

  let event: unknown;
  try {
    event = JSON.parse(rawBody);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof event !== 'object' || event === null || typeof (event as { event?: unknown }).event !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, event: event as ZoomWebhookEvent };
}

/** The body to answer `endpoint.url_validation` with (only after the request's signature checked out). */
export function urlValidationResponse(secretToken: string, plainToken: string): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secretToken).update(plainToken).digest('hex') };
}

/** Headers Zoom would send with `rawBody`; for tests and the mock server. */
export function signZoomWebhook(args: { secretToken: string; rawBody: string; timestampSeconds: number }): {
  [SIGNATURE_HEADER]: string;
  [TIMESTAMP_HEADER]: string;
} {
  const timestamp = String(Math.floor(args.timestampSeconds));
  return { [SIGNATURE_HEADER]: signatureFor(args.secretToken, timestamp, args.rawBody), [TIMESTAMP_HEADER]: timestamp };
}

function signatureFor(secretToken: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secretToken).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}
