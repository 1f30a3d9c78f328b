import type { DigestSubscriptionRecord } from '../store';

type ZoneLookup = (slackUserId: string) => Promise<string>;

/**
 * The current Slack time zones of these subscribers of one workspace, as a lookup (their stored zones read in one
 * go); undefined when the app is no longer installed there.
 */
export type SubscriberZones = (teamId: string, slackUserIds: readonly string[]) => Promise<ZoneLookup | undefined>;

/**
 * One run's subscriber zones. Each workspace's stored zones are read in one query, for every subscriber the run
 * said it would look at before the first look; one it did not announce (a prepared digest that fell back to the
 * usual way) is read on its own.
 */
export class RunZones {
  private readonly wanted = new Map<string, Set<string>>();
  private readonly reads = new Map<string, { slackUserIds: ReadonlySet<string>; lookup: Promise<ZoneLookup | undefined> }>();

  constructor(private readonly read: SubscriberZones) {}

  want(subscriptions: readonly DigestSubscriptionRecord[]): void {
    for (const { teamId, slackUserId } of subscriptions) {
      if (this.reads.has(teamId)) continue;
      const members = this.wanted.get(teamId) ?? new Set<string>();
      this.wanted.set(teamId, members);
      members.add(slackUserId);
    }
  }

  async zoneOf({ teamId, slackUserId }: DigestSubscriptionRecord): Promise<string | undefined> {
    let team = this.reads.get(teamId);
    if (team === undefined) {
      const slackUserIds = this.wanted.get(teamId) ?? new Set<string>();
      slackUserIds.add(slackUserId);
      this.wanted.delete(teamId);
      team = { slackUserIds, lookup: this.read(teamId, [...slackUserIds]) };
      this.reads.set(teamId, team);
    }
    const lookup = team.slackUserIds.has(slackUserId) ? await team.lookup : await this.read(teamId, [slackUserId]);
    return lookup?.(slackUserId);
  }
}
