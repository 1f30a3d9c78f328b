/**
 * `npm run demo:send -- [--as <user>] [--in <channel>] "<text>"`: sends `/zoom-schedule <text>` to the stack
 * that `npm run demo -- --keep` left running, signed as Slack signs it, and prints the answer as Slack shows it.
 * The answer comes to a response URL served here; messages and modals show in the demo's own terminal.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendSignedRequest, slashCommandBody } from '../dev/slack-signing';
import { renderResponse } from '../dev/transcript';
import { KEPT_STACK_FILE, type KeptStack } from './demo/keep';

const REPLY_TIMEOUT_MS = 3_000;
/** Further answers (e.g. a replacement) that arrive this soon after the first are shown too. */
const FOLLOW_UP_MS = 500;

function readKeptStack(): KeptStack {
  try {
    return JSON.parse(readFileSync(KEPT_STACK_FILE, 'utf8')) as KeptStack;
  } catch {
    throw new Error('No demo stack is running. Start one with: npm run demo -- --keep');
  }
}

function parseArgs(argv: string[]): { as: string; in: string; text: string } {
  const args = { as: 'alice', in: 'general', text: '' };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--as' || arg === '--in') {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      args[arg === '--as' ? 'as' : 'in'] = value.replace(/^[@#]/, '');
      i += 1;
    } else {
      words.push(arg);
    }
  }
  args.text = words.join(' ');
  return args;
}

/** Slack escapes `#channel` in slash commands (should_escape) to `<#C…|name>`; known names get the same. */
function escapeChannels(text: string, stack: KeptStack): string {
  return text.replace(/#([a-z0-9_-]+)/g, (whole, name: string) => {
    const channel = stack.channels.find((c) => c.name === name);
    return channel ? `<#${channel.id}|${channel.name}>` : whole;
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const stack = readKeptStack();
  const args = parseArgs(process.argv.slice(2));
  const user = stack.users.find((u) => u.name === args.as);
  const channel = stack.channels.find((c) => c.name === args.in);
  if (!user) throw new Error(`No user "${args.as}"; the demo has ${stack.users.map((u) => u.name).join(', ')}.`);
  if (!channel) throw new Error(`No channel "${args.in}"; the demo has ${stack.channels.map((c) => c.name).join(', ')}.`);

  const answers: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    readJson(req).then(
      (body) => {
        answers.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;

  try {
    const request = slashCommandBody({
      teamId: stack.teamId,
      userId: user.id,
      userName: user.name,
      channelId: channel.id,
      channelName: channel.name,
      text: escapeChannels(args.text, stack),
      responseUrl,
    });
    process.stdout.write(`▶ @${user.name} in #${channel.name}: /zoom-schedule ${args.text}\n`);
    const response = await sendSignedRequest(stack.eventsUrl, request, stack.signingSecret);
    if (response.status !== 200) throw new Error(`The app answered HTTP ${response.status}.`);
    // Help and argument errors come in the ack body itself.
    const ackBody = await response.text();
    if (ackBody !== '') answers.push(JSON.parse(ackBody) as Record<string, unknown>);
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    while (answers.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (answers.length === 0) {
      process.stdout.write('(no answer to this command; a modal or message may have appeared in the demo terminal)\n');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_UP_MS));
    const directory = {
      users: Object.fromEntries(stack.users.map((u) => [u.id, u.name])),
      channels: Object.fromEntries(stack.channels.map((c) => [c.id, c.name])),
    };
    // URLs stay whole here: the reader may want to open one (e.g. the Connect Zoom link of the mock).
    const options = { directory, urlMax: Number.POSITIVE_INFINITY };
    for (const answer of answers) process.stdout.write(`${renderResponse(answer, `#${channel.name}`, options)}\n`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
