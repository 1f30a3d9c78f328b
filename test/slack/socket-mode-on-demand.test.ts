/**
 * The stand-in for @slack/socket-mode (src/slack/socket-mode-on-demand.ts) works on Node's real module cache, which
 * jest replaces with its own: each case runs the compiled module in a plain node process and reports what it saw.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildOnce, ROOT } from '../support/app-process';

jest.setTimeout(60000);
beforeAll(() => buildOnce());

const onDemand = path.join(ROOT, 'dist', 'src', 'slack', 'socket-mode-on-demand.js');
const loaded = `Object.keys(require.cache).filter((f) => /node_modules.(undici|@slack.socket-mode.dist.src.SocketModeClient)/.test(f)).length`;

function run(script: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return JSON.parse(out) as Record<string, unknown>;
}

it('Bolt loads without Socket Mode, which loads when a Socket Mode receiver is built, and works', () => {
  const seen = run(`
    require(${JSON.stringify(onDemand)});
    const bolt = require('@slack/bolt');
    const before = ${loaded};
    const receiver = new bolt.SocketModeReceiver({ appToken: 'xapp-1-test' });
    const real = require('@slack/socket-mode');
    process.stdout.write(JSON.stringify({
      before,
      after: ${loaded} > 0,
      sameClass: receiver.client instanceof real.SocketModeClient,
      exportsReal: Object.keys(real).includes('SocketModeClient') && typeof real.LogLevel === 'object',
    }));
  `);
  expect(seen).toEqual({ before: 0, after: true, sameClass: true, exportsReal: true });
});

it('leaves the cache alone when Bolt is loaded already', () => {
  const seen = run(`
    require('@slack/bolt');
    const { deferSocketMode } = require(${JSON.stringify(onDemand)});
    process.stdout.write(JSON.stringify({ deferred: deferSocketMode(), loaded: ${loaded} > 0 }));
  `);
  expect(seen).toEqual({ deferred: false, loaded: true });
});
