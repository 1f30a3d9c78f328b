import type { BookingLog } from '../../core/booking-log';
import { conversationKey, findMarkedMessage, postMessage, type DeliveryMarker } from '../web/post';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { DigestSubscriptionRecord, Store, UpsertDigestSubscriptionInput } from '../../store';
import { addLocalDays, digestDue, digestInstant } from '../../time';
import type { SlackMessage } from '../blocks/blocks';
import type { DigestFailureFix } from '../blocks/messages/digest-notices';
import { buildDigestData, type ZoomCallGate } from '../../core/digest-content';
import { SlackWorkspaceUnavailableError, type PermanentFix } from './digest-failures';
import type { SlackClients } from '../web/clients';
import type { ZoomAccess, ZoomAccounts } from '../../core/zoom-accounts';
import type { ChannelBookings } from '../../core/model';
import { connectOffer } from '../failures';

/** Who gets a digest, where, and in which zone their days are counted. */
export interface DigestTarget {
  teamId: string;
  slackUserId: string;
  /** Null: the user's DM with the app. */
  channelId: string | null;
  zone: string;
}

/** How the scheduler paces a delivery; `digest now` runs unpaced. */
export interface DigestPacing {
  /** Every Zoom request of one Zoom account passes here. */
  zoomCall<T>(accountKey: string, call: () => Promise<T>): Promise<T>;
  /** Every post to one Slack conversation passes here. */
  slackPost<T>(conversationKey: string, post: () => Promise<T>): Promise<T>;
}

/** A digest's inputs from the store, when they were read for several digests at once (see DigestService.inputsFor). */
export interface DigestInputs {
  access: ZoomAccess;
  bookingsByChannel: ChannelBookings[];
}

export interface PostedDigest {
  channel: string;
  ts: string;
}

const UNPACED: DigestPacing = {
  zoomCall: (_key, call) => call(),
  slackPost: (_key, post) => post(),
};

/** The per-channel line: bookings made in the 7 × 24 hours up to the digest, so this morning's count too. */
const DIGEST_CHANNEL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

function channelWindow(asOfMs: number): { startMs: number; endMs: number } {
  return { startMs: asOfMs - DIGEST_CHANNEL_DAYS * DAY_MS, endMs: asOfMs };
}

/**
 * Builds a subscriber's digest from Zoom and posts it to Slack. Knows nothing about claims or schedules: the
 * scheduler decides when and how often, `digest now` sends an extra copy.
 */
export class DigestService {
  constructor(private readonly deps: { store: Store; zoomAccounts: ZoomAccounts; slackClients: SlackClients; bookingLog: BookingLog }) {}

  /** `digest on`: the user's daily digest, at `localTime` in `timeZone`, to a channel or (null) a DM. */
  subscribe(input: UpsertDigestSubscriptionInput): Promise<DigestSubscriptionRecord> {
    return this.deps.store.upsertDigestSubscription(input);
  }

  /** `digest off`; false when there was nothing to turn off. */
  unsubscribe(teamId: string, slackUserId: string): Promise<boolean> {
    return this.deps.store.disableDigest(teamId, slackUserId);
  }

  subscription(teamId: string, slackUserId: string): Promise<DigestSubscriptionRecord | null> {
    return this.deps.store.getDigestSubscription(teamId, slackUserId);
  }

  /**
   * `claim`: the scheduler's claim. Its id is carried as message metadata so that a takeover can find this
   * post, and it is confirmed (the lease renewed) right before posting: a claim taken over meanwhile is not posted.
   */
  async deliver(target: DigestTarget, nowMs: number, pacing: DigestPacing = UNPACED, claim?: DigestDeliveryClaim): Promise<PostedDigest> {
    const message = await this.prepare(target, nowMs, pacing);
    return this.postPrepared(target, message, pacing, claim);
  }

