/** Public types of the Zoom Scheduler mock (see index.ts). */
import type { ScheduledEventJson } from './json-shapes';
import type { MockUser } from './state';

export type { MockUser };

/** A booking as `GET /scheduler/events/{eventId}` shows it. */
export type MockEvent = ScheduledEventJson;

export interface BookingInput {
  scheduleId: string;
  /** ISO instant; default: the schedule's next open slot. */
  startTime?: string;
  invitee: { email: string; firstName: string; lastName: string; timeZone?: string };
  answers?: Array<{ question: string; answer: string[] }>;
  /**
   * The booking page address the invitee opened (a posted link): its `utm_*` query parameters come back in the
   * webhook's `tracking`, as Zoom passes them.
   */
  pageUrl?: string;
}

export interface CancelInput {
  canceler: 'host' | 'invitee';
  name?: string;
  reason?: string;
}

export interface RoutingResponseInput {
  creatorEmail?: string;
  questionsAndAnswers?: Array<{ question: string; answers: string[] }>;
  /** Schedule the form routed to; default: none (a text result). */
  scheduleId?: string;
}

export interface Violation {
  method: string;
  path: string;
  operation?: string;
  message: string;
}

export interface FaultSpec {
  method?: string;
  /** Tested against the request path (`/v2/scheduler/...`, `/oauth/token`). */
  path?: RegExp;
  status?: number;
  /** Sent as `Retry-After` verbatim: seconds (`"2"`) or an HTTP/ISO date. */
  retryAfter?: string;
  body?: unknown;
  delayMs?: number;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

export interface WebhookDelivery {
  event: string;
  requestId: string;
  /** HTTP status of the target's answer; absent when the POST failed. */
  status?: number;
  error?: string;
}

/** `spec`: Zoom's published Scheduler spec; `live`: live Zoom as observed (zoom-live.md §B 1–6). */
export type MockProfile = 'spec' | 'live';

/** Whether Scheduler serves a user: `unlicensed` → 401 "Invalid license type", `no-profile` → 403 "User Not Found". */
export type MockSchedulerAccess = 'ok' | 'unlicensed' | 'no-profile';

/** The order a reschedule's two webhooks reach the target in; `together` sends both at once. */
export type RescheduleDelivery = 'cancel-first' | 'create-first' | 'together';

/** Switches for behaviour tests turn on and off while the mock runs. */
export interface ZoomMockControl {
  /** Live profile only: answer errors as XML documents instead of the nested JSON envelope. */
  xmlErrors(on: boolean): void;
  /** Makes `userId` a user Scheduler cannot serve (or, with `ok`, fixes them again). */
  setSchedulerAccess(userId: string, access: MockSchedulerAccess): void;
  /**
   * What Zoom does when a user adds the app from the Marketplace: the redirect to the app's callback with a fresh
   * `code` (exchangeable with `redirectUri`) and no `state`.
   */
  marketplaceInstallRedirect(redirectUri: string, userId?: string): string;
  /** Assigns `userId` a managed schedule from an admin template (listed by GET /managed_schedules, not editable by them). */
  assignManagedSchedule(userId: string, fields?: { summary?: string; duration?: number }): { scheduleId: string };
  /**
   * An invitee moves a booking: cancel + create, both webhooks `rescheduled: true` with the linking ids
   * (`linkIds: false` leaves them out, as Zoom did before 2026-08-17). Returns the new event.
   */
  reschedule(eventId: string, options?: { startTime?: string; linkIds?: boolean; delivery?: RescheduleDelivery }): Promise<MockEvent>;
}

export interface ZoomMockOptions {
  /** Default `spec`. */
  profile?: MockProfile;
  /**
   * Enforce Zoom's per-account light-call rate (zoom-live.md §C) on the REST API, in one-second windows of
   * real time: beyond `perSecond` the answer is 429 with `Retry-After` and `X-RateLimit-*` headers.
   * Default: unlimited.
   */
  rateLimit?: { perSecond: number };
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  accessTokenTtlSeconds?: number;
  now?: () => number;
  accountId?: string;
  webhook?: { url: string; secretToken: string };
  seed?: boolean;
}

export interface TokenGrantResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

export interface ZoomMock {
  profile: MockProfile;
  control: ZoomMockControl;
  apiBaseUrl: string;
  oauthBaseUrl: string;
  clientId: string;
  clientSecret: string;
  accountId: string;
  defaultUser: MockUser;
  /** `schedulerAccess` sets up a user Scheduler cannot serve (see `control.setSchedulerAccess`). */
  addUser(partial?: Partial<MockUser> & { schedulerAccess?: MockSchedulerAccess }): MockUser;
  setAuthorizingUser(userId: string): void;
  issueTokensFor(userId: string, scopes?: string[]): TokenGrantResponse;
  setWebhookTarget(url: string, secretToken: string): void;
  /** Stores a routing-form response of `userId` for `GET /scheduler/routing/forms/{formId}/response/{responseId}`. */
  addRoutingResponse(userId: string, input?: RoutingResponseInput): { formId: string; responseId: string };
  book(input: BookingInput): Promise<MockEvent>;
  cancelEvent(eventId: string, by: CancelInput): Promise<void>;
  deauthorize(userId: string): Promise<void>;
  violations: Violation[];
  faults: { enqueue(fault: FaultSpec): void; clear(): void };
  /** `requests[].query`: the raw query string, when the request had one (e.g. `user_id=…`). */
  stats: { tokenRequests: Record<string, number>; requests: Array<{ method: string; path: string; status: number; query?: string }> };
  /** Every webhook the mock tried to deliver, in order (a retry is a delivery of its own, with the same request id). */
  webhookDeliveries: WebhookDelivery[];
  /** Zoom's retry of a delivery that got no 2xx; resolves with the new attempt. */
  retryWebhook(requestId: string): Promise<WebhookDelivery>;
  expireAccessTokens(): void;
  close(): Promise<void>;
}
