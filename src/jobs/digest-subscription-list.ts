import type { DigestSubscriptionRecord, Store } from '../store';

export type DigestSubscriptionListStore = Pick<
  Store,
  'enabledDigestSubscriptionPages' | 'digestSubscriptionPagesUpdatedSince' | 'countEnabledDigestSubscriptions'
>;

/**
 * Rows updated up to this long before the previous read are read again: a write stamped by an instance whose clock
 * lags ours by that much, or committed while that read ran, is not missed.
 */
const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;

/** Every this many runs the whole list is read again, whatever the changes said. */
const FULL_LIST_EVERY = 20;

/**
 * The enabled digest subscriptions, for a scheduler run every 30 s. Listed whole at the first run and then every
 * FULL_LIST_EVERY runs; in between, only the rows updated since the previous read (less a margin) are read and
 * applied, and the count of enabled ones is checked: a deletion shows there, and any mismatch lists everything again.
 * At 50 000 subscribers a whole listing costs about 300 ms of CPU and 50 000 new objects per run; reading the changes
 * and the count, a few ms.
 */
export class DigestSubscriptionList {
  private byId = new Map<string, DigestSubscriptionRecord>();
  /** When the previous read began, by this process's clock; undefined until the first listing. */
  private readAtMs: number | undefined;
  private runsSinceListing = 0;

  /**
   * `wallClock` is the real one, not the scheduler's: it is compared with the `updatedAt` stamps the database's
   * writers put on rows by theirs.
   */
  constructor(
    private readonly store: DigestSubscriptionListStore,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** Oldest first, as the store lists them (new ones after). */
  async current(): Promise<DigestSubscriptionRecord[]> {
    if (this.readAtMs === undefined || this.runsSinceListing >= FULL_LIST_EVERY - 1) return this.listAll();
    this.runsSinceListing += 1;
    const readAtMs = this.wallClock();
    const since = new Date(this.readAtMs - CLOCK_SKEW_MARGIN_MS);
    for await (const page of this.store.digestSubscriptionPagesUpdatedSince(since))
      for (const subscription of page) this.apply(subscription);
    // Only once every page is in: a read that failed halfway is made again from the same point.
    this.readAtMs = readAtMs;
    if ((await this.store.countEnabledDigestSubscriptions()) !== this.byId.size) return this.listAll();
    return [...this.byId.values()];
  }

  /** A changed row as read: dropped when disabled, kept (as `kept` gives it) otherwise. */
  private apply(subscription: DigestSubscriptionRecord): void {
    if (subscription.enabled) this.byId.set(subscription.id, this.kept(subscription));
    else this.byId.delete(subscription.id);
  }

  /**
   * The list's own object for a row that reads as the list has it, else the row as read: after a bulk import every
   * row is within the margin for a while, and a whole listing reads them all, so replacing each would keep two copies
   * of all of them alive.
   */
  private kept(subscription: DigestSubscriptionRecord): DigestSubscriptionRecord {
    const known = this.byId.get(subscription.id);
    return known !== undefined && sameSubscription(known, subscription) ? known : subscription;
  }

  /** Reads the whole list, a page at a time, keeping the list's object for every unchanged row (see `kept`). */
  private async listAll(): Promise<DigestSubscriptionRecord[]> {
    const readAtMs = this.wallClock();
    const listed = new Map<string, DigestSubscriptionRecord>();
    for await (const page of this.store.enabledDigestSubscriptionPages())
      for (const subscription of page) listed.set(subscription.id, this.kept(subscription));
    this.byId = listed;
    this.readAtMs = readAtMs;
    this.runsSinceListing = 0;
    return [...listed.values()];
  }
}

function sameSubscription(a: DigestSubscriptionRecord, b: DigestSubscriptionRecord): boolean {
  return (
    a.teamId === b.teamId &&
    a.slackUserId === b.slackUserId &&
    a.localTime === b.localTime &&
    a.timeZone === b.timeZone &&
    a.channelId === b.channelId &&
    a.enabled === b.enabled
  );
}
