/**
 * Friendly names for the request and response shapes of the Scheduler API, all derived from the generated
 * OpenAPI types (openapi/schema.ts). Fields the client guarantees (ids, links) are made non-optional.
 */
import type { LenientParser } from './lenient';
import type { operations } from './openapi/schema';

export type OperationId = keyof operations;

/** Ids of the operations served from outside the Scheduler spec (users-api.ts). */
export type ExtraOperationId = 'users_me' | 'users_get';

export interface OperationSpec {
  id: OperationId | ExtraOperationId;
  method: string;
  pathTemplate: string;
  queryParameters: ReadonlySet<string>;
  /**
   * Lenient parser of the 2xx JSON body, built at its first call: a process builds parsers only for the
   * operations it calls. Undefined for 204 operations.
   */
  responseParser: (() => LenientParser) | undefined;
}

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type WithRequired<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;
export type BodyOf<Op extends OperationId> = JsonContent<NonNullable<operations[Op]['requestBody']>>;
export type ResultOf<Op extends OperationId> = operations[Op]['responses'] extends { 200: infer Ok }
  ? JsonContent<Ok>
  : operations[Op]['responses'] extends { 201: infer Created }
    ? JsonContent<Created>
    : void;

type ItemOf<Op extends OperationId> = ResultOf<Op> extends { items?: (infer Item)[] } ? Item : never;

/** One page of a list: `nextPageToken` is undefined on the last page (Zoom sends "" or nothing). */
export interface ZoomPage<Item> {
  items: Item[];
  nextPageToken: string | undefined;
}

export type ZoomAnalytics = ResultOf<'report_analytics'>;
export type ZoomAnalyticsQuery = QueryOf<'report_analytics'>;

export type ZoomAvailability = WithRequired<ResultOf<'get_availability'>, 'availability_id'>;
export type ZoomAvailabilitySummary = WithRequired<ItemOf<'list_availability'>, 'availability_id'>;
export type ZoomAvailabilityCreated = WithRequired<ResultOf<'insert_availability'>, 'availability_id'>;
export type ZoomAvailabilityInput = BodyOf<'insert_availability'>;
export type ZoomAvailabilityUpdate = BodyOf<'patch_availability'>;
export type ZoomAvailabilityListQuery = Omit<QueryOf<'list_availability'>, 'next_page_token'>;
export type ZoomWeeklyHours = NonNullable<ZoomAvailabilityInput['segments_recurrence']>;

export type ZoomEvent = WithRequired<ResultOf<'get_scheduled_events'>, 'event_id'>;
export type ZoomEventSummary = WithRequired<ItemOf<'list_scheduled_events'>, 'event_id'>;
export type ZoomEventQuery = QueryOf<'get_scheduled_events'>;
export type ZoomEventListQuery = Omit<QueryOf<'list_scheduled_events'>, 'next_page_token'>;
export type ZoomEventUpdate = BodyOf<'patch_scheduled_events'>;
export type ZoomEventAttendee = WithRequired<ResultOf<'get_scheduled_event_attendee'>, 'attendee_id'>;

export type ZoomSchedule = WithRequired<ResultOf<'get_schedule'>, 'schedule_id'>;
export type ZoomScheduleSummary = WithRequired<ItemOf<'list_schedules'>, 'schedule_id'>;
export type ZoomScheduleCreated = WithRequired<ResultOf<'insert_schedule'>, 'schedule_id'>;
export type ZoomScheduleInput = BodyOf<'insert_schedule'>;
export type ZoomScheduleUpdate = BodyOf<'patch_schedule'>;
export type ZoomScheduleListQuery = Omit<QueryOf<'list_schedules'>, 'next_page_token'>;

export type ZoomSchedulingLink = WithRequired<ResultOf<'single_use_link'>, 'scheduling_url'>;
export type ZoomShareInput = BodyOf<'create_shares'>;

export type ZoomTeam = NonNullable<ResultOf<'Listteam'>['teams']>[number];
export type ZoomRoutingFormResponse = ResultOf<'Getroutingresponse'>;
export type ZoomSchedulerUser = ResultOf<'get_user'>;

// --- added since the February 2026 snapshot (spec-additions.ts names each changelog date) ------------------

/** `GET /schedules/{scheduleId}/available_times` (2026-07-13). */
export type ZoomAvailableTimes = ResultOf<'list_schedule_available_times'>;
export type ZoomAvailableTimesQuery = QueryOf<'list_schedule_available_times'>;
export type ZoomAvailableDay = NonNullable<ZoomAvailableTimes['days']>[number];
export type ZoomAvailableSpot = NonNullable<ZoomAvailableDay['spots']>[number];

/** `GET /managed_schedules` (2026-11-16). */
export type ZoomManagedSchedule = WithRequired<ItemOf<'list_managed_schedules'>, 'schedule_id'>;
export type ZoomManagedScheduleListQuery = Omit<QueryOf<'list_managed_schedules'>, 'next_page_token'>;

/** `POST /scheduler/attendee` (2026-11-09): typed, but unreliable on live Zoom (zoom-live.md §B7). */
export type ZoomAttendeeInput = BodyOf<'create_attendee'>;
export type ZoomAttendeeCreated = ResultOf<'create_attendee'>;

/** Who the call acts for, as an admin (`user_id` query parameter); defaults to the auth's acting user. */
export interface ActingUser {
  user_id?: string;
}
