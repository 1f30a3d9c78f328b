import type { DigestSubscriptionRecord } from '../store';

type ZoneLookup = (slackUserId: string) => Promise<string>;

/**
 * The current Slack time zones of these subscribers of one workspace, as a lookup (their stored zones read in one
 * go); undefined when the app is no longer installed there.
 */
export type SubscriberZones = (teamId: string, slackUserIds: readonly string[]) => Promise<ZoneLookup | undefined>;

/** Subscribers of one workspace announced together, and their zones once read. */
interface ZoneBatch {
  readonly teamId: string;
  readonly slackUserIds: Set<string>;
  lookup?: Promise<ZoneLookup | undefined>;
}

/** What `RunZones.want` announced, to be released once those subscribers are done with. */
export type WantedZones = readonly ZoneBatch[];

/**
 * One run's subscriber zones. The subscribers announced together (one `want`) are read in one query per workspace,
 * at the first look at one of them; one not announced (a prepared digest that fell back to the usual way) is read
 * on its own. A batch released is forgotten, so that a run over many subscribers holds one slice's zones at a
 * time rather than everyone's.
 */
export class RunZones {
  /** Per workspace, the batches announced and not released. */
  private readonly batches = new Map<string, ZoneBatch[]>();

  constructor(private readonly read: SubscriberZones) {}

  want(subscriptions: readonly DigestSubscriptionRecord[]): WantedZones {
    const announced = new Map<string, ZoneBatch>();
    for (const { teamId, slackUserId } of subscriptions) {
      let batch = announced.get(teamId);
      if (batch === undefined) {
        batch = { teamId, slackUserIds: new Set() };
        announced.set(teamId, batch);
        const team = this.batches.get(teamId) ?? [];
        this.batches.set(teamId, team);
        team.push(batch);
      }
      batch.slackUserIds.add(slackUserId);
    }
    return [...announced.values()];
  }

  /** Forgets these batches: a later look at one of their subscribers reads it again. */
  release(wanted: WantedZones): void {
    for (const batch of wanted) {
      const team = this.batches.get(batch.teamId)?.filter((kept) => kept !== batch) ?? [];
      if (team.length > 0) this.batches.set(batch.teamId, team);
      else this.batches.delete(batch.teamId);
    }
  }

  async zoneOf({ teamId, slackUserId }: DigestSubscriptionRecord): Promise<string | undefined> {
    const batch = this.batches.get(teamId)?.find((candidate) => candidate.slackUserIds.has(slackUserId));
    const lookup = batch ? await (batch.lookup ??= this.read(teamId, [...batch.slackUserIds])) : await this.read(teamId, [slackUserId]);
    return lookup?.(slackUserId);
  }
}
