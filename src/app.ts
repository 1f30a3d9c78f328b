import { App } from '@slack/bolt';
import { config as readDotenv } from 'dotenv';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, toBoltLogger, type Logger } from './logger';
import { healthzRoute } from './routes/healthz';
import { applyMigrations, createStore, type Store } from './store';

/**
 * The composition root: the only place that builds things and wires them together. `npm start` passes the real
 * parts; tests and the demo pass loopback URLs, a fixed clock, and their own port.
 */

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Host to listen on; the tests bind to 127.0.0.1 only. */
  host?: string;
}

export interface RunningApp {
  /** The port actually bound (useful when the config asked for port 0). */
  port: number;
  store: Store;
  bolt: App;
  stop(): Promise<void>;
}

export async function startApp({ config, logger, host }: AppOptions): Promise<RunningApp> {
  await applyMigrations(config.databaseUrl, logger);
  const store = createStore({
    databaseUrl: config.databaseUrl,
    encryptionKey: config.tokenEncryptionKey,
    previousKeys: config.previousTokenEncryptionKeys,
    logger,
  });

  const bolt = new App({
    signingSecret: config.slack.signingSecret,
    token: config.slack.mode.kind === 'single-workspace' ? config.slack.mode.botToken : undefined,
    tokenVerificationEnabled: false,
    ignoreSelf: false,
    logger: toBoltLogger(logger),
    clientOptions: { slackApiUrl: config.slack.apiUrl },
    customRoutes: [healthzRoute(() => store.ping())],
  });

  let server: Server;
  try {
    server = (await bolt.start({ port: config.port, host })) as Server;
  } catch (error) {
    await store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await bolt.stop();
      await store.close();
    })();
    return stopping;
  };

  return { port, store, bolt, stop };
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

  const logger = createLogger({ level: config.logLevel });
  const app = await startApp({ config, logger });
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
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
