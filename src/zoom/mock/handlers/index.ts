/** operationId (as in Zoom's spec) → handler. The server refuses to start if one is missing. */
import { reportAnalytics } from './analytics';
import { deleteAvailability, getAvailability, insertAvailability, listAvailability, patchAvailability } from './availability';
import type { ApiHandler } from './context';
import { createAttendee, deleteEvent, getEvent, getEventAttendee, listEvents, patchEvent } from './events';
import { getRoutingResponse, getUser, listTeams } from './account';
import {
  deleteSchedule,
  getSchedule,
  insertSchedule,
  listAvailableTimes,
  listManagedSchedules,
  listSchedules,
  patchSchedule,
} from './schedules';
import { createShare, singleUseLink } from './sharing';

export const HANDLERS: Readonly<Record<string, ApiHandler>> = {
  report_analytics: reportAnalytics,
  list_availability: listAvailability,
  insert_availability: insertAvailability,
  get_availability: getAvailability,
  patch_availability: patchAvailability,
  delete_availability: deleteAvailability,
  list_scheduled_events: listEvents,
  get_scheduled_events: getEvent,
  patch_scheduled_events: patchEvent,
  delete_scheduled_events: deleteEvent,
  get_scheduled_event_attendee: getEventAttendee,
  list_schedules: listSchedules,
  insert_schedule: insertSchedule,
  get_schedule: getSchedule,
  patch_schedule: patchSchedule,
  delete_schedules: deleteSchedule,
  single_use_link: singleUseLink,
  create_shares: createShare,
  Listteam: listTeams,
  Getroutingresponse: getRoutingResponse,
  get_user: getUser,
  // Added since the February 2026 snapshot (spec-additions.ts).
  list_schedule_available_times: listAvailableTimes,
  list_managed_schedules: listManagedSchedules,
  create_attendee: createAttendee,
};
