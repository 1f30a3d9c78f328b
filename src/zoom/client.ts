/**
 * The Zoom Scheduler API: all 24 operations — the 21 of Zoom's February 2026 spec and the 3 added since
 * (spec-additions.ts) — as named methods, plus `getCurrentUser`/`getZoomUser` from Zoom's Users API (outside
 * the spec; see users-api.ts).
 *
 *   const zoom = new ZoomSchedulerClient({ apiBaseUrl });
 *   const schedules = await zoom.as(auth).listSchedules({ page_size: 10 });
 *
 * A thin layer over fetch typed by the generated OpenAPI types rather than openapi-fetch: the parts that matter
 * here (per-call auth with one refresh-and-retry on 401 code 124, retry rules per method, lenient parsing with
 * typed errors) would all have to live in openapi-fetch middleware, where a retried request cannot re-read its
 * body and a retry loop fights the middleware chain. Paths, methods and query parameters still come from the
 * spec (operations.ts), and every argument and result is typed from it (types.ts).
 */
import type { ZoomAuth } from './auth/types';
import { ZoomOperationCaller } from './operation-caller';
import { iteratePages, toPage, type RawPage } from './pagination';
import { ZoomApiError } from './errors';
import { withScheduleTimeFields } from './schedule-input';
import { sharedAccountRateLimiter, type ZoomAccountRateLimiter } from './rate-limit';
import { ZoomTransport, type TransportOptions, type TransportPacer } from './transport';
import { CURRENT_USER_OPERATION, ZOOM_USER_OPERATION, type ZoomCurrentUser } from './users-api';
import type {
  ActingUser,
  ZoomAnalytics,
  ZoomAnalyticsQuery,
  ZoomAvailability,
  ZoomAvailabilityCreated,
  ZoomAvailabilityInput,
  ZoomAvailabilityListQuery,
  ZoomAvailabilitySummary,
  ZoomAvailabilityUpdate,
  ZoomAttendeeCreated,
  ZoomAttendeeInput,
  ZoomAvailableTimes,
  ZoomAvailableTimesQuery,
  ZoomManagedSchedule,
  ZoomManagedScheduleListQuery,
  ZoomEvent,
  ZoomEventAttendee,
  ZoomEventListQuery,
  ZoomEventQuery,
  ZoomEventSummary,
  ZoomEventUpdate,
  ZoomPage,
  ZoomRoutingFormResponse,
  ZoomSchedule,
  ZoomScheduleCreated,
  ZoomScheduleInput,
  ZoomScheduleListQuery,
  ZoomScheduleSummary,
  ZoomScheduleUpdate,
  ZoomSchedulerUser,
  ZoomSchedulingLink,
  ZoomShareInput,
  ZoomTeam,
} from './types';

export const ZOOM_API_BASE_URL = 'https://api.zoom.us/v2';

export interface ZoomSchedulerClientOptions extends TransportOptions {
  /** `https://api.zoom.us/v2` for Zoom; the mock's `apiBaseUrl` in tests. */
  apiBaseUrl?: string;
  /** Paces calls made with `as(auth, { pace })`; default the process-wide `sharedAccountRateLimiter()`. */
  rateLimiter?: ZoomAccountRateLimiter;
}

export interface ZoomCallOptions {
  /**
   * Pace these calls per Zoom account: the key (normally the Zoom account id) whose budget they share with
   * every other paced call of the process. For calls the app makes on its own behalf (digests, background
   * refreshes); leave it out for a person's command, which should not queue behind a batch.
   */
  pace?: string;
}

export class ZoomSchedulerClient {
  private readonly transport: ZoomTransport;
  private readonly apiBaseUrl: string;
  private readonly rateLimiter: ZoomAccountRateLimiter | undefined;

  constructor(options: ZoomSchedulerClientOptions = {}) {
    this.apiBaseUrl = options.apiBaseUrl ?? ZOOM_API_BASE_URL;
    this.transport = new ZoomTransport(options);
    this.rateLimiter = options.rateLimiter;
  }

