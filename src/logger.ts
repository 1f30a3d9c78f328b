import pino, { type Logger as PinoLogger } from 'pino';
import { LogLevel as BoltLogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { currentRequestContext } from './lib/request-context';

export type Logger = PinoLogger;

/**
 * Field names whose values are secrets wherever they appear. Redaction is a second line of defence: code should
 * never hand a token to the logger in the first place.
 */
const SECRET_KEYS = [
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'botToken',
  'clientSecret',
  'client_secret',
  'signingSecret',
  'secretToken',
  'authorization',
  'Authorization',
  'codeVerifier',
  'code_verifier',
  'x-slack-signature',
  'x-zm-signature',
];

export interface LoggerOptions {
  level: string;
  destination?: pino.DestinationStream;
  name?: string;
  /** `pretty` needs pino-pretty, a development dependency: without it the logger stays JSON and says so once. */
  format?: 'json' | 'pretty';
  /** Loads pino-pretty; replaced by tests to act out a production image that lacks it. */
  loadPretty?: () => PrettyFactory;
}

type PrettyFactory = (options: Record<string, unknown>) => pino.DestinationStream;

export function createLogger(options: LoggerOptions): Logger {
  const paths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers["${key}"]`]);
  let destination = options.destination;
  let prettyMissing = false;
  if (options.format === 'pretty') {
    try {
      const pretty = (options.loadPretty ?? loadPinoPretty)();
      destination = pretty({ colorize: destination === undefined, ...(destination ? { destination } : {}) });
    } catch {
      prettyMissing = true;
    }
  }
  const logger = pino(
    {
      name: options.name ?? 'zoom-scheduler',
      level: options.level,
      redact: { paths, censor: '[redacted]' },
      base: { pid: process.pid },
      // Lines written while a request is handled name it and its workspace, however deep the code that logs.
      mixin: () => {
        const request = currentRequestContext();
        return request ? { reqId: request.reqId, ...(request.teamId ? { teamId: request.teamId } : {}) } : {};
      },
    },
    destination,
  );
  if (prettyMissing) logger.warn('LOG_FORMAT=pretty needs the pino-pretty package, which is not installed here; logging JSON instead');
  return logger;
}

function loadPinoPretty(): PrettyFactory {
  // Required lazily: production images install no devDependencies, and JSON logging must not need it.
  return require('pino-pretty') as PrettyFactory;
}

const BOLT_TO_PINO: Record<BoltLogLevel, string> = {
  [BoltLogLevel.DEBUG]: 'debug',
  [BoltLogLevel.INFO]: 'info',
  [BoltLogLevel.WARN]: 'warn',
  [BoltLogLevel.ERROR]: 'error',
};

/** Bolt and the Web API client log through our pino logger, with the same redaction. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  return {
    // Bolt logs a few debug lines per request: their text is built only when someone reads debug lines.
    debug: (...msg) => {
      if (child.isLevelEnabled('debug')) child.debug(msg.map(String).join(' '));
    },
    info: (...msg) => child.info(msg.map(String).join(' ')),
    warn: (...msg) => child.warn(msg.map(String).join(' ')),
    error: (...msg) => child.error(msg.map(String).join(' ')),
    setLevel: (level) => {
      child.level = BOLT_TO_PINO[level];
    },
    getLevel: () => {
      const entry = Object.entries(BOLT_TO_PINO).find(([, v]) => v === child.level);
      return (entry?.[0] as BoltLogLevel | undefined) ?? BoltLogLevel.INFO;
    },
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
