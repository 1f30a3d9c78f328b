/**
 * `npm run demo`: the whole product on this machine with no credentials and no network. Starts the real app on
 * a SQLite file in a temporary folder, the built-in Zoom mock and a local stand-in for Slack's Web API, plays a
 * scripted session through the app's HTTP endpoints with signed requests, and prints what Slack would show.
 * Exits 0 when every step showed what it should; `--keep` leaves the stack running for your own commands.
 */
import { DEFAULT_CHANNELS, DEFAULT_USERS, startLocalStack, type LocalStack } from '../dev/local-stack';
import { SlackActivity } from './demo/activity';
import { DemoDriver, DemoStepError } from './demo/driver';
import { keepRunning } from './demo/keep';
import { places } from './demo/places';
import { playSession } from './demo/session';

const print = (text: string) => process.stdout.write(`${text}\n`);

/** Calls that broke Slack's or Zoom's rules: the demo fails on them, as the tests do. */
function violations(stack: LocalStack): string[] {
  return [
    ...stack.slack.violations.map((v) => `Slack ${v.method}: ${v.violations.map((x) => `${x.rule} at ${x.path}`).join('; ')}`),
    ...stack.zoom.violations.map((v) => `Zoom ${v.method} ${v.path}: ${v.message}`),
  ];
}

async function main(): Promise<number> {
  const keep = process.argv.includes('--keep');
  const started = Date.now();
  print('Zoom Scheduler for Slack: demo');
  print('Starting the app (SQLite in a temporary folder), the built-in Zoom mock and a stand-in for Slack…');
  const stack = await startLocalStack();
  const where = places(DEFAULT_USERS, DEFAULT_CHANNELS, stack.slack.dmChannelId);
  const activity = new SlackActivity(stack.slack, { directory: where.directory, placeOf: where.placeOf, isDirect: where.isDirect });
  print(`The app listens at ${stack.baseUrl}; every request below is signed as Slack signs it.`);

  let failure: string | undefined;
  try {
    await playSession(new DemoDriver(stack, activity, print, where));
    const broken = violations(stack);
    if (broken.length > 0) failure = `the app broke Slack's or Zoom's rules:\n${broken.join('\n')}`;
  } catch (error) {
    failure =
      error instanceof DemoStepError
        ? error.message
        : `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  }

  if (failure) {
    process.stderr.write(`\nDemo FAILED: ${failure}\n`);
    await stack.stop();
    return 1;
  }
  print(`\nDemo finished: every step worked (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  if (keep) {
    keepRunning(stack, activity, { users: DEFAULT_USERS, channels: DEFAULT_CHANNELS }, print);
    return 0;
  }
  await stack.stop();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Demo FAILED to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
