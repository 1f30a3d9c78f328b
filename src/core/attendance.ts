import { AppError } from '../errors';
import type { SeenBookingRecord, Store } from '../store';
import type { ZoomAccounts } from './zoom-accounts';

/** The durable job that asks the host "Did they attend?" once the meeting has ended. */
export const NO_SHOW_PROMPT_JOB = 'no-show-prompt';

export type AttendanceAnswer = 'attended' | 'no_show';

export interface NoShowPromptPayload {
  seenBookingId: string;
}

export interface AttendanceResult {
  /** The answer that stands: this press's, or the one recorded by an earlier press. */
  answer: AttendanceAnswer;
  booking: SeenBookingRecord;
  /** False when an earlier press had already answered (Zoom was not asked again). */
  recordedNow: boolean;
}

export function isNoShowPromptPayload(payload: unknown): payload is NoShowPromptPayload {
  return typeof payload === 'object' && payload !== null && typeof (payload as { seenBookingId?: unknown }).seenBookingId === 'string';
}

/**
 * No-shows: after a booked meeting ends, its host is asked whether the invitee attended, and the answer is set on
 * the attendee at Zoom (`PATCH /scheduler/events/{eventId}`, `attendees: [{email, no_show}]`).
 */
export class Attendance {
  constructor(private readonly deps: { store: Store; zoomAccounts: ZoomAccounts }) {}

  /** Run-at = the meeting's end; one job per booking, however often its webhook is seen. */
  async schedulePrompt(seenBookingId: string, endAt: Date): Promise<void> {
    const payload: NoShowPromptPayload = { seenBookingId };
    await this.deps.store.enqueueJob({ kind: NO_SHOW_PROMPT_JOB, dedupeKey: `no-show-prompt:${seenBookingId}`, payload, runAfter: endAt });
  }

  /**
   * Records the host's answer first, with a conditional write, and only the press that wins it asks Zoom: a button
   * pressed twice (or by two Slack clients at once) makes one PATCH. When Zoom refuses, the answer is forgotten again.
   */
  async record(teamId: string, slackUserId: string, seenBookingId: string, answer: AttendanceAnswer): Promise<AttendanceResult> {
    const { store } = this.deps;
    const booking = await store.getSeenBooking(seenBookingId);
    if (!booking) throw new AppError('invalid_input', 'I no longer have a record of that booking, so I cannot mark it.');
    if (!(await store.recordNoShowAnswer(seenBookingId, answer))) {
      const standing = booking.noShowAnswer === 'no_show' ? 'no_show' : 'attended';
      return { answer: standing, booking, recordedNow: false };
    }
    try {
      if (!booking.inviteeEmail)
        throw new AppError('invalid_input', 'Zoom did not give me the invitee’s email, so I cannot mark their attendance.');
      const access = await this.deps.zoomAccounts.access(teamId, slackUserId);
      if (access.zoomUserId !== booking.zoomUserId) {
        throw new AppError('invalid_input', 'Only the host of this booking can mark whether the invitee attended.');
      }
      await access.api.markNoShow(booking.zoomEventId, booking.inviteeEmail, answer === 'no_show');
    } catch (error) {
      await store.clearNoShowAnswer(seenBookingId, answer);
      throw error;
    }
    return { answer, booking, recordedNow: true };
  }
}
