import { randomUUID } from 'node:crypto';
import type { LocalStack } from '../../dev/local-stack';
import { slashCommandBody } from '../../dev/slack-signing';
import type { RenderOptions } from '../../dev/transcript';
import type { SlackActivity } from './activity';
import type { Places } from './places';

/** A step of the demo did not show what it should; the message says which step and what was missing. */
export class DemoStepError extends Error {
  constructor(step: string, detail: string) {
    super(`step "${step}" failed: ${detail}`);
    this.name = 'DemoStepError';
  }
}

export interface CommandOutcome {
  /** What the app posted to the command's response URL, in order. */
  replies: Array<Record<string, unknown>>;
  shown: string;
}

/** How long the demo waits for Slack to show the result of a step. */
const STEP_TIMEOUT_MS = 10_000;
/** Activity has settled when nothing new arrived for this long. */
const QUIET_MS = 250;

export interface ActOptions {
  /** Wait until this holds (e.g. a message arrived in #sales) before looking at what Slack shows. */
  until?: () => boolean;
  what?: string;
  /** Show the App Home in full if it changes (else one line). */
  fullHome?: boolean;
}

/**
 * Plays the demo's steps against the local stack: prints each thing the user does, waits until Slack shows
 * its effect and prints that, and stops the demo with a clear message when a step falls short.
 */
export class DemoDriver {
  private stepTitle = '';
  private stepNumber = 0;

  constructor(
    readonly stack: LocalStack,
    readonly activity: SlackActivity,
    private readonly print: (text: string) => void,
    private readonly places: Places,
  ) {}

  get renderOptions(): RenderOptions {
    return { directory: this.places.directory };
  }

  step(title: string): void {
    this.stepNumber += 1;
    this.stepTitle = title;
    this.print(`\n━━ ${this.stepNumber}. ${title} ${'━'.repeat(Math.max(3, 60 - title.length))}`);
  }

  fail(detail: string): never {
    throw new DemoStepError(this.stepTitle, detail);
  }

  say(line: string): void {
    this.print(line);
  }

  /**
   * `/zoom-schedule <text>` typed by `userId` in `channelId`; `typed` is what the user sees in the box. Waits
   * for `until` when given (e.g. a modal), else for the first answer to the command's response URL.
   */
  async command(userId: string, text: string, options: ActOptions & { channelId?: string; typed?: string } = {}): Promise<CommandOutcome> {
    const channelId = options.channelId ?? 'C0GENERAL';
    const user = this.places.directory.users?.[userId] ?? userId;
    this.print(`\n▶ @${user} in ${this.places.placeOf(channelId)}: /zoom-schedule ${options.typed ?? text}`);
    const responseId = `demo-${randomUUID()}`;
    const replies = () => this.stack.slack.responses.filter((r) => r.id === responseId);
    this.activity.noteResponsePlace(responseId, channelId);
    const shown = await this.observe(
      async () => {
        const request = slashCommandBody({
          teamId: this.stack.teamId,
          userId,
          userName: user,
          channelId,
          channelName: this.places.directory.channels?.[channelId] ?? channelId,
          text,
          responseUrl: this.stack.slack.responseUrl(responseId),
        });
        const sent = await this.stack.send(request);
        if (sent.status !== 200) this.fail(`the app answered the command with HTTP ${sent.status}`);
      },
      { until: () => replies().length > 0, what: 'an answer to the command', ...options },
    );
    return { replies: replies().map((r) => r.body), shown };
  }

  /** Anything else that happens (a click, a webhook, a submission), described in `description`. */
  async act<T>(description: string, action: () => Promise<T>, options: ActOptions = {}): Promise<{ value: T; shown: string }> {
    this.print(`\n▶ ${description}`);
    let value: T | undefined;
    const shown = await this.observe(async () => {
      value = await action();
    }, options);
    return { value: value as T, shown };
  }

  /** Fails the step unless `shown` contains `expected`. */
  expectShown(shown: string, expected: string | RegExp, what: string): void {
    const found = typeof expected === 'string' ? shown.includes(expected) : expected.test(shown);
    if (!found) this.fail(`expected ${what} (${String(expected)}), but Slack showed:\n${shown || '(nothing)'}`);
  }

  private async observe(action: () => Promise<void>, options: ActOptions): Promise<string> {
    await action();
    if (options.until) {
      const until = options.until;
      await this.stack
        .waitFor(() => until(), options.what ?? 'Slack to show the result', STEP_TIMEOUT_MS)
        .catch(() =>
          this.fail(
            `nothing showed ${options.what ?? 'the result'} within ${STEP_TIMEOUT_MS / 1000} s:\n${this.activity.drain().join('\n')}`,
          ),
        );
    }
    await this.settle();
    const shown = this.activity.drain(options.fullHome).join('\n');
    if (shown) this.print(shown);
    return shown;
  }

  private async settle(): Promise<void> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    let size = this.activity.size();
    let quietSince = Date.now();
    while (Date.now() - quietSince < QUIET_MS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const now = this.activity.size();
      if (now !== size) {
        size = now;
        quietSince = Date.now();
      }
    }
  }
}
