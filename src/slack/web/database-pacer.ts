import { ErrorCode } from '@slack/web-api';
import { systemClock, type ConversationPacer, type PacerClock } from '../../lib/pacer';
import type { Store } from '../../store';
import { SLACK_POST_INTERVAL_MS } from './post';

/** How late a post may start after its slot before the slot is given up; Slack tolerates short bursts. */
const LATE_SLOT_TOLERANCE_MS = 100;
/**
 * A workspace's hold, once read, answers this process's other posts reaching their slots for this long: a digest
 * fan-out brings many posts of one workspace to their slots within the same second, and a hold another process
 * writes is then seen at most this late, the same slack a late slot is given.
 */
const HOLD_READ_REUSE_MS = LATE_SLOT_TOLERANCE_MS;

export type SlackPostSlots = Pick<Store, 'reserveSlackPostSlot' | 'holdSlackPostsUntil' | 'slackPostsHeldUntil'>;

export interface SharedSlackPacerOptions {
  slots: SlackPostSlots;
  intervalMs?: number;
  clock?: PacerClock;
  /** A post that keeps meeting 429s is given up after this many (Slack's own client retries ten times). */
  maxRateLimitedAttempts?: number;
}

/**
 * The Slack pacer for posts the app sends unasked (digests, booking notices), shared by every process on one
 * database: each post reserves its conversation's next one-second slot in the store (a compare-and-swap, so two
 * processes never take the same slot), and a 429 writes Slack's Retry-After for the whole workspace, so every
 * process holds back, then the post is tried again: a 429 delays, never drops.
 *
 * Interactive answers (ack, respond, views) are not paced: Slack's per-channel limit is on chat.postMessage, and a
 * user waiting for an answer should not queue behind a digest fan-out.
 *
 * The clients given to tasks must reject rate-limited calls (`rejectRateLimitedCalls`), so the 429 reaches this
 * pacer instead of being slept out inside one process's client while the others keep posting.
 */
export class SharedSlackPacer implements ConversationPacer {
  private readonly slots: SlackPostSlots;
  private readonly intervalMs: number;
  private readonly clock: PacerClock;
  private readonly maxRateLimitedAttempts: number;
  /** Per key, this process's last reservation: reservations of one process keep their scheduling order. */
  private readonly reservations = new Map<string, Promise<unknown>>();
  /** Per workspace hold key, the last read of the hold (in flight or done) and when it started. */
  private readonly holdReads = new Map<string, { heldUntil: Promise<number>; readAt: number }>();

  constructor(options: SharedSlackPacerOptions) {
    this.slots = options.slots;
    this.intervalMs = options.intervalMs ?? SLACK_POST_INTERVAL_MS;
    this.clock = options.clock ?? systemClock;
    this.maxRateLimitedAttempts = options.maxRateLimitedAttempts ?? 10;
  }

  async schedule<T>(key: string, task: () => Promise<T>): Promise<T> {
    const hold = workspaceHoldKey(key);
    for (let attempt = 1; ; attempt++) {
      await this.waitForTurn(key, hold);
      try {
        return await task();
      } catch (error) {
        const retryAfterMs = rateLimitedRetryAfterMs(error);
        if (retryAfterMs === undefined || attempt >= this.maxRateLimitedAttempts) throw error;
        const until = this.clock.now() + retryAfterMs;
        await this.slots.holdSlackPostsUntil(hold, new Date(until));
        this.rememberHold(hold, until);
      }
    }
  }

  /** Resolves at this post's reserved slot, once no 429 hold covers the workspace. */
  private async waitForTurn(key: string, hold: string): Promise<void> {
    let heldUntil = 0;
    for (;;) {
      const start = await this.reserveInOrder(key, Math.max(this.clock.now(), heldUntil));
      const wait = start - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      // The hold is read when the slot is reached (one read shared by this process's posts to the workspace within
      // HOLD_READ_REUSE_MS): it sees a 429 met by any process before or during the wait, at most that much late
      // (holds are rare; a slot reserved inside one is simply given up for a later one).
      heldUntil = await this.readHold(hold);
      if (heldUntil > this.clock.now()) continue;
      // A slot reached late (a slow database, a busy event loop) would crowd the next one, reserved a second
      // after it: give it up and take a fresh one.
      if (this.clock.now() - start <= LATE_SLOT_TOLERANCE_MS) return;
    }
  }

  private readHold(hold: string): Promise<number> {
    const now = this.clock.now();
    const last = this.holdReads.get(hold);
    if (last && now - last.readAt <= HOLD_READ_REUSE_MS) return last.heldUntil;
    const read = { heldUntil: this.slots.slackPostsHeldUntil(hold).then((until) => until?.getTime() ?? 0), readAt: now };
    this.holdReads.set(hold, read);
    // A failed read is not shared beyond the posts already waiting on it: the next one reads again.
    read.heldUntil.catch(() => {
      if (this.holdReads.get(hold) === read) this.holdReads.delete(hold);
    });
    return read.heldUntil;
  }

  /** A 429 this process met holds its own posts at once, not only after the remembered read has aged out. */
  private rememberHold(hold: string, until: number): void {
    const last = this.holdReads.get(hold)?.heldUntil.catch(() => 0) ?? Promise.resolve(0);
    this.holdReads.set(hold, { heldUntil: last.then((heldUntil) => Math.max(heldUntil, until)), readAt: this.clock.now() });
  }

  private reserveInOrder(key: string, earliest: number): Promise<number> {
    const previous = this.reservations.get(key) ?? Promise.resolve();
    const reserved = previous
      .catch(() => undefined)
      .then(async () => (await this.slots.reserveSlackPostSlot(conversationSlotKey(key), new Date(earliest), this.intervalMs)).getTime());
    this.reservations.set(key, reserved);
    void reserved.then(
      () => this.forget(key, reserved),
      () => this.forget(key, reserved),
    );
    return reserved;
  }

  private forget(key: string, reservation: Promise<unknown>): void {
    if (this.reservations.get(key) === reservation) this.reservations.delete(key);
  }
}

function conversationSlotKey(conversationKey: string): string {
  return `conversation:${conversationKey}`;
}

/** `conversationKey()` is `<teamId>:<channel>`; a 429 on a posting method holds the whole workspace. */
function workspaceHoldKey(conversationKey: string): string {
  const teamId = conversationKey.split(':', 1)[0] ?? conversationKey;
  return `blocked:${teamId}:chat.postMessage`;
}

/** Slack's Retry-After, from a client that rejects rate-limited calls; undefined for any other failure. */
export function rateLimitedRetryAfterMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ((error as { code?: unknown }).code !== ErrorCode.RateLimitedError) return undefined;
  const seconds = (error as { retryAfter?: unknown }).retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.max(seconds, 1) * 1000 : 1000;
}
