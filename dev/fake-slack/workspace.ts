import { randomBytes } from 'node:crypto';
import { type Surface, assertWithinSlackLimits } from '../../src/slack/blocks/limits';
import type {
  ApiResult,
  FakeCall,
  FakeChannel,
  FakeEphemeral,
  FakeMessage,
  FakeResponse,
  FakeUnfurl,
  FakeUser,
  FakeView,
  Fault,
  RecordedViolation,
  SharedLinks,
} from './types';

export interface WorkspaceOptions {
  botToken: string;
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  users: FakeUser[];
  channels: FakeChannel[];
  now: () => number;
}

/** The fake Slack workspace's state; method handlers read and change it. */
export class FakeWorkspace {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly views: FakeView[] = [];
  readonly responses: FakeResponse[] = [];
  readonly violations: RecordedViolation[] = [];
  readonly sharedLinks: SharedLinks[] = [];
  readonly unfurls: FakeUnfurl[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly usedTriggers = new Set<string>();
  /** Tokens the API accepts: the configured bot token and any issued by oauth.v2.access. */
  readonly validTokens = new Set<string>();
  private readonly faults = new Map<string, Fault[]>();
  private tsCounter = 0;

  constructor(readonly options: WorkspaceOptions) {
    options.users.forEach((user) => this.users.set(user.id, user));
    options.channels.forEach((channel) => this.channels.set(channel.id, channel));
    this.validTokens.add(options.botToken);
  }

  reset(): void {
    for (const list of [
      this.calls,
      this.messages,
      this.ephemerals,
      this.views,
      this.responses,
      this.violations,
      this.sharedLinks,
      this.unfurls,
    ]) {
      list.length = 0;
    }
    this.usedTriggers.clear();
    this.faults.clear();
  }

  injectFault(method: string, fault: Fault, times: number): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  takeFault(method: string): Fault | undefined {
    return this.faults.get(method)?.shift();
  }

  /** A DM's channel id; chat.postMessage to a user id lands here. */
  dmChannelId(userId: string): string {
    return `D${userId}`;
  }

  /** Message timestamps are unique and increasing, like Slack's `1700000000.000100`. */
  nextTs(): string {
    this.tsCounter += 1;
    const seconds = Math.floor(this.options.now() / 1000);
    return `${seconds}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  newId(prefix: string): string {
    return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
  }

  /** Checks Block Kit limits; a violation is recorded for tests and answered with `invalid_blocks`. */
  checkLimits(method: string, surface: Surface, payload: unknown): ApiResult | undefined {
    const violations = assertWithinSlackLimits(surface, payload);
    if (violations.length === 0) return undefined;
    this.violations.push({ method, violations });
    return {
      ok: false,
      error: 'invalid_blocks',
      errors: violations.map((v) => `${v.rule} [json-pointer:${v.path}]`),
      response_metadata: { messages: violations.map((v) => `[ERROR] ${v.rule} [json-pointer:${v.path}]`) },
    };
  }

  /** Resolves where a message may be posted, as chat.postMessage with chat:write.public does. */
  resolvePostTarget(channel: unknown): { channel: string } | { error: string } {
    if (typeof channel !== 'string' || channel === '') return { error: 'channel_not_found' };
    if (this.users.has(channel)) return { channel: this.dmChannelId(channel) };
    if (channel.startsWith('D') && this.users.has(channel.slice(1))) return { channel };
    const known = this.channels.get(channel);
    if (!known) return { error: 'channel_not_found' };
    if (known.isPrivate && !known.botIsMember) return { error: 'not_in_channel' };
    return { channel };
  }
}
