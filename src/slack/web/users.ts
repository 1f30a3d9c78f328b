import type { WebClient } from '@slack/web-api';
import type { NotifyRouteRecord, SlackUserRecord, Store } from '../../store';
import { isValidTimeZone } from '../../time';

/** Slack's `tz` is re-read at most this often, so a user who travels is followed within a day. */
const TZ_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/**
 * `users.info` is Tier 4 (about 100 calls a minute per workspace), and re-reading a stale zone is a courtesy: the
 * digest scheduler asks for thousands of subscribers at once after a restart. Per workspace, at most this many
 * stale zones a minute are re-read; beyond it the stored zone serves as it is and is re-read on a later call. A user
 * with no stored zone is always asked.
 */
export const STALE_TZ_REREADS_PER_MINUTE = 50;

/**
 * A Slack user's IANA time zone: from the store while fresh, else from `users.info` (and stored, so the digest
 * scheduler, which has no Slack request at hand, knows it too).
 */
export class SlackUsers {
  /** Per workspace: the minute (epoch ms ÷ 60 000) and how many stale zones were re-read in it. */
  private readonly rereads = new Map<string, { minute: number; count: number }>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** Where the user's booking notifications go: a channel, or null for a DM. */
  async setNotifyChannel(teamId: string, slackUserId: string, channelId: string | null): Promise<void> {
    await this.store.setNotifyChannel(teamId, slackUserId, channelId);
  }

  /** Where the user's announcements go: the default (null for a DM) and the per-schedule routes. */
  async notifyDestinations(
    teamId: string,
    slackUserId: string,
  ): Promise<{ defaultChannelId: string | null; routes: NotifyRouteRecord[]; noShowPrompts: boolean }> {
    const [user, routes] = await Promise.all([
      this.store.getSlackUser(teamId, slackUserId),
      this.store.listNotifyRoutes(teamId, slackUserId),
    ]);
    return { defaultChannelId: user?.notifyChannelId ?? null, routes, noShowPrompts: user?.noShowPrompts ?? true };
  }

  async setNotifyRoute(teamId: string, slackUserId: string, route: NotifyRouteRecord): Promise<void> {
    await this.store.setNotifyRoute(teamId, slackUserId, route);
  }

  async removeNotifyRoute(teamId: string, slackUserId: string, scheduleId: string): Promise<boolean> {
    return this.store.removeNotifyRoute(teamId, slackUserId, scheduleId);
  }

  async setNoShowPrompts(teamId: string, slackUserId: string, enabled: boolean): Promise<void> {
    await this.store.setNoShowPrompts(teamId, slackUserId, enabled);
  }

  async timeZone(client: WebClient, teamId: string, slackUserId: string): Promise<string> {
    return this.zoneOf(client, teamId, slackUserId, await this.store.getSlackUser(teamId, slackUserId));
  }

  /**
   * `timeZone` for many users of one workspace, their stored zones read in one query up front: the digest scheduler
   * looks at thousands each run, and a read per person was most of its database work. Stale or missing zones are
   * still asked of Slack one by one, when the answer is wanted, under the same re-read cap.
   */
  async timeZones(client: WebClient, teamId: string, slackUserIds: readonly string[]): Promise<(slackUserId: string) => Promise<string>> {
    const known = await this.store.getSlackUsers(teamId, slackUserIds);
    // One answer per person per lookup: asked twice in one run, a stale zone costs one users.info.
    const answers = new Map<string, Promise<string>>();
    return (slackUserId) => {
      let answer = answers.get(slackUserId);
      if (answer === undefined) {
        answer = this.zoneOf(client, teamId, slackUserId, known.get(slackUserId) ?? null);
        answers.set(slackUserId, answer);
      }
      return answer;
    };
  }

  private async zoneOf(client: WebClient, teamId: string, slackUserId: string, known: SlackUserRecord | null): Promise<string> {
    if (known?.tz && known.tzReadAt && this.now() - known.tzReadAt.getTime() < TZ_MAX_AGE_MS) return known.tz;
    if (known?.tz && !this.mayReread(teamId)) return known.tz;
    try {
      const info = await client.users.info({ user: slackUserId });
      const tz = info.user?.tz;
      if (tz && isValidTimeZone(tz)) {
        await this.store.upsertSlackUser({ teamId, slackUserId, tz });
        return tz;
      }
    } catch {
      // users.info failing (rate limit, missing scope) must not block the command: fall back below.
    }
    return known?.tz ?? 'UTC';
  }

  private mayReread(teamId: string): boolean {
    const minute = Math.floor(this.now() / 60_000);
    const spent = this.rereads.get(teamId);
    const count = spent && spent.minute === minute ? spent.count : 0;
    if (count >= STALE_TZ_REREADS_PER_MINUTE) return false;
    this.rereads.set(teamId, { minute, count: count + 1 });
    return true;
  }

  /**
   * The user's e-mail from `users.info` (`profile.email`), read fresh each time: Slack sends it only when the
   * app has `users:read.email`, so undefined means "no scope" or "no address". Other Slack failures throw.
   */
  async email(client: WebClient, slackUserId: string): Promise<string | undefined> {
    const info = await client.users.info({ user: slackUserId });
    const email = info.user?.profile?.email?.trim();
    return email ? email : undefined;
  }
}
