// First, before Bolt is loaded: Bolt's Socket Mode, unused over HTTP, then loads only if a receiver asks for it.
import './slack/socket-mode-on-demand';
import { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { config as readDotenv } from 'dotenv';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig, type Config } from './config';
import { DigestScheduler, type DigestSchedulerCollaborators, type DigestSchedulerOptions } from './jobs/digest-scheduler';
import { DEFAULT_DIGEST_TUNING } from './jobs/digest-tuning';
import { JobRunner, type JobRunnerTuning } from './jobs/job-runner';
import type { ConversationPacer } from './lib/pacer';
import { registerListeners } from './slack/listeners';
import { SharedSlackPacer } from './slack/web/database-pacer';
import { createLogger, toBoltLogger, type Logger } from './logger';
import { healthzRoute } from './routes/healthz';
import { metricsRoute } from './routes/metrics';
import { observedRoute } from './routes/observed-route';
import { Metrics, noMetrics, observedPacer, type MetricsRecorder } from './metrics';
import { observeSlackHttp, observeSlackRequests } from './slack/request-observer';
import { zoomOAuthCallbackRoute } from './routes/zoom-oauth-callback';
import { zoomWebhooksRoute } from './routes/zoom-webhooks';
import type { Services, ZoomEndpoints } from './slack/deps';
import { ScheduleService } from './core/schedules';
import { forgetWorkspace } from './core/workspace-removal';
import { ZoomAccounts } from './core/zoom-accounts';
import { ZOOM_WEBHOOK_JOB, ZoomWebhookIntake } from './core/zoom-webhooks';
import { BookingNotifications } from './slack/delivery/booking-notifications';
import { DigestService } from './slack/delivery/digest';
import { CONNECTION_ALERT_SCAN_MS, ConnectionAlerts } from './slack/delivery/connection-alerts';
import { IntervalJob } from './jobs/interval-job';
import { IDLE_REFRESH_CHECK_MS, IdleConnectionRefresher } from './core/idle-refresh';
import { HomeService } from './slack/delivery/home';
import { ZoomDeauthorization } from './slack/delivery/zoom-deauthorization';
import { SLACK_WEB_API_POLICY, SlackClients } from './slack/web/clients';
import { SlackUsers } from './slack/web/users';
import { isPassingOutage } from './slack/failures';
import { slackInstallOptions } from './slack/installation-store';
import { seedSharedAccount } from './core/shared-account';
import { BookingLog } from './core/booking-log';
import { Attendance, NO_SHOW_PROMPT_JOB } from './core/attendance';
import { NoShowPrompts } from './slack/delivery/no-show-prompts';
import { applyMigrations, createStore, type Store, type StoreOptions } from './store';
import {
  ZoomAccountRateLimiter,
  ZoomOAuth,
  ZoomSchedulerClient,
  ZoomServerToServerAuth,
  ZoomTokenManager,
  type RetryPolicy,
  type ZoomAttemptReport,
} from './zoom';
// Type only: the mock's code is loaded on demand, so a live server never carries it.
import type { ZoomMock } from './zoom/mock';

/**
 * The composition root: the only place that builds things and wires them together. `npm start` passes the real
 * parts; tests and the demo pass loopback URLs, a fixed clock, and their own port.
 */

export interface ServiceOptions {
  /** The one Slack pacer; built here when not given (startApp gives it the tests' clock). */
  slackPacer?: ConversationPacer;
  config: Config;
  logger: Logger;
  store: Store;
  zoom: ZoomEndpoints;
  slackClientOptions: WebClientOptions;
  now?: () => number;
  /** Tests shorten Zoom's retry waits. */
  zoomRetry?: Partial<RetryPolicy>;
  /** Paces the app's own (background) Zoom calls per account; built here when not given. */
  zoomRateLimiter?: ZoomAccountRateLimiter;
  metrics?: MetricsRecorder;
  /** The durable job runner; startApp starts it. Without one, a runner that is never started (no webhooks). */
  jobRunner?: JobRunner;
}

