/**
 * Built-in Zoom Scheduler mock: a stateful loopback HTTP server that behaves like Zoom's Scheduler API
 * (all 24 operations under `/v2/scheduler`: the 21 of the February 2026 spec and the 3 added since, see ../spec-additions.ts) and Zoom's OAuth (`/oauth/authorize|token|revoke`), validates
 * every request against the corrected OpenAPI document, sends signed webhooks and takes injected faults.
 * Used by the tests, by `npm run demo` and by the app when `IS_LIVE_SERVER=false`.
 */
import { randomUUID } from 'node:crypto';
import { Bookings } from './booking';
import { MockUsageError } from './errors';
import { schedulerId } from './ids';
import { FaultQueue } from './faults';
import { OAuthServer } from './oauth';
import { addRoutingResponse, seedDefaultUser } from './seed';
import { API_PREFIX, MockHttpServer, type MockBehaviour } from './server';
import { MockState, type UserRecord } from './state';
import type { BookingInput, CancelInput, MockUser, Violation, ZoomMock, ZoomMockOptions } from './types';
import { sharedValidator } from './validate';
import { eventJson } from './json-shapes';
import { WebhookSender } from './webhooks';

export type { MockProfile, MockSchedulerAccess, ZoomMockControl } from './types';
export type {
  BookingInput,
  CancelInput,
  FaultSpec,
  MockEvent,
  MockUser,
  RoutingResponseInput,
  TokenGrantResponse,
  Violation,
  WebhookDelivery,
  ZoomMock,
  ZoomMockOptions,
} from './types';

export const DEFAULT_MOCK_USER: MockUser = {
  id: 'Hrk8hOM-TpaY9t4zlLf-Cg',
  email: 'alex.rivera@example.com',
  displayName: 'Alex Rivera',
  slug: 'alex-rivera',
  timeZone: 'America/New_York',
};

function publicUser(user: UserRecord): MockUser {
  return { id: user.id, email: user.email, displayName: user.displayName, slug: user.slug, timeZone: user.timeZone };
}

export async function startZoomMock(opts: ZoomMockOptions = {}): Promise<ZoomMock> {
  const now = opts.now ?? Date.now;
  const accountId = opts.accountId ?? 'mockAccount-0001';
  const clientId = opts.clientId ?? 'zoom-mock-client-id';
  const clientSecret = opts.clientSecret ?? 'zoom-mock-client-secret';
  const state = new MockState(accountId);
  const defaultUser = state.addUser(DEFAULT_MOCK_USER);
  const webhooks = new WebhookSender(now);
  const bookings = new Bookings(state, now, webhooks);
  if (opts.seed !== false) await seedDefaultUser(state, bookings, defaultUser, now());
  // Set after seeding: sample data is history, not news.
  if (opts.webhook) webhooks.target = { ...opts.webhook };

  const violations: Violation[] = [];
  const faults = new FaultQueue();
  const requests: Array<{ method: string; path: string; status: number }> = [];
  const oauthConfig = { clientId, clientSecret, accountId, accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600, apiUrl: '', now };
  const oauth = new OAuthServer(oauthConfig, state, defaultUser.id);
  const behaviour: MockBehaviour = { profile: opts.profile ?? 'spec', xmlErrors: false };
  const server = new MockHttpServer({
    state,
    oauth,
    bookings,
    validator: sharedValidator(),
    faults,
    violations,
    requests,
    now,
    defaultUserId: defaultUser.id,
    behaviour,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  });
  const origin = await server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  oauthConfig.apiUrl = origin;

  const requireUser = (userId: string): UserRecord => {
    const user = state.users.get(userId);
    if (!user) throw new MockUsageError(`no mock user ${userId}`);
    return user;
  };

  return {
    profile: behaviour.profile,
    control: {
      xmlErrors: (on) => {
        behaviour.xmlErrors = on;
      },
      setSchedulerAccess: (userId, access) => {
        requireUser(userId).schedulerAccess = access;
      },
      marketplaceInstallRedirect: (redirectUri, userId) =>
        oauth.marketplaceRedirect(redirectUri, requireUser(userId ?? oauth.authorizingUserId).id),
      assignManagedSchedule: (userId, fields = {}) => {
        const owner = requireUser(userId);
        const id = schedulerId();
        const duration = fields.duration ?? 30;
        const summary = fields.summary ?? 'Team intro call';
        const at = now();
        state.schedules.set(id, {
          id,
          ownerId: owner.id,
          slug: `${
            summary
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-+|-+$/g, '') || 'managed'
          }-${id.slice(0, 6).toLowerCase()}`,
          fields: {
            summary,
            duration,
            schedule_type: 'one',
            add_on_type: 'zoomMeeting',
            interval_type: 'unlimited',
            time_zone: owner.timeZone,
            active: true,
          },
          createdAt: at,
          updatedAt: at,
          createdVia: 'template',
          assignedFromTemplate: true,
        });
        return { scheduleId: id };
      },
      reschedule: async (eventId, options = {}) => {
        const event = state.events.get(eventId);
        if (!event || event.deletedAt !== undefined) throw new MockUsageError(`no event ${eventId}`);
        const moved = await bookings.reschedule(event, options.startTime, {
          linkIds: options.linkIds !== false,
          ...(options.delivery ? { delivery: options.delivery } : {}),
        });
        return eventJson(moved, requireUser(moved.ownerId).timeZone);
      },
    },
    apiBaseUrl: `${origin}${API_PREFIX}`,
    oauthBaseUrl: origin,
    clientId,
    clientSecret,
    accountId,
    defaultUser: publicUser(defaultUser),
    addUser: ({ schedulerAccess, ...partial } = {}) => {
      const user = state.addUser(partial);
      user.schedulerAccess = schedulerAccess ?? 'ok';
      return publicUser(user);
    },
    setAuthorizingUser: (userId) => {
      oauth.authorizingUserId = requireUser(userId).id;
    },
    issueTokensFor: (userId, scopes) => oauth.issueForUser(requireUser(userId).id, scopes),
    setWebhookTarget: (url, secretToken) => {
      webhooks.target = { url, secretToken };
    },
    addRoutingResponse: (userId, input) => {
      const record = addRoutingResponse(state, requireUser(userId), now(), input);
      return { formId: record.formId, responseId: record.responseId };
    },
    book: async (input: BookingInput) => {
      const event = await bookings.book(input);
      return eventJson(event, requireUser(event.ownerId).timeZone);
    },
    cancelEvent: async (eventId: string, by: CancelInput) => {
      const event = state.events.get(eventId);
      if (!event || event.deletedAt !== undefined) throw new MockUsageError(`no event ${eventId}`);
      await bookings.cancel(event, by);
    },
    deauthorize: async (userId) => {
      const user = requireUser(userId);
      oauth.revokeUser(user.id);
      await webhooks.send('app_deauthorized', {
        account_id: accountId,
        user_id: user.id,
        client_id: clientId,
        deauthorization_time: new Date(now()).toISOString(),
        signature: randomUUID(),
      });
    },
    violations,
    faults: { enqueue: (fault) => faults.enqueue(fault), clear: () => faults.clear() },
    stats: { tokenRequests: oauth.tokenRequests, requests },
    webhookDeliveries: webhooks.deliveries,
    retryWebhook: (requestId) => webhooks.retry(requestId),
    expireAccessTokens: () => oauth.expireAllAccessTokens(),
    close: () => server.close(),
  };
}
