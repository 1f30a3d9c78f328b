import type { DigestSubscriptionRecord } from '../store';
import { dayRange } from '../time';
import type { DigestSchedulerTuning } from './digest-tuning';

/**
 * A subscription a run may pass over without a read: its day is settled (sent, or failed for good), or its time is
 * still ahead. Kept only while the subscription still has this zone and time.
 */
interface QuietSpell {
  untilMs: number;
  timeZone: string;
  localTime: string;
}

interface RetryState {
  localDate: string;
  failures: number;
  notBeforeMs: number;
}

/**
 * Which subscriptions a run may pass over without a read: those in a quiet spell (their day settled, or their time
 * still ahead) and those waiting out the back-off after a retryable failure. In memory only: after a restart the
 * first run reads every subscription's day and learns the same from the store.
 */
export class DigestWaits {
  private readonly retries = new Map<string, RetryState>();
  private readonly quiet = new Map<string, QuietSpell>();

  constructor(private readonly backoff: Pick<DigestSchedulerTuning, 'firstRetryDelayMs' | 'maxRetryDelayMs'>) {}

  isQuiet(subscription: DigestSubscriptionRecord, nowMs: number): boolean {
    const spell = this.quiet.get(subscription.id);
    if (spell === undefined) return false;
    if (nowMs < spell.untilMs && spell.timeZone === subscription.timeZone && spell.localTime === subscription.localTime) return true;
    this.quiet.delete(subscription.id);
    return false;
  }

  /** Passed over until `untilMs`; `zone` is the one the subscription is stored with from now on. */
  keepQuiet(subscription: DigestSubscriptionRecord, zone: string, untilMs: number): void {
    this.quiet.set(subscription.id, { untilMs, timeZone: zone, localTime: subscription.localTime });
  }

  /** The local day is done with: nothing to check until it ends in `zone`. */
  settle(subscription: DigestSubscriptionRecord, zone: string, localDate: string): void {
    this.keepQuiet(subscription, zone, dayRange(localDate, zone).endMs);
  }

  waitingToRetry(subscriptionId: string, localDate: string, nowMs: number): boolean {
    const state = this.retries.get(subscriptionId);
    return state !== undefined && state.localDate === localDate && nowMs < state.notBeforeMs;
  }

  backOff(subscriptionId: string, localDate: string, nowMs: number, hintMs: number | undefined): number {
    const previous = this.retries.get(subscriptionId);
    const failures = previous?.localDate === localDate ? previous.failures + 1 : 1;
    const exponential = Math.min(this.backoff.maxRetryDelayMs, this.backoff.firstRetryDelayMs * 2 ** (failures - 1));
    const delayMs = Math.max(exponential, hintMs ?? 0);
    this.retries.set(subscriptionId, { localDate, failures, notBeforeMs: nowMs + delayMs });
    return delayMs;
  }

  /** Sent: earlier failures no longer lengthen the subscription's next back-off. */
  succeeded(subscriptionId: string): void {
    this.retries.delete(subscriptionId);
  }
}
