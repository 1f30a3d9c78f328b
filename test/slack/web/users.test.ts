import { WebClient } from '@slack/web-api';
import { startFakeSlack, type FakeSlack } from '../../../dev/fake-slack';
import { SlackUsers, STALE_TZ_REREADS_PER_MINUTE } from '../../../src/slack/web/users';
import { describeEachProvider } from '../../store/databases';

describeEachProvider('stale time zones are re-read from Slack at a pace users.info allows', (db) => {
  const TEAM = 'T0FAKETEAM';
  const PEOPLE = 120;
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({
      users: Array.from({ length: PEOPLE }, (_, i) => ({ id: `U0P${i}`, name: `p${i}`, tz: 'Asia/Tokyo' })),
    });
  });
  afterAll(() => slack.close());

  it(`re-reads at most ${STALE_TZ_REREADS_PER_MINUTE} stale zones a minute per workspace, and answers the others with the stored one`, async () => {
    let nowMs = Date.parse('2026-06-08T12:00:00Z');
    const store = db().openStore({ now: () => new Date(nowMs) });
    for (let i = 0; i < PEOPLE; i += 1) await store.upsertSlackUser({ teamId: TEAM, slackUserId: `U0P${i}`, tz: 'Europe/Berlin' });
    const users = new SlackUsers(store, () => nowMs);
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const usersInfo = () => slack.calls.filter((call) => call.method === 'users.info').length;

    nowMs += 13 * 60 * 60_000; // every stored zone is now stale
    const before = usersInfo();
    const zones = await Promise.all(Array.from({ length: PEOPLE }, (_, i) => users.timeZone(client, TEAM, `U0P${i}`)));
    expect(usersInfo() - before).toBe(STALE_TZ_REREADS_PER_MINUTE);
    expect(zones.filter((zone) => zone === 'Asia/Tokyo')).toHaveLength(STALE_TZ_REREADS_PER_MINUTE);
    expect(zones.filter((zone) => zone === 'Europe/Berlin')).toHaveLength(PEOPLE - STALE_TZ_REREADS_PER_MINUTE);

    // A minute later the next ones are re-read; those re-read before are fresh and cost nothing.
    nowMs += 60_000;
    const again = await Promise.all(Array.from({ length: PEOPLE }, (_, i) => users.timeZone(client, TEAM, `U0P${i}`)));
    expect(usersInfo() - before).toBe(2 * STALE_TZ_REREADS_PER_MINUTE);
    expect(again.filter((zone) => zone === 'Asia/Tokyo')).toHaveLength(2 * STALE_TZ_REREADS_PER_MINUTE);
  });

  it("a workspace's stored zones are read in one query for many users, and answered as timeZone answers", async () => {
    const team = 'T0BATCH';
    let nowMs = Date.parse('2026-06-10T12:00:00Z');
    const store = db().openStore({ now: () => new Date(nowMs) });
    const ids = Array.from({ length: 110 }, (_, i) => `U0P${i}`);
    for (const id of ids.slice(0, 60)) await store.upsertSlackUser({ teamId: team, slackUserId: id, tz: 'Europe/Berlin' });
    nowMs += 13 * 60 * 60_000; // the first 60 are stale; the next 40 are stored fresh; the last 10 are not stored
    for (const id of ids.slice(60, 100)) await store.upsertSlackUser({ teamId: team, slackUserId: id, tz: 'Europe/Berlin' });
    const reads = { one: 0, many: 0 };
    const counted = {
      ...store,
      getSlackUser: (...args: Parameters<typeof store.getSlackUser>) => ((reads.one += 1), store.getSlackUser(...args)),
      getSlackUsers: (...args: Parameters<typeof store.getSlackUsers>) => ((reads.many += 1), store.getSlackUsers(...args)),
    };
    const users = new SlackUsers(counted, () => nowMs);
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const usersInfo = () => slack.calls.filter((call) => call.method === 'users.info').length;

    const before = usersInfo();
    const zoneOf = await users.timeZones(client, team, ids);
    const zones = await Promise.all(ids.map((id) => zoneOf(id)));
    expect(reads).toEqual({ one: 0, many: 1 });
    // Stale: re-read up to the cap, the rest answered with the stored zone; fresh: stored; not stored: always asked.
    expect(zones.slice(0, STALE_TZ_REREADS_PER_MINUTE)).toEqual(Array(STALE_TZ_REREADS_PER_MINUTE).fill('Asia/Tokyo'));
    expect(zones.slice(STALE_TZ_REREADS_PER_MINUTE, 60)).toEqual(Array(60 - STALE_TZ_REREADS_PER_MINUTE).fill('Europe/Berlin'));
    expect(zones.slice(60, 100)).toEqual(Array(40).fill('Europe/Berlin'));
    expect(zones.slice(100)).toEqual(Array(10).fill('Asia/Tokyo'));
    expect(usersInfo() - before).toBe(STALE_TZ_REREADS_PER_MINUTE + 10);
    // Asked again within the same lookup, a person costs no second users.info (nor a cap slot).
    expect(await zoneOf('U0P0')).toBe('Asia/Tokyo');
    expect(await zoneOf(`U0P${STALE_TZ_REREADS_PER_MINUTE}`)).toBe('Europe/Berlin');
    expect(usersInfo() - before).toBe(STALE_TZ_REREADS_PER_MINUTE + 10);
    // What was re-read is stored: a later one-by-one read agrees without asking Slack.
    expect(await users.timeZone(client, team, 'U0P0')).toBe('Asia/Tokyo');
    expect(usersInfo() - before).toBe(STALE_TZ_REREADS_PER_MINUTE + 10);
    expect(reads).toEqual({ one: 1, many: 1 });
  });

  it('a user with no stored zone is always asked', async () => {
    const nowMs = Date.parse('2026-06-09T12:00:00Z');
    const store = db().openStore({ now: () => new Date(nowMs) });
    const users = new SlackUsers(store, () => nowMs);
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const zones = await Promise.all(
      Array.from({ length: STALE_TZ_REREADS_PER_MINUTE + 10 }, (_, i) => users.timeZone(client, 'T0OTHER', `U0P${i}`)),
    );
    expect(new Set(zones)).toEqual(new Set(['Asia/Tokyo']));
  });
});
