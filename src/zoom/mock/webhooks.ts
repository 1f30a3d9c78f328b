/**
 * Webhook notifications the mock sends, signed the way Zoom signs them (`x-zm-signature`,
 * `x-zm-request-timestamp`, `x-zm-request-id`), with the client's own signing helper.
 */
import { randomUUID } from 'node:crypto';
import { signZoomWebhook } from '../webhooks';
import type { EventRecord, ScheduleRecord, UserRecord } from './state';
import { SCHEDULER_HOST } from './state';
import { formatInZone, utcStamp } from './time';
import type { WebhookDelivery } from './types';

/** Zoom expects an answer within 3 s; the mock gives up after the same time. */
const DELIVERY_TIMEOUT_MS = 3000;

export interface WebhookTarget {
  url: string;
  secretToken: string;
}

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  /** Each notification's body by request id, for a retry to send again. */
  private readonly bodies = new Map<string, string>();
  target: WebhookTarget | undefined;

  constructor(private readonly now: () => number) {}

  /** Posts `{event, event_ts, payload}`; never throws (a failed delivery is recorded in `deliveries`). */
  async send(event: string, payload: Record<string, unknown>): Promise<void> {
    const rawBody = JSON.stringify({ event, event_ts: this.now(), payload });
    const requestId = randomUUID();
    this.bodies.set(requestId, rawBody);
    await this.post({ event, requestId, rawBody });
  }

  /**
   * Zoom's retry of a notification that got no 2xx (5, 20 and 60 minutes later in production): the same body again,
   * signed afresh; a test calls it instead of waiting. Only failed deliveries are retried, as by Zoom.
   */
  async retry(requestId: string): Promise<WebhookDelivery> {
    const failed = [...this.deliveries].reverse().find((d) => d.requestId === requestId);
    const rawBody = this.bodies.get(requestId);
    if (!failed || rawBody === undefined) throw new Error(`no webhook delivery ${requestId}`);
    if (failed.status !== undefined && failed.status >= 200 && failed.status < 300) {
      throw new Error(`webhook delivery ${requestId} succeeded (HTTP ${failed.status}); Zoom does not retry it`);
    }
    return this.post({ event: failed.event, requestId, rawBody });
  }

  private async post(attempt: { event: string; requestId: string; rawBody: string }): Promise<WebhookDelivery> {
    const delivery: WebhookDelivery = { event: attempt.event, requestId: attempt.requestId };
    const target = this.target;
    if (!target) return delivery;
    this.deliveries.push(delivery);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Zoom Marketplace/1.0a',
          ...signZoomWebhook({ secretToken: target.secretToken, rawBody: attempt.rawBody, timestampSeconds: this.now() / 1000 }),
          'x-zm-request-id': attempt.requestId,
        },
        body: attempt.rawBody,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    return delivery;
  }
}

function locationOf(event: EventRecord): { kind: string; location: Record<string, unknown> } {
  if (event.meeting) {
    return {
      kind: 'zoom',
      location: {
        location_type: 'zoom',
        zoom_join_url: event.meeting.joinUrl,
        zoom_meeting_data: {
          zoom_meeting_id: event.meeting.id,
          zoom_meeting_passcode: event.meeting.passcode,
          zoom_personal_meeting_id: '',
        },
        zoom_meeting_status: 'scheduled',
      },
    };
  }
  const kind = event.addOn === 'zoomPhone' ? 'outbound_call' : 'in-person_meeting';
  return { kind, location: { location_type: kind, custom_location: event.location, additional_info: '' } };
}

/** `payload` of `scheduler.scheduled_event_created` / `_canceled` (webhooks.json), about one attendee. */
export function scheduledEventPayload(
  accountId: string,
  host: UserRecord,
  event: EventRecord,
  schedule: ScheduleRecord | undefined,
  attendeeId: string,
  /** Reschedule linking (2026-08-17): `rescheduled`, `rescheduled_from_*` / `rescheduled_to_*`. */
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const attendee = event.attendees.find((a) => a.id === attendeeId) ?? event.attendees[0];
  const zone = attendee?.timeZone ?? host.timeZone;
  const { kind, location } = locationOf(event);
  const active = event.status === 'confirmed' ? event.attendees.length : 0;
  const object: Record<string, unknown> = {
    invitee_email: attendee?.email ?? '',
    invitee_first_name: attendee?.firstName ?? '',
    invitee_last_name: attendee?.lastName ?? '',
    manage_url: `${SCHEDULER_HOST}/manage/${event.id}`,
    time_zone: zone,
    questions_and_answers: (attendee?.answers ?? []).map((qa, position) => ({ question: qa.question, position, answer: qa.answer })),
    rescheduled: false,
    // 2026-08-17: the attendee's id; 2026-11-16: payment details (none: the mock's schedules are free).
    invitee_id: attendee?.id ?? '',
    payment: null,
    ...extra,
    created: utcStamp(attendee?.createdAt ?? event.createdAt),
    // Zoom: "only present when UTM parameters are added" to the booking page's address.
    ...(attendee?.tracking && Object.keys(attendee.tracking).length > 0 ? { tracking: { ...attendee.tracking } } : {}),
    scheduled_event: {
      event_id: event.id,
      summary: event.summary,
      start_date_time: formatInZone(event.startMs, zone),
      end_date_time: formatInZone(event.endMs, zone),
      status: event.status,
      created: utcStamp(event.createdAt),
      updated: utcStamp(event.updatedAt),
      meeting_notes: event.meetingNotes,
      attendees: event.attendees.map((a) => ({ display_name: `${a.firstName} ${a.lastName}`.trim(), email: a.email })),
      guests: [...event.guests],
      invitee_counters: { total: event.attendees.length, active, limit: schedule?.fields.capacity ?? 1 },
      location_kind: kind,
      location,
      ...(event.meeting
        ? {
            external_location: {
              kind: 'zoom',
              meeting_id: event.meeting.id,
              personal_meeting_id: '',
              meeting_passcode: event.meeting.passcode,
              meeting_description: event.summary,
              meeting_join_url: event.meeting.joinUrl,
            },
          }
        : {}),
    },
  };
  if (event.cancellation) {
    object['cancellation'] = {
      canceled_by: event.cancellation.by,
      canceler_type: event.cancellation.canceler,
      cancel_at: utcStamp(event.cancellation.at),
      reason: event.cancellation.reason,
    };
  }
  return { account_id: accountId, user_id: host.id, object };
}
