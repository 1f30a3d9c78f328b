import { DigestSubscriptionList } from '../../src/jobs/digest-subscription-list';
import type { ObservedQuery, Store } from '../../src/store';
import { describeEachProvider } from '../store/databases';

/**
 * The scheduler's list of enabled subscriptions against a real database, changed as other instances change it:
 * through a store of its own, as `digest on`, `digest off`, a zone change and an uninstall do.
 */
describeEachProvider('the digest subscription list', (db) => {
  const queries: ObservedQuery[] = [];
  let ours: Store;
  let theirs: Store;
  let team = 0;
  let teamId: string;
  beforeAll(() => {
    ours = db().openStore({ onQuery: (query) => queries.push(query) });
    theirs = db().openStore();
  });
  beforeEach(() => {
    team += 1;
    teamId = `T${team}`;
  });

  const subscribe = (slackUserId: string, localTime = '09:00') =>
    theirs.upsertDigestSubscription({ teamId, slackUserId, localTime, timeZone: 'Europe/Zurich', channelId: null });
  /** The list's view of this test's team, as `user time` in the list's order. */
  const listed = async (list: DigestSubscriptionList) =>
    (await list.current()).filter((subscription) => subscription.teamId === teamId).map((s) => `${s.slackUserId} ${s.localTime}`);

  it('sees what another instance creates, changes, disables and deletes, without listing everything again', async () => {
    await subscribe('U1');
    await subscribe('U2');
    const list = new DigestSubscriptionList(ours);
    expect(await listed(list)).toEqual(['U1 09:00', 'U2 09:00']);

    await subscribe('U3', '08:30');
    await subscribe('U1', '07:15');
    expect(await listed(list)).toEqual(['U1 07:15', 'U2 09:00', 'U3 08:30']);

    expect(await theirs.disableDigest(teamId, 'U2')).toBe(true);
    await theirs.setDigestTimeZone((await theirs.getDigestSubscription(teamId, 'U3'))!.id, 'Asia/Tokyo');
    queries.length = 0;
    const now = await list.current();
    expect(now.filter((s) => s.teamId === teamId).map((s) => [s.slackUserId, s.timeZone])).toEqual([
      ['U1', 'Europe/Zurich'],
      ['U3', 'Asia/Tokyo'],
    ]);
    // One read of the changed rows and a count: not a page of every subscription.
    expect(queries.map((query) => `${query.model}.${query.operation}`)).toEqual([
      'DigestSubscription.findMany',
      'DigestSubscription.count',
    ]);
    expect(await list.current()).toHaveLength(now.length);

    await theirs.deleteWorkspaceData(teamId);
    expect(await listed(list)).toEqual([]);
  });

  it('lists everything again when the count disagrees, and every twentieth run in any case', async () => {
    await subscribe('U1');
    let wholeListings = 0;
    const list = new DigestSubscriptionList({
      ...ours,
      enabledDigestSubscriptionPages: () => {
        wholeListings += 1;
        return ours.enabledDigestSubscriptionPages();
      },
    });
    expect(await listed(list)).toEqual(['U1 09:00']);
    // A row the list cannot see change: deleted and created again under a new id, within one run.
    await theirs.deleteWorkspaceData(teamId);
    await subscribe('U1', '10:00');
    await subscribe('U2', '11:00');
    expect(await listed(list)).toEqual(['U1 10:00', 'U2 11:00']);

    // The count caught it and listed everything. Of the next 20 runs, 19 read only what changed; the 20th lists it all.
    expect(wholeListings).toBe(2);
    for (let run = 0; run < 20; run += 1) await list.current();
    expect(wholeListings).toBe(3);
  });

  it('sees a change stamped by a clock minutes behind ours, made after our last read', async () => {
    await subscribe('U1');
    const list = new DigestSubscriptionList(ours, () => Date.now() + 3 * 60_000);
    expect(await listed(list)).toEqual(['U1 09:00']);
    await subscribe('U1', '06:45');
    expect(await listed(list)).toEqual(['U1 06:45']);
  });

  it('keeps its object for a row read again unchanged, and takes the new one for a changed row', async () => {
    await subscribe('U1');
    await subscribe('U2');
    const list = new DigestSubscriptionList(ours);
    const ofTeam = async () => (await list.current()).filter((subscription) => subscription.teamId === teamId);
    const [u1, u2] = await ofTeam();
    await subscribe('U2', '12:00');
    const [again1, again2] = await ofTeam();
    expect(again1).toBe(u1);
    expect(again2).not.toBe(u2);
    expect(again2?.localTime).toBe('12:00');
    // A whole listing (the twentieth run) keeps them too.
    for (let run = 0; run < 18; run += 1) await list.current();
    const [listed1, listed2] = await ofTeam();
    expect(listed1).toBe(u1);
    expect(listed2).toBe(again2);
  });

  it('agrees with a fresh listing after a burst of changes', async () => {
    const list = new DigestSubscriptionList(ours);
    await list.current();
    for (let i = 0; i < 30; i += 1) await subscribe(`U${i}`, `0${i % 10}:00`);
    for (let i = 0; i < 30; i += 3) await theirs.disableDigest(teamId, `U${i}`);
    const fresh = (await theirs.listEnabledDigestSubscriptions()).map((s) => s.id).sort();
    expect((await list.current()).map((s) => s.id).sort()).toEqual(fresh);
  });
});