  /**
   * The digest as of `asOfMs` (which may lie ahead: the scheduler prepares digests before their time), read
   * from Zoom through the pacing; nothing is posted. The message is plain JSON, so it can be kept with the claim.
   */
  async prepare(target: DigestTarget, asOfMs: number, pacing: DigestPacing = UNPACED, known?: DigestInputs): Promise<SlackMessage> {
    // A scheduled digest is the app calling on its own: paced per Zoom account. `digest now` is the person's own.
    const access =
      known?.access ?? (await this.deps.zoomAccounts.access(target.teamId, target.slackUserId, { background: pacing !== UNPACED }));
    // Zoom limits requests per account, so users of one Zoom account share a budget; the shared account is one.
    const accountKey = `zoom:${access.zoomAccountId ?? access.zoomUserId}`;
    const gate: ZoomCallGate = (call) => pacing.zoomCall(accountKey, call);
    const [data, bookingsByChannel] = await Promise.all([
      buildDigestData(access.api, { nowMs: asOfMs, zone: target.zone, gate }),
      known?.bookingsByChannel ?? this.deps.bookingLog.bookingsByChannel(access.zoomUserId, channelWindow(asOfMs)),
    ]);
    if (bookingsByChannel.length > 0) data.bookingsByChannel = bookingsByChannel;
    return digestViews().digestMessage(data);
  }

  /**
   * What the store holds for these scheduled digests of one workspace, all as of `asOfMs`, read together: one
   * connection read and one booking count for them all instead of one of each per digest. Keyed by Slack user id;
   * those absent (no connection of their own) are prepared without it, the usual way.
   */
  async inputsFor(teamId: string, slackUserIds: readonly string[], asOfMs: number): Promise<Map<string, DigestInputs>> {
    const accesses = await this.deps.zoomAccounts.accessMany(teamId, slackUserIds, { background: true });
    const hosts = [...new Set([...accesses.values()].map((access) => access.zoomUserId))];
    const counts = await this.deps.bookingLog.bookingsByChannelPerHost(hosts, channelWindow(asOfMs));
    const inputs = new Map<string, DigestInputs>();
    for (const [slackUserId, access] of accesses)
      inputs.set(slackUserId, { access, bookingsByChannel: counts.get(access.zoomUserId) ?? [] });
    return inputs;
  }

  /** Posts a prepared digest in its conversation's turn, after confirming the claim (when there is one). */
  async postPrepared(
    target: DigestTarget,
    message: SlackMessage,
    pacing: DigestPacing = UNPACED,
    claim?: DigestDeliveryClaim,
  ): Promise<PostedDigest> {
    const client = await this.clientFor(target.teamId);
    const channel = target.channelId ?? target.slackUserId;
    const marker = claim ? digestMarker(claim.claimId) : undefined;
    return pacing.slackPost(digestConversation(target), async () => {
      if (claim && !(await claim.confirm())) throw new DigestClaimLostError();
      try {
        return await post(client, channel, message, marker);
      } catch (error) {
        if (claim && mayHaveReachedSlack(error)) throw new DigestPostUncertainError(error);
        throw error;
      }
    });
  }

  /**
   * The digest a dead process posted under `claimId` since `sinceMs`, if Slack has it. Throws when Slack cannot
   * tell (e.g. not_in_channel: a public channel posted to without joining, whose history the bot cannot read).
   */
  async findPosted(target: DigestTarget, claimId: string, sinceMs: number): Promise<PostedDigest | null> {
    const client = await this.clientFor(target.teamId);
    return findMarkedMessage(client, target.channelId ?? target.slackUserId, digestMarker(claimId), 'claim_id', sinceMs);
  }

  /**
   * When the subscription's next digest goes out. `soon`: today's time has passed and today's digest is still
   * owed, so the next tick sends it (a new subscription after its time gets today's digest right away).
   */
  async nextDelivery(subscription: DigestSubscriptionRecord, nowMs: number): Promise<{ atMs: number; soon: boolean }> {
    const due = digestDue({ nowMs, zone: subscription.timeZone, time: subscription.localTime });
    const day = await this.deps.store.digestDay(subscription.id, due.localDate, new Date(due.scheduledAtMs));
    const covered = day.delivery !== null || day.sentSince !== null;
    if (!covered && due.due) return { atMs: nowMs, soon: true };
    if (!covered) return { atMs: due.scheduledAtMs, soon: false };
    return { atMs: digestInstant(addLocalDays(due.localDate, 1), subscription.localTime, subscription.timeZone), soon: false };
  }

