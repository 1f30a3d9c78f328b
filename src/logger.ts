import pino, { type Logger as PinoLogger } from 'pino';
import { LogLevel as BoltLogLevel, type Logger as BoltLogger } from '@slack/bolt';

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

export function createLogger(options: { level: string; destination?: pino.DestinationStream; name?: string }): Logger {
  const paths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers["${key}"]`]);
  return pino(
    {
      name: options.name ?? 'zoom-scheduler',
      level: options.level,
      redact: { paths, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    options.destination,
  );
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
    debug: (...msg) => child.debug(msg.map(String).join(' ')),
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