/** The few parts the digest scheduler uses, taken from the built services. Exported for tests that run a second scheduler. */
export function digestSchedulerCollaborators(services: Services): DigestSchedulerCollaborators {
  return {
    store: services.store,
    digests: services.digests,
    subscriberZones: async (teamId, slackUserIds) => {
      const client = await services.slackClients.forTeam(teamId);
      return client ? services.slackUsers.timeZones(client, teamId, slackUserIds) : undefined;
    },
    logger: services.logger,
    now: services.now,
    slackPacer: services.slackPacer,
  };
}

/** The app's per-account pacing of its own Zoom calls, one for the process (every paced call of an account shares it). */
function pacedZoomCalls(releaseEveryMs: number): ZoomAccountRateLimiter {
  return new ZoomAccountRateLimiter({ releaseEveryMs });
}

/**
 * Builds every service once and wires each to the few parts it uses. Exported for the multi-process digest test,
 * whose workers build the services without a Bolt app.
 */
export function createServices(options: ServiceOptions): Services {
  const { config, logger, store, zoom } = options;
  const now = options.now ?? Date.now;
  const zoomLogger = logger.child({ component: 'zoom' });
  const metrics = options.metrics ?? noMetrics;
  const transport = {
    now,
    logger: zoomLogger,
    onAttempt: (attempt: ZoomAttemptReport) => metrics.zoomCall(attempt),
    ...(options.zoomRetry ? { retry: options.zoomRetry } : {}),
  };

  const rateLimiter = options.zoomRateLimiter ?? pacedZoomCalls(DEFAULT_DIGEST_TUNING.releaseEveryMs);
  const client = new ZoomSchedulerClient({ apiBaseUrl: zoom.apiBaseUrl, rateLimiter, ...transport });
  const oauth = new ZoomOAuth({
    oauthBaseUrl: zoom.oauthBaseUrl,
    clientId: zoom.clientId,
    clientSecret: zoom.clientSecret,
    redirectUri: zoom.redirectUri,
    ...transport,
  });
  const tokens = new ZoomTokenManager({ oauth, store, now, logger: zoomLogger, onRefresh: (outcome) => metrics.tokenRefresh(outcome) });
  const serverToServer =
    config.zoom.auth.kind === 'server-to-server'
      ? new ZoomServerToServerAuth({ oauth, accountId: config.zoom.auth.accountId, now })
      : undefined;

  const services: Omit<
    Services,
    'home' | 'schedules' | 'digests' | 'zoomWebhooks' | 'forgetWorkspace' | 'attendance' | 'connectionAlerts' | 'idleConnections'
  > = {
    slackPacer: options.slackPacer ?? new SharedSlackPacer({ slots: store }),
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
    bookingLog: new BookingLog(store),
    databaseReachable: () => store.ping(),
    slackClients: new SlackClients({
      store,
      // A 429 must reach the shared pacer, which holds every process back, instead of being slept out in this one.
      clientOptions: { ...options.slackClientOptions, rejectRateLimitedCalls: true },
      onRateLimited: (retryAfterSeconds) => metrics.slackWait('web_api', retryAfterSeconds * 1000),
      ...(config.slack.mode.kind === 'single-workspace' ? { botToken: config.slack.mode.botToken } : {}),
    }),
  };
  const home = new HomeService(services);
  const jobRunner = options.jobRunner ?? new JobRunner({ store, logger, now });
  const attendance = new Attendance({ store, zoomAccounts: services.zoomAccounts });
  const zoomWebhooks = createZoomWebhookIntake({ ...services, home, jobRunner, attendance });
  jobRunner.register(ZOOM_WEBHOOK_JOB, (payload, job) =>
    zoomWebhooks.processStored(payload, { attempt: job.attempt, receivedAt: job.createdAt }),
  );
  const noShowPrompts = new NoShowPrompts(services);
  jobRunner.register(NO_SHOW_PROMPT_JOB, (payload) => noShowPrompts.run(payload));
  return {
    ...services,
    attendance,
    home,
    zoomWebhooks,
    schedules: new ScheduleService(services.zoomAccounts, { now }),
    forgetWorkspace: (teamId, cause, eventTime) => forgetWorkspace(services, teamId, cause, eventTime),
    digests: new DigestService(services),
    connectionAlerts: new ConnectionAlerts({ ...services, home }),
    idleConnections: serverToServer
      ? undefined
      : new IdleConnectionRefresher({ store, tokens, accounts: services.zoomAccounts, logger, now }),
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
  slackPacer: ConversationPacer;
  jobRunner: JobRunner;
  attendance: Attendance;
  zoomAccounts: ZoomAccounts;
}): ZoomWebhookIntake {
  const bookings = new BookingNotifications({ ...deps, pacer: deps.slackPacer });
  const deauthorization = new ZoomDeauthorization({
    ...deps,
    forgetTokens: (connectionId) => deps.zoomAccounts.forgetTokens(connectionId),
  });
  return new ZoomWebhookIntake({
    secretToken: deps.zoom.webhookSecretToken,
    store: deps.store,
    now: deps.now,
    logger: deps.logger,
    worker: deps.jobRunner,
    handlers: {
      scheduledEvent: (notice, delivery) => bookings.handle(notice, delivery),
      deauthorized: (notice) => deauthorization.handle(notice),
    },
  });
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Host to listen on; the tests bind to 127.0.0.1 only. */
  host?: string;
  now?: () => number;
  /** Overrides the app's Slack client policy (SLACK_WEB_API_POLICY), e.g. a shorter timeout; and Zoom's waits. */
  slackClientOptions?: WebClientOptions;
  zoomRetry?: Partial<RetryPolicy>;
  /** With IS_LIVE_SERVER=false: a Zoom mock the caller already runs (the demo and tests drive it). */
  zoomMock?: ZoomMock;
  /** Tests and the bench count the database operations a request makes. */
  onDatabaseQuery?: StoreOptions['onQuery'];
  /** Tests drive the digest scheduler themselves (`autoStart: false`, then `runOnce(now)`) and shorten its pacing. */
  digestScheduler?: Partial<DigestSchedulerOptions> & { autoStart?: boolean };
  /** Tests shorten the job runner's poll, lease and backoff. */
  jobs?: Partial<JobRunnerTuning>;
}