  /**
   * The API as seen by one credential (a user's OAuth connection, the shared account, an S2S app);
   * `{ pace: zoomAccountId }` makes its calls take turns with the account's other paced calls.
   */
  as(auth: ZoomAuth, options: ZoomCallOptions = {}): ZoomSchedulerApi {
    const accountKey = options.pace;
    let pacer: TransportPacer | undefined;
    if (accountKey !== undefined) {
      const limiter = this.rateLimiter ?? sharedAccountRateLimiter();
      pacer = {
        beforeAttempt: () => limiter.acquire(accountKey),
        afterAttempt: (response) => limiter.observe(accountKey, response),
      };
    }
    return new ZoomSchedulerApi(new ZoomOperationCaller(this.transport, this.apiBaseUrl, auth, pacer));
  }
}

type PageQuery<Q> = Q & { next_page_token?: string };

export class ZoomSchedulerApi {
  constructor(private readonly caller: ZoomOperationCaller) {}

  // --- analytics -------------------------------------------------------------------------------------------

  /** `from`/`to` are RFC 3339 timestamps; `user_id: "all"` gives account-wide numbers (admin). */
  getAnalytics(query: ZoomAnalyticsQuery = {}): Promise<ZoomAnalytics> {
    return this.caller.call('report_analytics', { query });
  }

  // --- availability ----------------------------------------------------------------------------------------

  async listAvailability(query: PageQuery<ZoomAvailabilityListQuery> = {}): Promise<ZoomPage<ZoomAvailabilitySummary>> {
    const raw = await this.caller.call<RawPage<ZoomAvailabilitySummary>>('list_availability', {
      query,
      essential: ['items[].availability_id'],
    });
    return toPage(raw);
  }

  iterateAvailability(query: ZoomAvailabilityListQuery = {}): AsyncGenerator<ZoomAvailabilitySummary, void, undefined> {
    return iteratePages('list_availability', (token) => this.listAvailability({ ...query, next_page_token: token }));
  }

  createAvailability(availability: ZoomAvailabilityInput): Promise<ZoomAvailabilityCreated> {
    return this.caller.call('insert_availability', { body: availability, essential: ['availability_id'] });
  }

  /**
   * With `user_id` (or an acting user), a 404 is answered from the list with `user_id`: live Zoom resolves
   * lookups by id within the token's own user only (zoom-live.md §B3). The result then has the list item's fields.
   */
  async getAvailability(availabilityId: string, query: ActingUser = {}): Promise<ZoomAvailability> {
    const userId = query.user_id ?? this.caller.actingUserId;
    return this.withListFallback(
      () => this.caller.call<ZoomAvailability>('get_availability', { path: { availabilityId }, essential: ['availability_id'] }),
      userId,
      () => this.iterateAvailability({ user_id: userId }),
      (item) => item.availability_id === availabilityId,
    );
  }

  /** Zoom requires `name` and `time_zone` on every update. */
  updateAvailability(availabilityId: string, changes: ZoomAvailabilityUpdate): Promise<void> {
    return this.caller.call('patch_availability', { path: { availabilityId }, body: changes });
  }

  deleteAvailability(availabilityId: string): Promise<void> {
    return this.caller.call('delete_availability', { path: { availabilityId } });
  }

  // --- scheduled events (bookings) -------------------------------------------------------------------------

  async listEvents(query: PageQuery<ZoomEventListQuery> = {}): Promise<ZoomPage<ZoomEventSummary>> {
    const raw = await this.caller.call<RawPage<ZoomEventSummary>>('list_scheduled_events', {
      query,
      essential: ['items[].event_id'],
    });
    return toPage(raw);
  }

  iterateEvents(query: ZoomEventListQuery = {}): AsyncGenerator<ZoomEventSummary, void, undefined> {
    return iteratePages('list_scheduled_events', (token) => this.listEvents({ ...query, next_page_token: token }));
  }

  /** With `user_id` (or an acting user), a 404 is answered from the list with `user_id` (see getAvailability). */
  getEvent(eventId: string, query: ZoomEventQuery = {}): Promise<ZoomEvent> {
    const userId = query.user_id ?? this.caller.actingUserId;
    return this.withListFallback(
      () => this.caller.call<ZoomEvent>('get_scheduled_events', { path: { eventId }, query, essential: ['event_id'] }),
      userId,
      () => this.iterateEvents({ user_id: userId, show_deleted: true }),
      (item) => item.event_id === eventId,
    );
  }

