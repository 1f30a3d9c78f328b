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
