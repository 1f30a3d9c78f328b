import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOnce, ROOT } from './support/app-process';

/** `npm run demo` runs the compiled script; so do these tests, on a private TMPDIR to see what it leaves. */
const DEMO = path.join(ROOT, 'dist/scripts/demo.js');
const DEMO_SEND = path.join(ROOT, 'dist/scripts/demo-send.js');

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; output: () => Finished; exited: Promise<Finished> } {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const output = () => ({ code: child.exitCode, stdout, stderr });
  const exited = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, output, exited };
}

async function waitForOutput(process: { output: () => Finished }, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!process.output().stdout.includes(text)) {
    const { code, stdout, stderr } = process.output();
    if (code !== null) throw new Error(`exited ${code} before printing "${text}":\n${stdout}\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The lines of the frame (┌─ … └─) whose title line contains `title` and whose body contains `text`. */
function frameWith(stdout: string, title: string, text: string): string[] {
  const frames = stdout
    .split('┌─ ')
    .slice(1)
    .map((chunk) => chunk.slice(0, chunk.indexOf('└─')).split('\n'));
  const found = frames.find((lines) => lines[0]!.includes(title) && lines.some((line) => line.includes(text)));
  if (!found) throw new Error(`no "${title}" frame with "${text}" in:\n${stdout}`);
  return found;
}

let tmp: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => buildOnce(), 120_000);
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'demo-test-'));
  env = { PATH: process.env.PATH, TMPDIR: tmp, DEMO_STACK_FILE: path.join(tmp, 'stack.json') };
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('plays the whole session, prints what Slack shows, exits 0 and leaves nothing behind', async () => {
    const startedAt = Date.now();
    const { code, stdout, stderr } = await start(DEMO, [], env).exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(60_000);

    // Connect: the button, the callback page, the DM confirmation, then the status.
    expect(stdout).toMatch(/\[ Connect Zoom → http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?… \]/);
    expect(stdout).toContain('    Zoom is connected');
    expect(frameWith(stdout, 'DM from the app to @alice · direct message', 'is connected')).toContain(
      '│ ✅ Your Zoom account Alex Rivera (alex.rivera@example.com) is connected.',
    );
    expect(frameWith(stdout, '#general · only visible to you', 'Connected to Zoom as')).toContain(
      '│ ✅ Connected to Zoom as Alex Rivera (alex.rivera@example.com).',
    );

    // The new-schedule modal, and the schedule's link posted in #sales.
    expect(frameWith(stdout, 'Modal “New schedule”', 'Title:')).toContain('│ Title: Intro call');
    const shared = frameWith(stdout, '#sales · visible to everyone', 'Anyone can use this link');
    expect(shared[1]).toBe(
      // The query the transcript shortens is the link's UTM attribution (utm_source=slack…).
      '│ 📅 Book Intro call (30 min) with @alice   [ Book a time → https://scheduler.zoom.us/alex-rivera/intro-call?… ]',
    );

    // The single-use link.
    const single = frameWith(stdout, '#sales · visible to everyone', 'one booking only');
    expect(single[1]).toMatch(/^│ 📅 Book Intro call \(30 min\) with @alice {3}\[ Book a time → https:\/\/scheduler\.zoom\.us\/\S+ \]$/);
    // Under the button, the next three bookable times Zoom reports.
    expect(single.join('\n')).toMatch(/│ · Next open: [^\n]+ · [^\n]+ · [^\n]+/);

    // A pasted booking page unfurls with the schedule, its length, its host and the next open times.
    const preview = frameWith(stdout, 'link preview under the message (chat.unfurl)', 'hosted by @alice');
    expect(preview.join('\n')).toContain('Intro call');
    expect(preview.join('\n')).toContain('Next open:');

    // The invalid availability, answered inline on the Monday field, then the valid one.
    const refused = frameWith(stdout, 'Modal “Availability” (after submit)', '⚠️');
    const monday = refused.indexOf('│ Monday (optional): 09:00-12:00, 11:00-13:00');
    expect(monday).toBeGreaterThan(0);
    expect(refused[monday + 1]).toBe('│   ⚠️ Monday: 09:00-12:00 and 11:00-13:00 overlap.');
    expect(frameWith(stdout, 'DM from the app to @alice', 'Saved your availability')).toContain(
      '│ ✅ Saved your availability Working Hours (America/New_York) in Zoom.',
    );

    // The booking notice, the booking in `events`, the cancelled update and its thread reply.
    const notice = frameWith(stdout, '#sales · visible to everyone', 'New booking');
    expect(notice).toContain('│ 📅 New booking · Intro call');
    expect(notice).toContain('│ Booked by Dana Scully (dana@example.com)');
    expect(notice).toContain('│ Pricing for 40 seats');
    expect(frameWith(stdout, '#general · only visible to you', 'YOUR BOOKINGS')).toContain('│ with Dana Scully (dana@example.com)');
    expect(notice.join('\n')).toMatch(/│ · Booked from the link in #sales/);
    const moved = frameWith(stdout, '#sales · message updated', 'Rescheduled');
    expect(moved).toContain('│ 🔄 Rescheduled · Intro call');
    expect(moved.join('\n')).toMatch(/│ · Moved from .+ to .+/);
    expect(frameWith(stdout, '#sales · reply in thread', 'Moved from')[1]).toMatch(
      /^│ 🔄 Dana Scully \(dana@example\.com\): Moved from .+ to .+\.$/,
    );
    expect(moved.join('\n')).toMatch(/│ · Booked from the link in #sales/);
    const cancelled = frameWith(stdout, '#sales · message updated', 'Cancelled');
    expect(cancelled).toContain('│ 🚫 Cancelled · ~Intro call~');
    expect(cancelled).toContain('│ · Cancelled by Dana Scully (the invitee): “Something came up”');
    expect(frameWith(stdout, '#sales · reply in thread', 'Cancelled')).toContain(
      '│ 🚫 Cancelled by Dana Scully (the invitee): “Something came up”.',
    );

    // Analytics with numbers, the digest subscription and the digest itself, the App Home.
    const analytics = frameWith(stdout, '#general · only visible to you', 'BOOKINGS IN THE LAST 7 DAYS');
    expect(analytics[2]).toMatch(/^│ Booked: \d+ .*Completed: \d+/);
    expect(analytics[3]).toMatch(/^│ Cancelled: \d+ .*Rescheduled: \d+/);
    expect(frameWith(stdout, '#general · only visible to you', 'Daily digest on')).toEqual(
      expect.arrayContaining([expect.stringContaining('every day at 09:00 (America/New_York)')]),
    );
    const digest = frameWith(stdout, 'DM from the app to @alice', 'DIGEST');
    expect(digest[1]).toMatch(/^│ ▌YOUR ZOOM SCHEDULER DIGEST · \w{3} \d{1,2} \w{3}$/);
    expect(digest).toContain('│ Last 7 days');
    expect(digest.join('\n')).toMatch(/│ Bookings by channel, last 7 days: #sales 1/);
    expect(frameWith(stdout, 'App Home', 'Connected to Zoom as')).toContain('│ New and cancelled bookings go to #sales');

    expect(stdout).toMatch(/Demo finished: every step worked \(\d+\.\d s\)\.\n$/);
    // The process ended on its own, so nothing was left listening; the SQLite folder is gone too.
    expect(readdirSync(tmp)).toEqual([]);
  }, 90_000);

  it('--keep leaves the stack running for demo:send, and stops cleanly on SIGTERM', async () => {
    const demo = start(DEMO, ['--keep'], env);
    await waitForOutput(demo, 'Press Ctrl+C to stop.');
    expect(existsSync(env.DEMO_STACK_FILE!)).toBe(true);

    const status = await start(DEMO_SEND, ['--in', 'sales', 'status'], env).exited;
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    const statusLines = status.stdout.split('\n');
    expect(statusLines.slice(0, 6)).toEqual([
      '▶ @alice in #sales: /zoom-schedule status',
      '┌─ #sales · only visible to you',
      '│ ✅ Connected to Zoom as Alex Rivera (alex.rivera@example.com).',
      '│ Your scheduling page: https://scheduler.zoom.us/alex-rivera',
      '│ Bookings are announced in #sales.',
      '│ After each booked meeting I ask whether the invitee attended.',
    ]);
    expect(statusLines[6]).toMatch(/^│ · .*`\/zoom-schedule disconnect` removes the connection and your tokens\.$/);
    expect(statusLines.slice(7)).toEqual(['└─', '']);

    // A modal opened from the terminal shows in the demo's own output.
    const newSchedule = await start(DEMO_SEND, ['new', 'From the terminal'], env).exited;
    expect(newSchedule.code).toBe(0);
    await waitForOutput(demo, '│ Title: From the terminal');

    demo.child.kill('SIGTERM');
    const finished = await demo.exited;
    expect(finished.code).toBe(0);
    expect(finished.stderr).toBe('');
    expect(readdirSync(tmp)).toEqual([]);
  }, 90_000);

  it('demo:send explains what to do when no demo is running', async () => {
    const { code, stdout, stderr } = await start(DEMO_SEND, ['status'], env).exited;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('No demo stack is running. Start one with: npm run demo -- --keep\n');
  });
});
