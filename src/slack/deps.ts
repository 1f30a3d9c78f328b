import { KeyedPacer } from '../lib/pacer';
import { SLACK_POST_INTERVAL_MS } from './web/post';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Store } from '../store';
import {
  ZoomOAuth,
  ZoomSchedulerClient,
  ZoomServerToServerAuth,
  ZoomTokenManager,
  type RetryPolicy,
} from '../zoom';
import { DigestService } from './delivery/digest';
import { HomeService } from './delivery/home';
import { ScheduleService } from '../core/schedules';
import { SlackClients } from './web/clients';
import { SlackUsers } from './web/users';
import { ZoomAccounts } from '../core/zoom-accounts';
import { forgetWorkspace } from '../core/workspace-removal';
import { ZoomWebhookIntake } from '../core/zoom-webhooks';
import { BookingNotifications } from './delivery/booking-notifications';
import { ZoomDeauthorization } from './delivery/zoom-deauthorization';

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
  /** Republishes a user's App Home; call it after any change the Home shows. */
  home: HomeService;
  /** The user's Zoom schedules: list, find by title, create, booking links. */
  schedules: ScheduleService;
  /** Builds and posts the daily analytics digest (the scheduler in src/jobs decides when). */
  digests: DigestService;
  /** Slack `app_uninstalled` / bot `tokens_revoked`: the workspace's data goes and its Zoom grants are revoked. */
  forgetWorkspace(teamId: string, cause: 'app_uninstalled' | 'tokens_revoked', eventTime?: Date): Promise<void>;
  /** The one per-conversation pacer of Slack posts, shared by the digest and booking notifications. */
  slackPacer: KeyedPacer;
  /** `POST /zoom/webhooks`: verification, de-duplication, booking announcements, deauthorization. */
  zoomWebhooks: ZoomWebhookIntake;
}

/**
 * What a Slack handler (listeners/, flows/) is handed: the few parts it uses, built in src/app.ts. Never the
 * store, the config or Zoom's raw endpoints: a listener that needs data asks a service for it.
 */
export type SlackDeps = Omit<Services, 'config' | 'store' | 'zoom' | 'zoomWebhooks' | 'slackPacer'>;

export interface ServiceOptions {
  /** The one Slack pacer; built here when not given (src/app.ts gives it the tests' clock). */
  slackPacer?: KeyedPacer;
  config: Config;
  logger: Logger;
  store: Store;
  zoom: ZoomEndpoints;
  slackClientOptions: WebClientOptions;
  now?: () => number;
  /** Tests shorten Zoom's retry waits. */
  zoomRetry?: Partial<RetryPolicy>;
}

export function createServices(options: ServiceOptions): Services {
  const { config, logger, store, zoom } = options;
  const now = options.now ?? Date.now;
  const zoomLogger = logger.child({ component: 'zoom' });
  const transport = { now, logger: zoomLogger, ...(options.zoomRetry ? { retry: options.zoomRetry } : {}) };

  const client = new ZoomSchedulerClient({ apiBaseUrl: zoom.apiBaseUrl, ...transport });
  const oauth = new ZoomOAuth({
    oauthBaseUrl: zoom.oauthBaseUrl,
    clientId: zoom.clientId,
    clientSecret: zoom.clientSecret,
    redirectUri: zoom.redirectUri,
    ...transport,
  });
  const tokens = new ZoomTokenManager({ oauth, store, now, logger: zoomLogger });
  const serverToServer =
    config.zoom.auth.kind === 'server-to-server'
      ? new ZoomServerToServerAuth({ oauth, accountId: config.zoom.auth.accountId, now })
      : undefined;

  const services: Omit<Services, 'home' | 'schedules' | 'digests' | 'zoomWebhooks' | 'forgetWorkspace'> = {
    slackPacer: options.slackPacer ?? new KeyedPacer({ minIntervalMs: SLACK_POST_INTERVAL_MS }),
    config,
    logger,
    store,
    now,
    zoom,
    zoomAccounts: new ZoomAccounts({
      store,
      client,
      oauth,
      tokens,
      ...(serverToServer ? { serverToServer } : {}),
      ...(config.zoom.sharedAccount ? { sharedAccount: { zoomUserId: config.zoom.sharedAccount.userId } } : {}),
      now,
    }),
    slackUsers: new SlackUsers(store, now),
    slackClients: new SlackClients({
      store,
      clientOptions: options.slackClientOptions,
      ...(config.slack.mode.kind === 'single-workspace' ? { botToken: config.slack.mode.botToken } : {}),
    }),
  };
  const home = new HomeService(services);
  return {
    ...services,
    home,
    zoomWebhooks: createZoomWebhookIntake({ ...services, home }),
    schedules: new ScheduleService(services.zoomAccounts),
    forgetWorkspace: (teamId, cause, eventTime) => forgetWorkspace(services, teamId, cause, eventTime),
    digests: new DigestService(services),
  };
}

/** The intake wired to its handlers: booking announcements and deauthorization. */
function createZoomWebhookIntake(deps: {
  zoom: { webhookSecretToken: string | undefined };
  store: Store;
  now: () => number;
  logger: Logger;
  slackClients: SlackClients;
  slackUsers: SlackUsers;
  home: HomeService;
  slackPacer: KeyedPacer;
}): ZoomWebhookIntake {
  const bookings = new BookingNotifications({ ...deps, pacer: deps.slackPacer });
  const deauthorization = new ZoomDeauthorization(deps);
  return new ZoomWebhookIntake({
    secretToken: deps.zoom.webhookSecretToken,
    store: deps.store,
    now: deps.now,
    logger: deps.logger,
    handlers: {
      scheduledEvent: (notice) => bookings.handle(notice),
      deauthorized: (notice) => deauthorization.handle(notice),
    },
  });
}
