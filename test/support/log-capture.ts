import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';

export type LogLine = Record<string, unknown>;

/** A real pino logger (redaction and request context included) whose JSON lines the test reads back. */
export function capturingLogger(level = 'debug'): { logger: Logger; lines: LogLine[]; raw: string[] } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(text);
        lines.push(JSON.parse(text) as LogLine);
      }
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines, raw };
}