  /** Sets any of `status`, `meeting_notes` and attendees' `no_show`. */
  updateEvent(eventId: string, changes: ZoomEventUpdate, query: ActingUser = {}): Promise<void> {
    return this.caller.call('patch_scheduled_events', { path: { eventId }, query, body: changes });
  }

  cancelEvent(eventId: string, query: ActingUser = {}): Promise<void> {
    return this.updateEvent(eventId, { status: 'cancelled' }, query);
  }

  markNoShow(eventId: string, attendeeEmail: string, noShow = true, query: ActingUser = {}): Promise<void> {
    return this.updateEvent(eventId, { attendees: [{ email: attendeeEmail, no_show: noShow }] }, query);
  }

  setMeetingNotes(eventId: string, meetingNotes: string, query: ActingUser = {}): Promise<void> {
    return this.updateEvent(eventId, { meeting_notes: meetingNotes }, query);
  }

  deleteEvent(eventId: string, query: ActingUser = {}): Promise<void> {
    return this.caller.call('delete_scheduled_events', { path: { eventId }, query });
  }

  getEventAttendee(eventId: string, attendeeId: string): Promise<ZoomEventAttendee> {
    return this.caller.call('get_scheduled_event_attendee', { path: { eventId, attendeeId }, essential: ['attendee_id'] });
  }

  // --- schedules (bookable event types) --------------------------------------------------------------------

  async listSchedules(query: PageQuery<ZoomScheduleListQuery> = {}): Promise<ZoomPage<ZoomScheduleSummary>> {
    const raw = await this.caller.call<RawPage<ZoomScheduleSummary>>('list_schedules', {
      query,
      essential: ['items[].schedule_id'],
    });
    return toPage(raw);
  }

  iterateSchedules(query: ZoomScheduleListQuery = {}): AsyncGenerator<ZoomScheduleSummary, void, undefined> {
    return iteratePages('list_schedules', (token) => this.listSchedules({ ...query, next_page_token: token }));
  }

  /**
   * Fixed date ranges get the `start`/`end` live Zoom asks for (schedule-input.ts). Never retried: a POST that
   * timed out may have created the schedule. On live Zoom a saved-availability reference may be refused with 400:
   * see `isAvailabilityReferenceRejection` and `withInlineAvailability`.
   */
  async createSchedule(schedule: ZoomScheduleInput, query: ActingUser = {}): Promise<ZoomScheduleCreated> {
    return this.caller.call('insert_schedule', { query, body: withScheduleTimeFields(schedule), essential: ['schedule_id'] });
  }

  /** With `user_id` (or an acting user), a 404 is answered from the list with `user_id` (see getAvailability). */
  getSchedule(scheduleId: string, query: ActingUser = {}): Promise<ZoomSchedule> {
    const userId = query.user_id ?? this.caller.actingUserId;
    return this.withListFallback(
      () => this.caller.call<ZoomSchedule>('get_schedule', { path: { scheduleId }, query, essential: ['schedule_id'] }),
      userId,
      () => this.iterateSchedules({ user_id: userId }),
      (item) => item.schedule_id === scheduleId || item.slug === scheduleId,
    );
  }

  /**
   * Bookable slots Zoom computes (2026-07-13): hours minus calendar busy time, bookings, buffers and notice.
   * `from`/`to` are dates; `start_time` values carry a UTC offset.
   */
  getAvailableTimes(scheduleId: string, query: ZoomAvailableTimesQuery = {}): Promise<ZoomAvailableTimes> {
    return this.caller.call('list_schedule_available_times', { path: { scheduleId }, query });
  }

  /** Schedules an admin assigned from a template (2026-11-16); assignees cannot edit them. */
  async listManagedSchedules(query: PageQuery<ZoomManagedScheduleListQuery> = {}): Promise<ZoomPage<ZoomManagedSchedule>> {
    const raw = await this.caller.call<RawPage<ZoomManagedSchedule>>('list_managed_schedules', {
      query,
      essential: ['items[].schedule_id'],
    });
    return toPage(raw);
  }