export interface RunningApp {
  port: number;
  store: Store;
  bolt: App;
  services: Services;
  /** The built-in Zoom mock when IS_LIVE_SERVER=false. */
  zoomMock: ZoomMock | undefined;
  digestScheduler: DigestScheduler;
  /** Paces the app's own Zoom calls per account, learning each account's limit from Zoom's answers. */
  zoomRateLimiter: ZoomAccountRateLimiter;
  jobRunner: JobRunner;
  /** Recorded and served at GET /metrics when METRICS_TOKEN is set; undefined (nothing recorded) otherwise. */
  metrics: Metrics | undefined;
  stop(): Promise<void>;
}

/**
 * Zoom's URLs and app credentials: from the configuration against Zoom, or from the built-in mock, which
 * then also delivers its webhooks to this app.
 */
async function zoomEndpoints(config: Config, given?: ZoomMock) {
  if (config.zoom.live) {
    const endpoints: ZoomEndpoints = {
      apiBaseUrl: config.zoom.apiBaseUrl,
      oauthBaseUrl: config.zoom.oauthBaseUrl,
      clientId: config.zoom.clientId!,
      clientSecret: config.zoom.clientSecret!,
      redirectUri: config.zoom.redirectUri,
      webhookSecretToken: config.zoom.webhookSecretToken,
    };
    return { endpoints, mock: undefined, ownsMock: false };
  }
  const webhookSecretToken = config.zoom.webhookSecretToken ?? randomBytes(24).toString('hex');
  const { startZoomMock } = await import('./zoom/mock');
  const mock = given ?? (await startZoomMock({ host: '127.0.0.1', profile: config.zoom.mockProfile }));
  const endpoints: ZoomEndpoints = {
    apiBaseUrl: mock.apiBaseUrl,
    oauthBaseUrl: mock.oauthBaseUrl,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    redirectUri: config.zoom.redirectUri,
    webhookSecretToken,
  };
  return {
    endpoints,
    mock,
    ownsMock: given === undefined,
    connectWebhooks: () => mock.setWebhookTarget(`${config.publicBaseUrl}/zoom/webhooks`, webhookSecretToken),
  };
}

/**
 * The bot's ids, from one auth.test at start-up: without them Bolt would call auth.test inside authorization,
 * before every ack. A bad token stops the start with a sentence instead of failing every request later.
 */
