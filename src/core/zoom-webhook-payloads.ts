import { parseZoomDateTime } from '../time';
import type { Cancellation, Invitee, InviteeAnswer } from './model';

/**
 * Zoom webhook bodies read into what the app needs. They come from outside, so they are checked here: the fields
 * a notification cannot do without (host, event id, times) must be there; display fields that are missing or of
 * the wrong type are left out rather than failing the whole event.
 */

/** A booking created or cancelled, as announced in Slack. */
export interface ScheduledEventNotice {
  kind: 'created' | 'cancelled';
  hostZoomUserId: string;
  eventId: string;
  title: string;
  start: Date;
  end: Date;
  invitee: Invitee;
  answers: InviteeAnswer[];
  where?: string;
  /** Present for cancellations. */
  cancellation?: Cancellation;
  /** Zoom's `rescheduled`: this cancellation or creation is half of a reschedule. */
  rescheduled: boolean;
  /** 2026-08-17 linking ids: on a creation the booking it replaces, on a cancellation the one replacing it. */
  rescheduledFromEventId?: string;
  rescheduledToEventId?: string;
  /** The booking page's UTM parameters (`tracking`), present when the link carried them. */
  tracking?: BookingTracking;
}

export interface BookingTracking {
  source?: string;
  medium?: string;
  campaign?: string;
}

export interface DeauthorizationNotice {
  zoomUserId: string;
  /** Zoom's unique id of this deauthorization (`payload.signature`), or its time when that is missing. */
  instanceId: string;
}

// Built at the first webhook: zod stays out of the start's module loading.
function buildSchemas() {
  const { z } = require('zod') as typeof import('zod');
  const text = z.string().optional().catch(undefined);

  const scheduledEvent = z.object({
    event: z.enum(['scheduler.scheduled_event_created', 'scheduler.scheduled_event_canceled']),
    payload: z.object({
      user_id: z.string().min(1),
      object: z.object({
        invitee_email: text,
        invitee_first_name: text,
        invitee_last_name: text,
        questions_and_answers: z
          .array(
            z.object({ question: z.string(), position: z.number().optional().catch(undefined), answer: z.array(z.string()).catch([]) }),
          )
          .optional()
          .catch(undefined),
        cancellation: z.object({ canceled_by: text, canceler_type: text, reason: text }).optional().catch(undefined),
        rescheduled: z.boolean().optional().catch(undefined),
        rescheduled_from_event_id: text,
        rescheduled_to_event_id: text,
        tracking: z.object({ utm_source: text, utm_medium: text, utm_campaign: text }).optional().catch(undefined),
        scheduled_event: z.object({
          event_id: z.string().min(1),
          summary: text,
          start_date_time: z.string(),
          end_date_time: z.string(),
          external_location: z.object({ meeting_join_url: text }).optional().catch(undefined),
          location: z.object({ custom_location: text, zoom_join_url: text }).optional().catch(undefined),
        }),
      }),
    }),
  });

  const deauthorization = z.object({
    event: z.literal('app_deauthorized'),
    event_ts: z.number().optional().catch(undefined),
    payload: z.object({
      user_id: z.string().min(1),
      signature: text,
      deauthorization_time: text,
    }),
  });
  return { scheduledEvent, deauthorization };
}
let schemas: ReturnType<typeof buildSchemas> | undefined;
const payloadSchemas = () => (schemas ??= buildSchemas());

export function parseScheduledEvent(body: unknown): ScheduledEventNotice | undefined {
  const parsed = payloadSchemas().scheduledEvent.safeParse(body);
  if (!parsed.success) return undefined;
  const { event, payload } = parsed.data;
  const { object } = payload;
  const scheduled = object.scheduled_event;
  const startMs = parseZoomDateTime(scheduled.start_date_time);
  const endMs = parseZoomDateTime(scheduled.end_date_time);
  if (startMs === null || endMs === null) return undefined;

  const invitee = inviteeOf(object);
  const notice: ScheduledEventNotice = {
    kind: event === 'scheduler.scheduled_event_created' ? 'created' : 'cancelled',
    hostZoomUserId: payload.user_id,
    eventId: scheduled.event_id,
    title: scheduled.summary?.trim() || 'Untitled event',
    start: new Date(startMs),
    end: new Date(endMs),
    invitee,
    rescheduled: object.rescheduled === true,
    answers: [...(object.questions_and_answers ?? [])]
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((qa) => ({ question: qa.question, answer: qa.answer.join(', ') }))
      .filter((qa) => qa.answer !== ''),
  };
  const where = scheduled.external_location?.meeting_join_url || scheduled.location?.zoom_join_url || scheduled.location?.custom_location;
  if (where) notice.where = where;
  const from = object.rescheduled_from_event_id?.trim();
  if (from) notice.rescheduledFromEventId = from;
  const to = object.rescheduled_to_event_id?.trim();
  if (to) notice.rescheduledToEventId = to;
  const tracking = trackingOf(object.tracking);
  if (tracking) notice.tracking = tracking;
  if (notice.kind === 'cancelled') notice.cancellation = cancellationOf(object.cancellation, invitee);
  return notice;
}

export function parseDeauthorization(body: unknown): DeauthorizationNotice | undefined {
  const parsed = payloadSchemas().deauthorization.safeParse(body);
  if (!parsed.success) return undefined;
  const { payload, event_ts } = parsed.data;
  return { zoomUserId: payload.user_id, instanceId: payload.signature ?? payload.deauthorization_time ?? String(event_ts ?? '') };
}

function inviteeOf(object: {
  invitee_email?: string | undefined;
  invitee_first_name?: string | undefined;
  invitee_last_name?: string | undefined;
}): Invitee {
  const email = object.invitee_email?.trim() || undefined;
  const name =
    [object.invitee_first_name, object.invitee_last_name]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(' ') ||
    email ||
    'Someone';
  return email ? { name, email } : { name };
}

function cancellationOf(
  cancellation: { canceled_by?: string | undefined; canceler_type?: string | undefined; reason?: string | undefined } | undefined,
  invitee: Invitee,
): Cancellation {
  const result: Cancellation = {};
  const by = cancellation?.canceled_by?.trim();
  if (by) result.cancelledBy = by;
  else if (cancellation?.canceler_type === 'host') result.cancelledBy = 'the host';
  else if (cancellation?.canceler_type === 'invitee') result.cancelledBy = invitee.name;
  if (cancellation?.canceler_type === 'host' || cancellation?.canceler_type === 'invitee') result.cancelerRole = cancellation.canceler_type;
  const reason = cancellation?.reason?.trim();
  if (reason) result.reason = reason;
  return result;
}

function trackingOf(
  tracking: { utm_source?: string | undefined; utm_medium?: string | undefined; utm_campaign?: string | undefined } | undefined,
): BookingTracking | undefined {
  const result: BookingTracking = {};
  const source = tracking?.utm_source?.trim();
  if (source) result.source = source;
  const medium = tracking?.utm_medium?.trim();
  if (medium) result.medium = medium;
  const campaign = tracking?.utm_campaign?.trim();
  if (campaign) result.campaign = campaign;
  return Object.keys(result).length > 0 ? result : undefined;
}