  iterateManagedSchedules(query: ZoomManagedScheduleListQuery = {}): AsyncGenerator<ZoomManagedSchedule, void, undefined> {
    return iteratePages('list_managed_schedules', (token) => this.listManagedSchedules({ ...query, next_page_token: token }));
  }

  /**
   * `POST /scheduler/attendee` (2026-11-09): books a slot for an invitee. Typed for completeness; live Zoom
   * refused every payload in one write-up (zoom-live.md §B7), so do not build flows on it. Never retried.
   */
  createAttendee(booking: ZoomAttendeeInput, query: ActingUser = {}): Promise<ZoomAttendeeCreated> {
    return this.caller.call('create_attendee', { query, body: booking, essential: ['event_id'] });
  }

  updateSchedule(scheduleId: string, changes: ZoomScheduleUpdate, query: ActingUser = {}): Promise<void> {
    return this.caller.call('patch_schedule', { path: { scheduleId }, query, body: changes });
  }

  deleteSchedule(scheduleId: string, query: ActingUser = {}): Promise<void> {
    return this.caller.call('delete_schedules', { path: { scheduleId }, query });
  }

  /** A booking link that works once; `team_id` makes it for the user's team. */
  createSingleUseLink(scheduleId: string, query: { team_id?: string } = {}): Promise<ZoomSchedulingLink> {
    return this.caller.call('single_use_link', { query, body: { schedule_id: scheduleId }, essential: ['scheduling_url'] });
  }

  /** "Customize once and share": a link with per-invitee overrides, without creating a new schedule. */
  createShare(share: ZoomShareInput): Promise<ZoomSchedulingLink> {
    return this.caller.call('create_shares', { body: share, essential: ['scheduling_url'] });
  }

  // --- teams, routing forms, users -------------------------------------------------------------------------

  async listTeams(query: ActingUser = {}): Promise<ZoomTeam[]> {
    const raw = await this.caller.call<{ teams?: ZoomTeam[] }>('Listteam', { query });
    return raw.teams ?? [];
  }

  getRoutingFormResponse(formId: string, responseId: string): Promise<ZoomRoutingFormResponse> {
    return this.caller.call('Getroutingresponse', { path: { formId, responseId } });
  }

  /** The Scheduler profile of `userId`, by default the acting user or else the token's own user ("me"). */
  getUser(userId: string = this.caller.actingUserId ?? 'me'): Promise<ZoomSchedulerUser> {
    return this.caller.call('get_user', { path: { userId } });
  }

  /**
   * `lookup()`, or — when it 404s and a user was named — the first item of `list()` that `matches`. Other
   * errors, and a 404 without a user, are raised as they are; an item missing from the list too re-raises
   * the 404.
   */
  private async withListFallback<T, Item>(
    lookup: () => Promise<T>,
    userId: string | undefined,
    list: () => AsyncGenerator<Item, void, undefined>,
    matches: (item: Item) => boolean,
  ): Promise<T> {
    try {
      return await lookup();
    } catch (error) {
      if (userId === undefined || !(error instanceof ZoomApiError) || error.status !== 404) throw error;
      for await (const item of list()) if (matches(item)) return item as unknown as T;
      throw error;
    }
  }

  // --- outside the Scheduler spec (users-api.ts) -----------------------------------------------------------

  /** `GET /users/me` of Zoom's Users API (scope `user:read`): who the token belongs to. */
  getCurrentUser(): Promise<ZoomCurrentUser> {
    return this.caller.call(CURRENT_USER_OPERATION, { essential: ['id'] });
  }

  /**
   * `GET /users/{userId}` of Zoom's Users API (scope `user:read:admin`): any user of the account, by Zoom user id
   * or e-mail. Unknown users are a ZoomApiError 404 (code 1001).
   */
  getZoomUser(userIdOrEmail: string): Promise<ZoomCurrentUser> {
    return this.caller.call(ZOOM_USER_OPERATION, { path: { userId: userIdOrEmail }, essential: ['id'] });
  }
}
