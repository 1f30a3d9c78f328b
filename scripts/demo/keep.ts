import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakeChannel, FakeUser } from '../../dev/fake-slack';
import type { LocalStack } from '../../dev/local-stack';
import type { SlackActivity } from './activity';

/**
 * Where `npm run demo -- --keep` tells `npm run demo:send` how to reach the running stack. DEMO_STACK_FILE
 * moves it (the tests use their own, so they never meet a developer's kept demo).
 */
export const KEPT_STACK_FILE = process.env.DEMO_STACK_FILE ?? path.join(tmpdir(), 'zoom-scheduler-demo-stack.json');

export interface KeptStack {
  eventsUrl: string;
  /** The demo's own random signing secret; it signs requests to this local stack only. */
  signingSecret: string;
  teamId: string;
  users: FakeUser[];
  channels: FakeChannel[];
}

const POLL_MS = 200;

/**
 * Leaves the stack running after the demo: writes how to reach it, prints what Slack shows as it happens
 * (messages, modals, Home), and stops everything on Ctrl+C or SIGTERM.
 */
export function keepRunning(
  stack: LocalStack,
  activity: SlackActivity,
  details: Omit<KeptStack, 'eventsUrl' | 'signingSecret' | 'teamId'>,
  print: (text: string) => void,
): void {
  const kept: KeptStack = {
    eventsUrl: `${stack.baseUrl}/slack/events`,
    signingSecret: stack.signingSecret,
    teamId: stack.teamId,
    ...details,
  };
  writeFileSync(KEPT_STACK_FILE, JSON.stringify(kept, null, 2), { mode: 0o600 });
  chmodSync(KEPT_STACK_FILE, 0o600);
  print(
    [
      '',
      `The stack keeps running: the app at ${stack.baseUrl}, the Zoom mock at ${stack.zoom.apiBaseUrl}, the stand-in for Slack at ${stack.slack.apiUrl}.`,
      'From another terminal, send your own commands as @alice in #general:',
      '  npm run demo:send -- "events week"',
      '  npm run demo:send -- --as bob --in sales "connect"',
      'The answer prints there; messages, modals and App Home show up here. Press Ctrl+C to stop.',
    ].join('\n'),
  );

  const timer = setInterval(() => {
    const shown = activity.drain(true);
    if (shown.length > 0) print(shown.join('\n'));
  }, POLL_MS);

  const stop = () => {
    clearInterval(timer);
    rmSync(KEPT_STACK_FILE, { force: true });
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        print(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
