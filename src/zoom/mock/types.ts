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

export interface ZoomMockOptions {
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
  apiBaseUrl: string;
  oauthBaseUrl: string;
  clientId: string;
  clientSecret: string;
  accountId: string;
  defaultUser: MockUser;
  addUser(partial?: Partial<MockUser>): MockUser;
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
  /** Every webhook the mock tried to deliver, in order. */
  webhookDeliveries: WebhookDelivery[];
  expireAccessTokens(): void;
  close(): Promise<void>;
}