async function botIdentity(token: string, clientOptions: WebClientOptions): Promise<{ token: string; botId: string; botUserId: string }> {
  let result;
  try {
    result = await new WebClient(token, { ...clientOptions, retryConfig: { retries: 2 } }).auth.test();
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN (auth.test: ${reason}).`, { cause: error });
  }
  if (!result.bot_id || !result.user_id) throw new Error('SLACK_BOT_TOKEN is not a bot token: auth.test named no bot.');
  return { token, botId: result.bot_id, botUserId: result.user_id };
}

/**
 * V8 lets the heap grow to up to 4× what survived the last full collection before it collects again. The 09:00
 * fan-out allocates fast while ~80 MB stays alive, so the heap grew to ~450 MB of mostly garbage (peak RSS 510-564 MB
 * at 10 000 digests). Growing by half at most keeps that peak at ~290 MB for ~2 ms more CPU per digest in collection
 * (bench, 10 000 one-zone): a service that waits on Slack and Zoom has CPU to spare, and memory sets its container's
 * size. Unlike a cap on the heap (--max-old-space-size), it can never make the process run out of memory.
 */
export const HEAP_GROWING_FLAG = '--heap-growing-percent=50';

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const slackClientOptions: WebClientOptions = { slackApiUrl: config.slack.apiUrl, ...SLACK_WEB_API_POLICY, ...options.slackClientOptions };
  // Slack's answer to auth.test is awaited only when Bolt is built: the round trip overlaps the database's start.
  const identity =
    config.slack.mode.kind === 'single-workspace'
      ? botIdentity(config.slack.mode.botToken, { ...slackClientOptions, logger: toBoltLogger(logger) })
      : Promise.resolve(undefined);
  // A failed migration stops the start first; the identity's own failure is then not left unhandled.
  identity.catch(() => undefined);
  await applyMigrations(config.databaseUrl, logger);
  const store = createStore({
    databaseUrl: config.databaseUrl,
    encryptionKey: config.tokenEncryptionKey,
    previousKeys: config.previousTokenEncryptionKeys,
    logger,
    ...(options.onDatabaseQuery ? { onQuery: options.onDatabaseQuery } : {}),
    // Claims, leases and sent times must read the same clock as the code that compares them.
    ...(options.now ? { now: () => new Date(options.now!()) } : {}),
  });

  // The Prisma runtime's first query (~30 ms of set-up) runs while Slack answers auth.test, not in the first /healthz.
  const warmedUp = store.ping();
  const zoom = await zoomEndpoints(config, options.zoomMock);
  // ONE Slack pacer, kept in the database: digests and booking notices to one conversation share Slack's limit,
  // across every process on this database.
  // Recorded only where they can be read: without METRICS_TOKEN there is no route, and prom-client (~80 modules,
  // with an event-loop-delay timer and a GC observer sampling for the process metrics) would count for nobody.
  const served = config.metricsToken
    ? new Metrics({ queuedWork: () => store.queuedWork(), ...(options.now ? { now: options.now } : {}) })
    : undefined;
  const metrics: MetricsRecorder = served ?? noMetrics;
  const slackPacer = observedPacer(
    new SharedSlackPacer({
      slots: store,
      ...(options.digestScheduler?.pacerClock ? { clock: options.digestScheduler.pacerClock } : {}),
    }),
    metrics,
  );
  const jobRunner = new JobRunner({
    store,
    logger,
    isOutage: isPassingOutage,
    leaseMs: config.jobLeaseMs,
    ...(options.now ? { now: options.now } : {}),
    ...options.jobs,
  });
  // The digest's Zoom calls leave in the same groups as its posts (the scheduler's releaseEveryMs).
  const zoomRateLimiter = pacedZoomCalls(options.digestScheduler?.releaseEveryMs ?? DEFAULT_DIGEST_TUNING.releaseEveryMs);
  const services = createServices({
    jobRunner,
    metrics,
    slackPacer,
    config,
    logger,
    store,
    zoom: zoom.endpoints,
    slackClientOptions,
    ...(options.now ? { now: options.now } : {}),
    ...(options.zoomRetry ? { zoomRetry: options.zoomRetry } : {}),
    zoomRateLimiter,
  });

  let singleWorkspace: { token: string; botId: string; botUserId: string } | undefined;
  try {
    [singleWorkspace] = await Promise.all([identity, warmedUp]);
  } catch (error) {
    await store.close();
    if (zoom.ownsMock) await zoom.mock?.close();
    throw error;
  }
  const bolt = new App({
    signingSecret: config.slack.signingSecret,
    // With the bot's identity given, Bolt authorizes each request without an auth.test of its own; in
    // multi-workspace mode the identity comes from the stored installation instead.
    ...(singleWorkspace ?? {}),
    ...(config.slack.mode.kind === 'multi-workspace' ? slackInstallOptions(config.slack.mode, config.publicBaseUrl, store) : {}),
    tokenVerificationEnabled: false,
    // No listener keeps conversation state; Bolt's default store would be read (and miss) on every request.
    convoStore: false,
    // app.error() is handed the request too, so a failure no listener handled can still be answered.
    extendedErrorHandler: true,
    ignoreSelf: false,
    logger: toBoltLogger(logger),
    clientOptions: slackClientOptions,
    customRoutes: [
      healthzRoute(() => store.ping()),
      observedRoute(zoomOAuthCallbackRoute(services), 'oauth', { logger, metrics }),
      observedRoute(zoomWebhooksRoute(services.zoomWebhooks, logger), 'webhook', { logger, metrics }),
      ...(served && config.metricsToken ? [metricsRoute(served, config.metricsToken, logger)] : []),
    ],
  });
  // Before the listeners: its middleware comes first, so it sees whatever they throw.
  observeSlackRequests(bolt, { logger, metrics });
  registerListeners(bolt, services);

  const closeAll = async () => {
    if (zoom.ownsMock) await zoom.mock?.close();
    await store.close();
  };

  let server: Server;
  try {
    await seedSharedAccount({ store, logger }, config.zoom.sharedAccount);
    server = (await bolt.start({ port: config.port, host: options.host })) as Server;
    observeSlackHttp(server, { logger, metrics, endpoint: '/slack/events' });
  } catch (error) {
    await closeAll();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  zoom.connectWebhooks?.();
  const { autoStart = true, ...digestOptions } = options.digestScheduler ?? {};
  const digestScheduler = new DigestScheduler({
    ...digestSchedulerCollaborators(services),
    ...digestOptions,
    slackPacer,
    claimLeaseMs: options.digestScheduler?.claimLeaseMs ?? config.jobLeaseMs * 10,
    onOutcome: (outcome, lateMs) => metrics.digest(outcome === 'claimed_elsewhere' ? 'skipped' : outcome, lateMs),
  });
  if (autoStart) digestScheduler.start();
  jobRunner.start();
  const backgroundScans = [
    new IntervalJob('connection-alerts', () => services.connectionAlerts.runOnce(), CONNECTION_ALERT_SCAN_MS, logger),
    ...(services.idleConnections
      ? [new IntervalJob('idle-refresh', () => services.idleConnections!.runOnce(), IDLE_REFRESH_CHECK_MS, logger)]
      : []),
  ];
  // Tests that drive the digest scheduler themselves run these scans themselves too.
  if (autoStart) backgroundScans.forEach((scan) => scan.start());
  // Once started: the start's own burst of allocation (every module loaded) would pay for more collections.
  setFlagsFromString(HEAP_GROWING_FLAG);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await digestScheduler.stop();
      await Promise.all(backgroundScans.map((scan) => scan.stop()));
      await bolt.stop();
      // Running jobs finish, or their leases are released for another instance: never dropped.
      await jobRunner.stop();
      // After everything that calls Zoom has stopped: the last verifications are written, not lost.
      await services.zoomAccounts.close();
      await closeAll();
    })();
    return stopping;
  };

  return { port, store, bolt, services, zoomMock: zoom.mock, digestScheduler, zoomRateLimiter, jobRunner, metrics: served, stop };
}

async function main(): Promise<void> {
  readDotenv({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const app = await startApp({ config, logger });

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Before the line that says the app has started: whoever reads it (a supervisor, a test) may stop the app at
  // once, and a SIGTERM that came before the handler would end the process without a graceful stop.
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  logger.info(
    {
      port: app.port,
      publicBaseUrl: config.publicBaseUrl,
      database: app.store.provider,
      slackMode: config.slack.mode.kind,
      zoomAuth: config.zoom.auth.kind,
      zoomLive: config.zoom.live,
    },
    'zoom scheduler for slack started',
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
