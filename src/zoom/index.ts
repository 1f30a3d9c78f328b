/** Public surface of the Zoom Scheduler client. Nothing here knows about Slack or the app's database. */
export { ZoomSchedulerClient, ZoomSchedulerApi, ZOOM_API_BASE_URL, type ZoomSchedulerClientOptions, type ZoomCallOptions } from './client';
export {
  ZoomAccountRateLimiter,
  ZoomRateLimitedError,
  sharedAccountRateLimiter,
  type ZoomAccountRateLimiterOptions,
  type RateLimitObservation,
} from './rate-limit';
export type { TransportOptions, ZoomAttemptReport, ZoomLogger } from './transport';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry';
export {
  ZoomError,
  ZoomApiError,
  ZoomNetworkError,
  ZoomTimeoutError,
  ZoomResponseError,
  ZoomOAuthError,
  ZoomReconnectRequiredError,
  ZoomTokenRefreshContendedError,
  ZoomLicenseRequiredError,
  ZoomSchedulerProfileMissingError,
  isSchedulerAccessError,
  zoomApiError,
  type ZoomFieldError,
} from './errors';
export { parseZoomErrorBody, type ZoomErrorBody } from './error-body';
export {
  isAvailabilityReferenceRejection,
  referencedAvailabilityIds,
  withInlineAvailability,
  withScheduleTimeFields,
} from './schedule-input';
export { SPEC_ADDITIONS, type SpecAddition } from './spec-additions';

export { staticAccessToken, type ZoomAuth } from './auth/types';
export { ZoomOAuth, ZOOM_OAUTH_BASE_URL, type ZoomOAuthOptions, type ZoomTokenSet, type ZoomUserTokenSet } from './auth/oauth';
export { createPkcePair, type PkcePair } from './auth/pkce';
export type { ZoomTokenRecord, ZoomTokenStore } from './auth/token-store';
export { ZoomTokenManager, type TokenRefreshOutcome, type ZoomTokenManagerOptions, type ZoomTokenEndpoint } from './auth/token-manager';
export { ZoomServerToServerAuth, type ZoomServerToServerAuthOptions } from './auth/server-to-server';

export {
  verifyZoomWebhook,
  urlValidationResponse,
  signZoomWebhook,
  isZoomWebhook,
  isKnownZoomWebhook,
  KNOWN_ZOOM_WEBHOOK_EVENTS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type VerifyZoomWebhookArgs,
  type ZoomWebhookVerification,
  type ZoomWebhookRejection,
  type ZoomWebhookEvent,
  type ZoomKnownWebhooks,
  type ZoomScheduledEventCreatedWebhook,
  type ZoomScheduledEventCanceledWebhook,
  type ZoomAppDeauthorizedWebhook,
  type ZoomUrlValidationWebhook,
  type ZoomRoutingFormSubmissionWebhook,
  type ZoomUnknownWebhook,
  type ZoomOtherWebhook,
  type ZoomWebhookPayment,
} from './webhooks';

export { correctedSpec, publishedSpec, SPEC_FIXES, type SpecFix } from './spec-fixes';
export type * from './types';
export type { ZoomCurrentUser } from './users-api';
export { ZOOM_MAX_PAGE_SIZE } from './pagination';
