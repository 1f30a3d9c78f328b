import type { Logger } from '../logger';
import type { DigestService, DigestTarget } from '../slack/delivery/digest';
import type { DigestFailure } from '../slack/delivery/digest-failures';
import { isPassingSlackFailure } from '../slack/web/errors';
import type { DigestSubscriptionRecord, Store } from '../store';
import type { DigestWaits } from './digest-waits';

export type DigestOutcome =
  | 'sent'
  /** Another process, or an earlier run, holds today's claim. */
  | 'claimed_elsewhere'
  | 'retry_later'
  | 'failed';

export interface DigestSettlementCollaborators {
  store: Pick<Store, 'markDigestSent' | 'markDigestFailed' | 'releaseDigestDelivery'>;
  digests: Pick<DigestService, 'findPosted' | 'notifyFailure'>;
  logger: Logger;
  waits: DigestWaits;
}

/**
 * How a claimed digest's day ends when its post did not simply succeed: a claim taken over from a process that died,
 * a post Slack did not answer, a failure to retry later or to tell the subscriber about. Never a second digest: where
 * Slack cannot say whether it has the post, the day is kept claimed or recorded as failed.
 */
export class DigestSettlement {
  private readonly store: DigestSettlementCollaborators['store'];
  private readonly digests: DigestSettlementCollaborators['digests'];
  private readonly logger: Logger;
  private readonly waits: DigestWaits;

  constructor({ store, digests, logger, waits }: DigestSettlementCollaborators) {
    this.store = store;
    this.digests = digests;
    this.logger = logger;
    this.waits = waits;
  }

  /**
   * A taken-over claim: the dead process may have posted. 'sent' when Slack has the post (now recorded),
   * 'failed' when Slack cannot say (no second digest is risked), undefined when it was never posted.
   */
  async afterTakeover(
    subscription: DigestSubscriptionRecord,
    localDate: string,
    target: DigestTarget,
    claimId: string,
    since: Date,
  ): Promise<DigestOutcome | undefined> {
    const log = { subscriptionId: subscription.id, localDate, claimId };
    let found;
    try {
      found = await this.digests.findPosted(target, claimId, since.getTime());
    } catch (error) {
      if (isPassingSlackFailure(error)) {
        // The claim (its lease just renewed by the takeover) is kept: the next takeover asks again.
        this.logger.warn({ ...log, err: error }, 'digest claim taken over, but Slack is not answering now: asking again after the lease');
        return 'retry_later';
      }
      this.logger.warn({ ...log, err: error }, 'digest claim taken over, but Slack cannot say whether it was posted: not posting again');
      await this.store.markDigestFailed(subscription.id, localDate, 'taken over after a crash; Slack could not confirm the post');
      return 'failed';
    }
    if (!found) {
      this.logger.info(log, 'digest claim taken over: never posted, posting now');
      return undefined;
    }
    await this.store.markDigestSent(subscription.id, localDate, found);
    this.logger.info(log, 'digest claim taken over: already posted, recorded');
    return 'sent';
  }

  /**
   * The post got no answer: Slack may have it. Found by its claim id, it is recorded as sent. Not found (yet:
   * Slack may still be handling it, or cannot be asked now), the claim is kept rather than released, so no new
   * claim posts a second digest: once its lease runs out, the takeover asks Slack again and posts only if the
   * digest is not there. The cost is a delay of one lease for a post that Slack really never got.
   */
  async afterUncertainPost(
    subscription: DigestSubscriptionRecord,
    localDate: string,
    target: DigestTarget,
    claimId: string,
    postedAfterMs: number,
  ): Promise<DigestOutcome> {
    const log = { subscriptionId: subscription.id, localDate, claimId };
    let found;
    try {
      found = await this.digests.findPosted(target, claimId, postedAfterMs);
    } catch (error) {
      this.logger.warn(
        { ...log, err: error },
        'digest post unanswered and Slack cannot say yet whether it has it: asking again after the lease',
      );
      return 'retry_later';
    }
    if (!found) {
      this.logger.warn(log, 'digest post unanswered and not in Slack yet: asking again after the lease');
      return 'retry_later';
    }
    await this.store.markDigestSent(subscription.id, localDate, found);
    this.waits.succeeded(subscription.id);
    this.logger.info(log, 'digest post unanswered but Slack has it: recorded');
    return 'sent';
  }

  async afterFailure(
    subscription: DigestSubscriptionRecord,
    localDate: string,
    target: DigestTarget,
    failure: DigestFailure,
    nowMs: number,
  ): Promise<DigestOutcome> {
    const log = { subscriptionId: subscription.id, localDate, reason: failure.reason };
    if (failure.kind === 'retry') {
      await this.store.releaseDigestDelivery(subscription.id, localDate);
      const delayMs = this.waits.backOff(subscription.id, localDate, nowMs, failure.retryAfterMs);
      this.logger.warn({ ...log, retryInMs: delayMs }, 'digest not sent; will retry');
      return 'retry_later';
    }
    await this.store.markDigestFailed(subscription.id, localDate, failure.reason);
    this.logger.warn({ ...log, fix: failure.fix.kind }, 'digest failed; telling the subscriber');
    try {
      await this.digests.notifyFailure(target, failure.fix);
    } catch (error) {
      this.logger.warn({ err: error, subscriptionId: subscription.id }, 'could not tell the subscriber about a failed digest');
    }
    return 'failed';
  }
}
