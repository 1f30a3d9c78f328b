import { Writable } from 'node:stream';
import { createLogger } from '../src/logger';
import { runInRequestContext } from '../src/lib/request-context';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes JSON by default, with the request context on lines written inside it only', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    runInRequestContext({ reqId: 'req-1', teamId: 'T1', kind: 'command' }, () => logger.child({ component: 'deep' }).info('inside'));
    logger.info('outside');
    const [inside, outside] = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'inside', reqId: 'req-1', teamId: 'T1', component: 'deep' });
    expect(outside).toMatchObject({ msg: 'outside' });
    expect(outside).not.toHaveProperty('reqId');
  });

  it('writes lines for people with LOG_FORMAT=pretty', async () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream, format: 'pretty' });
    logger.info({ kind: 'command' }, 'request finished');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out.text()).toContain('INFO');
    expect(out.text()).toContain('request finished');
    expect(() => JSON.parse(out.text().split('\n')[0]!)).toThrow();
  });

  it('falls back to JSON, saying why once, where pino-pretty is not installed', () => {
    const out = capture();
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'pino-pretty'"), { code: 'MODULE_NOT_FOUND' });
    };
    const logger = createLogger({ level: 'info', destination: out.stream, format: 'pretty', loadPretty: missing });
    logger.info('still logged');
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 40, msg: expect.stringContaining('pino-pretty') });
    expect(lines[1]).toMatchObject({ msg: 'still logged' });
  });

  it('redacts a token handed to it by mistake', () => {
    const out = capture();
    createLogger({ level: 'info', destination: out.stream }).info({ token: 'xoxb-secret', nested: { accessToken: 'abc' } }, 'oops');
    expect(out.text()).not.toContain('xoxb-secret');
    expect(out.text()).not.toContain('"abc"');
  });
});
