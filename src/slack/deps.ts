import type { Config } from '../config';
import type { ConnectionAlerts } from './delivery/connection-alerts';
import type { IdleConnectionRefresher } from '../core/idle-refresh';
import type { Attendance } from '../core/attendance';
import type { BookingLog } from '../core/booking-log';
import type { ScheduleService } from '../core/schedules';
import type { ZoomAccounts } from '../core/zoom-accounts';
import type { ZoomWebhookIntake } from '../core/zoom-webhooks';
import type { ConversationPacer } from '../lib/pacer';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { DigestService } from './delivery/digest';
import type { HomeService } from './delivery/home';
import type { SlackClients } from './web/clients';
import type { SlackUsers } from './web/users';

/** Zoom endpoints and app credentials after the live/mock decision (the mock supplies its own). */
export interface ZoomEndpoints {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  webhookSecretToken: string | undefined;
}

/** Everything the composition root builds, for routes and jobs; listeners get the narrower {@link SlackDeps}. */
export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  now: () => number;
  zoom: ZoomEndpoints;
  zoomAccounts: ZoomAccounts;
  slackUsers: SlackUsers;
  slackClients: SlackClients;
  /** Whether the database answers (within 2 s): a modal asks before it closes, so an outage keeps it open. */
  databaseReachable(): Promise<boolean>;
  /** Republishes a user's App Home; call it after any change the Home shows. */
  home: HomeService;
  /** The user's Zoom schedules: list, find by title, create, booking links. */
  schedules: ScheduleService;
  /** No-shows: the host's "Did they attend?" answer, recorded once and set at Zoom. */
  attendance: Attendance;
  /** The app's own record of bookings, per channel their link was posted in (digest, `analytics`). */
  bookingLog: BookingLog;
  /** Builds and posts the daily analytics digest (the scheduler in src/jobs decides when). */
  digests: DigestService;
  /** Dead Zoom connections: the owner's DM, its reminders on days 1, 3 and 7, and their Dismiss. */
  connectionAlerts: ConnectionAlerts;
  /** Refreshes connections idle for a month (OAuth mode; none in Server-to-Server mode, which has no refresh tokens). */
  idleConnections: IdleConnectionRefresher | undefined;
  /** Slack `app_uninstalled` / bot `tokens_revoked`: the workspace's data goes and its Zoom grants are revoked. */
  forgetWorkspace(teamId: string, cause: 'app_uninstalled' | 'tokens_revoked', eventTime?: Date): Promise<void>;
  /** The one per-conversation pacer of Slack posts, shared by the digest and booking notifications. */
  slackPacer: ConversationPacer;
  /** `POST /zoom/webhooks`: verification, de-duplication, booking announcements, deauthorization. */
  zoomWebhooks: ZoomWebhookIntake;
}

/**
 * What a Slack handler (listeners/, flows/) is handed: the few parts it uses, built in src/app.ts. Never the
 * store, the config or Zoom's raw endpoints: a listener that needs data asks a service for it.
 */
export type SlackDeps = Omit<Services, 'config' | 'store' | 'zoom' | 'zoomWebhooks' | 'slackPacer'>;