  /** Tells the subscriber, by DM, why today's digest did not arrive and how to fix it. */
  async notifyFailure(target: DigestTarget, fix: PermanentFix): Promise<void> {
    const client = await this.clientFor(target.teamId);
    await post(client, target.slackUserId, digestNoticeViews().digestFailureMessage(await this.failureFix(target, fix)));
  }

  private async failureFix(target: DigestTarget, fix: PermanentFix): Promise<DigestFailureFix> {
    if (fix.kind === 'connect') {
      const who = { teamId: target.teamId, userId: target.slackUserId };
      const offer = await connectOffer(this.deps.zoomAccounts, who, fix.reconnect ? 'reconnect' : 'connect');
      return offer.kind === 'instruction'
        ? { kind: 'none', sentence: offer.sentence }
        : { kind: 'connect', authorizeUrl: offer.authorizeUrl, reconnect: offer.reconnect };
    }
    if (fix.kind === 'channel' && target.channelId) return { kind: 'channel', channelId: target.channelId };
    return { kind: 'none', sentence: fix.kind === 'none' ? fix.sentence : 'Slack refused the message.' };
  }

  private async clientFor(teamId: string): Promise<WebClient> {
    const client = await this.deps.slackClients.forTeam(teamId);
    if (!client) throw new SlackWorkspaceUnavailableError(teamId);
    return client;
  }
}

/** Slack's ~1 post per second applies per conversation; a DM is the user's own conversation. */
function digestConversation(target: DigestTarget): string {
  return conversationKey(target.teamId, target.channelId ?? target.slackUserId);
}

export interface DigestDeliveryClaim {
  claimId: string;
  /** Renews the lease; false when another process has taken the claim over. */
  confirm(): Promise<boolean>;
}

/** The claim's lease ran out before the post and another process took it over: this one must not post. */
export class DigestClaimLostError extends Error {
  override readonly name = 'DigestClaimLostError';
  constructor() {
    super('the digest claim was taken over before posting');
  }
}

/**
 * The post went out but no answer came back (timed out, connection cut, a gateway's 5xx): Slack may have it.
 * Retrying blindly could make a second digest, so the scheduler asks Slack first and keeps the claim meanwhile.
 */
export class DigestPostUncertainError extends Error {
  override readonly name = 'DigestPostUncertainError';
  constructor(override readonly cause: unknown) {
    super(`the digest post got no clear answer from Slack (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/**
 * No answer at all, or an HTTP error from a gateway that may have passed the post on. 503 is not among them:
 * it is what Slack answers while it is down, and a 429 or an `ok: false` answer means the post was refused.
 */
const GATEWAY_STATUSES = new Set([500, 502, 504]);

function mayHaveReachedSlack(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (code === ErrorCode.RequestError) return true;
  return code === ErrorCode.HTTPError && typeof statusCode === 'number' && GATEWAY_STATUSES.has(statusCode);
}

/** The metadata every scheduled digest carries: `event_type` names the app's digests, `claim_id` the claim. */
export const DIGEST_EVENT_TYPE = 'zoom_scheduler_digest';

function digestMarker(claimId: string): DeliveryMarker {
  return { eventType: DIGEST_EVENT_TYPE, payload: { claim_id: claimId } };
}

function post(client: WebClient, channel: string, message: SlackMessage, marker?: DeliveryMarker): Promise<PostedDigest> {
  return postMessage(client, channel, message, { unfurl: false, ...(marker ? { marker } : {}) });
}

// Required when a message is built, not at import: a start constructs this module but sends nothing, and these
// builders pull in most of the Block Kit views (about 20 ms of a cold start with the rest of the barrel).
function digestViews(): typeof import('../blocks/messages/digest') {
  return require('../blocks/messages/digest') as typeof import('../blocks/messages/digest');
}

function digestNoticeViews(): typeof import('../blocks/messages/digest-notices') {
  return require('../blocks/messages/digest-notices') as typeof import('../blocks/messages/digest-notices');
}
