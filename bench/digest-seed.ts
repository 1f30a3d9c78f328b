/**
 * Seeds the digest fan-out's SQLite file in a short-lived process of its own (bench/digest-app.ts forks it before
 * the app starts): the 10 000 connections, Slack users and subscriptions are written here, so the app process's
 * peak RSS and CPU are those of the run, not of the seeding.
 */
import { applyMigrations, createStore } from '../src/store';
import { mapWithConcurrency } from '../src/lib/pacer';
import { digestDue } from '../src/time';

export interface DigestSeedInput {
  databaseUrl: string;
  encryptionKey: string;
  /** The app's clock when seeding starts; the seed's clock runs on from it. */
  nowMs: number;
  app: SeededRun;
}

/** What the seed takes of the run: the workspace, the one Zoom user's grant, and who subscribes at what local time. */
export interface SeededRun {
  teamId: string;
  zoomUserId: string;
  accessToken: string;
  refreshToken: string;
  scopes: string[];
  /** Per subscriber: Slack user id and zone; every digest is at `localTime`. */
  subscribers: Array<{ slackUserId: string; zone: string }>;
  localTime: string;
}

export async function seedDigestDatabase(seed: DigestSeedInput): Promise<void> {
  const offsetMs = seed.nowMs - Date.now();
  const now = () => Date.now() + offsetMs;
  const { app: input } = seed;
  await applyMigrations(seed.databaseUrl);
  const store = createStore({ databaseUrl: seed.databaseUrl, encryptionKey: seed.encryptionKey, now: () => new Date(now()) });
  try {
    // Tokens outlive the skipped hours: the mock's own clock does not move.
    await mapWithConcurrency(input.subscribers, 8, async ({ slackUserId, zone }) => {
      await store.saveZoomConnection({
        kind: 'user',
        teamId: input.teamId,
        slackUserId,
        zoomUserId: input.zoomUserId,
        zoomAccountId: 'bench-account',
        accessToken: input.accessToken,
        refreshToken: input.refreshToken,
        expiresAt: new Date(now() + 3 * 86_400_000),
        scopes: input.scopes,
      });
      // The zone as `digest on` would have read it from Slack: the run makes no users.info per person.
      await store.upsertSlackUser({ teamId: input.teamId, slackUserId, tz: zone });
      const subscription = await store.upsertDigestSubscription({
        teamId: input.teamId,
        slackUserId,
        localTime: input.localTime,
        timeZone: zone,
        channelId: null,
      });
      // Where 09:00 has passed today already, today's digest counts as sent (yesterday's run did it): otherwise the
      // scheduler would rightly catch it up at once, and the run would measure that instead of the next 09:00.
      const today = digestDue({ nowMs: now(), zone, time: input.localTime });
      if (today.due && (await store.claimDigestDelivery(subscription.id, today.localDate))) {
        await store.markDigestSent(subscription.id, today.localDate, { channel: slackUserId, ts: '0.000000' });
      }
    });
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  process.once('message', (seed: DigestSeedInput) => {
    seedDigestDatabase(seed).then(
      () => process.send!({ seeded: true }, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
