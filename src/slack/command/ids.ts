import { WEEKDAYS, type Weekday } from '../../core/model';

/**
 * Every Slack callback_id, action_id and block_id the app uses, in one place, so views and listeners cannot
 * drift apart. Values are snake_case and stable: Slack echoes them back in payloads, and changing one breaks
 * buttons on messages that were already posted.
 */

export const CALLBACK_IDS = {
  newScheduleModal: 'new_schedule_modal',
  availabilityModal: 'availability_modal',
  shareScheduleModal: 'share_schedule_modal',
  loadingModal: 'loading_modal',
  /** Global shortcut "Share a booking link" (manifest.yml). */
  shareBookingLinkShortcut: 'share_booking_link',
  /** Message shortcut "Reply with booking link" (manifest.yml). */
  replyWithBookingLinkShortcut: 'reply_with_booking_link',
  /** Both shortcuts' modal: pick a schedule (and, from the global shortcut, a channel). */
  bookingLinkModal: 'booking_link_modal',
} as const;

export const ACTION_IDS = {
  /** URL button; Slack still sends a block_actions payload for it, which the listener must ack. */
  connectZoom: 'connect_zoom',
  /** value = schedule id; posts a single-use booking link in the channel the list was shown in. */
  postLink: 'post_link',
  /** value = schedule id; answers with the reusable URL alone in a code block, easy to select and copy. */
  copyUrl: 'copy_url',
  /** value = schedule id; App Home button that opens the share-schedule modal (Home has no channel). */
  shareSchedule: 'share_schedule',
  /** value = schedule id; the user picked one of several schedules matching an ambiguous `link` title. */
  chooseScheduleForLink: 'choose_schedule_for_link',
  /** value = schedule id; same for `share`. */
  chooseScheduleForShare: 'choose_schedule_for_share',
  openNewSchedule: 'open_new_schedule',
  openAvailability: 'open_availability',
  /** static_select in the availability modal: value = availability id or {@link NEW_AVAILABILITY_VALUE}. */
  pickAvailability: 'pick_availability',
  /** URL button inside booking links; acked and otherwise ignored. */
  openBookingPage: 'open_booking_page',
  /** value = SeenBooking id; the host answers "Did they attend?" after a booked meeting. */
  markAttended: 'mark_attended',
  /** value = SeenBooking id; same, for a no-show. */
  markNoShow: 'mark_no_show',
  /** In the dead-connection DM: answers with a fresh connect link (a link in a DM would expire in 10 minutes). */
  reconnectFromAlert: 'reconnect_from_alert',
  /** In the dead-connection DM: no more reminders. */
  dismissConnectionAlert: 'dismiss_connection_alert',
} as const;

/** Input blocks of the new-schedule modal. Errors from `response_action: 'errors'` are keyed by these. */
export const NEW_SCHEDULE_BLOCKS = {
  title: 'schedule_title',
  duration: 'schedule_duration',
  availability: 'schedule_availability',
  customHours: 'schedule_custom_hours',
  meetingType: 'schedule_meeting_type',
  location: 'schedule_location',
  description: 'schedule_description',
  postChannel: 'schedule_post_channel',
} as const;

export const AVAILABILITY_BLOCKS = {
  picker: 'availability_picker',
  name: 'availability_name',
  timeZone: 'availability_time_zone',
  overrides: 'availability_overrides',
} as const;

export { WEEKDAYS, type Weekday };

/** One input block per weekday in the availability modal, e.g. `availability_hours_mon`. */
export function weekdayHoursBlockId(day: Weekday): string {
  return `availability_hours_${day}`;
}

export const SHARE_SCHEDULE_BLOCKS = {
  channel: 'share_channel',
} as const;

export const BOOKING_LINK_BLOCKS = {
  schedule: 'booking_link_schedule',
  channel: 'booking_link_channel',
} as const;

/** Option values that are not Zoom ids. Zoom ids are lowercase alphanumerics, so these cannot collide. */
export const CUSTOM_HOURS_VALUE = '__custom__';
export const NEW_AVAILABILITY_VALUE = '__new__';
