import type { Store } from '../../src/store';
import { describeEachProvider } from './databases';

/** A subscriber's 09:00 UTC digest in a DM; its subscription id. */
async function subscribe(store: Store, teamId: string, slackUserId: string): Promise<string> {
  const record = await store.upsertDigestSubscription({ teamId, slackUserId, localTime: '09:00', timeZone: 'UTC', channelId: null });
  return record.id;
}

describeEachProvider('digest claims under a lease', (db) => {
  let clockMs = Date.parse('2026-08-01T09:00:00Z');
  const clock = () => new Date(clockMs);
  let n = 0;

  async function subscription() {
    const store = db().openStore({ now: clock });
    n += 1;
    return { store, id: await subscribe(store, 'T1', `U${n}`) };
  }

  test('a live claim is nobody else’s; an expired one is taken over by exactly one of several racers', async () => {
    const { store, id } = await subscription();
    const first = await store.claimDigestWithLease(id, '2026-08-01', 60_000);
    expect(first).toMatchObject({ takenOver: null });
    expect(await store.claimDigestWithLease(id, '2026-08-01', 60_000)).toBeNull();

    clockMs += 61_000;
    const racers = Array.from({ length: 3 }, () => db().openStore({ now: clock }));
    const claims = await Promise.all(racers.map((racer) => racer.claimDigestWithLease(id, '2026-08-01', 60_000)));
    const winners = claims.filter((claim) => claim !== null);
    expect(winners).toHaveLength(1);
    // The takeover keeps the claim id (the post's marker) and says since when the dead holder might have posted.
    expect(winners[0]).toMatchObject({ claimId: first!.claimId, takenOver: { since: new Date(clockMs - 61_000) } });
    expect(await store.renewDigestLease(first!.claimId, first!.leaseUntil, 60_000)).toBeNull();
    expect(await store.renewDigestLease(winners[0]!.claimId, winners[0]!.leaseUntil, 60_000)).not.toBeNull();
  });

  test('a sent or failed day is never taken over', async () => {
    const { store, id } = await subscription();
    await store.claimDigestWithLease(id, '2026-08-02', 1_000);
    await store.markDigestSent(id, '2026-08-02', { channel: 'D1', ts: '1.0' });
    await store.claimDigestWithLease(id, '2026-08-03', 1_000);
    await store.markDigestFailed(id, '2026-08-03', 'channel_not_found');
    clockMs += 10_000;
    expect(await store.claimDigestWithLease(id, '2026-08-02', 1_000)).toBeNull();
    expect(await store.claimDigestWithLease(id, '2026-08-03', 1_000)).toBeNull();
  });

  test('a claim made before leases existed counts as leased from its claim time', async () => {
    const { store, id } = await subscription();
    expect(await store.claimDigestDelivery(id, '2026-08-04')).toBe(true);
    clockMs += 30_000;
    expect(await store.claimDigestWithLease(id, '2026-08-04', 60_000)).toBeNull();
    clockMs += 31_000;
    expect(await store.claimDigestWithLease(id, '2026-08-04', 60_000)).toMatchObject({ takenOver: { since: expect.any(Date) } });
  });
});

describeEachProvider('digest claims made ahead of their time', (db) => {
  const clockMs = Date.parse('2026-08-01T08:55:00Z');
  let opened: Store | undefined;
  const store = () => (opened ??= db().openStore({ now: () => new Date(clockMs) }));
  let n = 0;

  async function subscription() {
    n += 1;
    return subscribe(store(), 'T1', `U${n}`);
  }
  const nine = new Date('2026-08-01T09:00:00Z');
  const leaseUntil = new Date('2026-08-01T09:10:00Z');

  test('an unclaimed day is claimed once under the given lease; a second claim of it gets nothing', async () => {
    const id = await subscription();
    const claim = await store().claimUnsentDigest(id, '2026-08-01', nine, leaseUntil);
    expect(claim).toEqual({ claimId: expect.any(String), leaseUntil, takenOver: null });
    expect(await store().claimUnsentDigest(id, '2026-08-01', nine, leaseUntil)).toBeNull();
    expect(await store().getDigestDelivery(id, '2026-08-01')).toMatchObject({
      status: 'claimed',
      claimedAt: new Date(clockMs),
      leaseUntil,
    });
    // The claim is the caller's like any other: its lease renews under its id.
    expect(await store().renewDigestLease(claim!.claimId, leaseUntil, 60_000)).not.toBeNull();
  });

  test('of several racers exactly one claims the day', async () => {
    const id = await subscription();
    const racers = Array.from({ length: 4 }, () => db().openStore({ now: () => new Date(clockMs) }));
    const claims = await Promise.all(racers.map((racer) => racer.claimUnsentDigest(id, '2026-08-01', nine, leaseUntil)));
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
  });

  test('a day with a sent, failed or expired claim is left to the due-time path, never claimed ahead', async () => {
    const sent = await subscription();
    await store().claimDigestWithLease(sent, '2026-08-01', 1_000);
    await store().markDigestSent(sent, '2026-08-01', { channel: 'D1', ts: '1.0' });
    expect(await store().claimUnsentDigest(sent, '2026-08-01', nine, leaseUntil)).toBeNull();

    const failed = await subscription();
    await store().claimDigestWithLease(failed, '2026-08-01', 1_000);
    await store().markDigestFailed(failed, '2026-08-01', 'channel_not_found');
    expect(await store().claimUnsentDigest(failed, '2026-08-01', nine, leaseUntil)).toBeNull();

    const expired = await subscription();
    await store().claimDigestWithLease(expired, '2026-08-01', -1_000);
    expect(await store().claimUnsentDigest(expired, '2026-08-01', nine, leaseUntil)).toBeNull();
  });

  test('a digest sent at or after the day’s time under another date (a move west) keeps the day from a second one', async () => {
    const id = await subscription();
    await store().claimDigestWithLease(id, '2026-08-02', 1_000);
    await store().markDigestSent(id, '2026-08-02', { channel: 'D1', ts: '1.0' }); // sent at 08:55Z
    expect(await store().claimUnsentDigest(id, '2026-08-01', new Date('2026-08-01T08:55:00Z'), leaseUntil)).toBeNull();
    // One sent before the day's time does not count.
    expect(await store().claimUnsentDigest(id, '2026-08-01', nine, leaseUntil)).not.toBeNull();
  });
  test('claimed together, each digest is claimed or not as it would be alone, in one statement', async () => {
    const fresh = await subscription();
    const sent = await subscription();
    await store().claimDigestWithLease(sent, '2026-08-01', 1_000);
    await store().markDigestSent(sent, '2026-08-01', { channel: 'D1', ts: '1.0' });
    const held = await subscription();
    await store().claimDigestWithLease(held, '2026-08-01', -1_000);
    const movedWest = await subscription();
    await store().claimDigestWithLease(movedWest, '2026-08-02', 1_000);
    await store().markDigestSent(movedWest, '2026-08-02', { channel: 'D1', ts: '2.0' }); // sent at 08:55Z
    const alsoFresh = await subscription();

    const asked = [fresh, sent, held, movedWest, alsoFresh].map((subscriptionId) => ({ subscriptionId, localDate: '2026-08-01' }));
    const eightFiftyFive = new Date('2026-08-01T08:55:00Z');
    const claims = await store().claimUnsentDigests(asked, eightFiftyFive, leaseUntil);
    expect([...claims.keys()].sort()).toEqual([fresh, alsoFresh].sort());
    expect(claims.get(fresh)).toEqual({ claimId: expect.any(String), leaseUntil, takenOver: null });
    expect(claims.get(fresh)!.claimId).not.toBe(claims.get(alsoFresh)!.claimId);
    expect(await store().getDigestDelivery(fresh, '2026-08-01')).toMatchObject({
      status: 'claimed',
      claimedAt: new Date(clockMs),
      leaseUntil,
    });
    // Each claim is the caller's like any other: its lease renews under its id.
    expect(await store().renewDigestLease(claims.get(alsoFresh)!.claimId, leaseUntil, 60_000)).not.toBeNull();
    expect(await store().claimUnsentDigests(asked, eightFiftyFive, leaseUntil)).toEqual(new Map());
    expect(await store().claimUnsentDigests([], nine, leaseUntil)).toEqual(new Map());
  });

  test('of several racers claiming the same digests together, each digest goes to exactly one', async () => {
    const ids = [await subscription(), await subscription(), await subscription()];
    const racers = Array.from({ length: 4 }, () => db().openStore({ now: () => new Date(clockMs) }));
    const asked = ids.map((subscriptionId) => ({ subscriptionId, localDate: '2026-08-01' }));
    const won = await Promise.all(racers.map((racer) => racer.claimUnsentDigests(asked, nine, leaseUntil)));
    expect(won.flatMap((claims) => [...claims.keys()]).sort()).toEqual([...ids].sort());
  });
});

describeEachProvider('digests marked sent in one statement', (db) => {
  const at = new Date('2026-08-05T09:00:00Z');
  let opened: Store | undefined;
  const store = () => (opened ??= db().openStore({ now: () => at }));

  test('each claim gets its own message, all the write’s time; rows not named are untouched', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 3; n += 1) ids.push(await subscribe(store(), 'T2', `U${n}`));
    const claims = await Promise.all(ids.map((id) => store().claimDigestWithLease(id, '2026-08-05', 60_000)));
    await store().markDigestsSent([
      { claimId: claims[0]!.claimId, channel: 'D0', ts: '1.000100' },
      { claimId: claims[2]!.claimId, channel: 'C2', ts: '2.000200' },
    ]);
    expect(await store().getDigestDelivery(ids[0]!, '2026-08-05')).toMatchObject({
      status: 'sent',
      channelId: 'D0',
      messageTs: '1.000100',
      sentAt: at,
      error: null,
    });
    expect(await store().getDigestDelivery(ids[1]!, '2026-08-05')).toMatchObject({ status: 'claimed', sentAt: null, messageTs: null });
    expect(await store().getDigestDelivery(ids[2]!, '2026-08-05')).toMatchObject({
      status: 'sent',
      channelId: 'C2',
      messageTs: '2.000200',
    });
    // What the due-time check reads back: a sent digest at or after the day's time.
    expect((await store().digestDay(ids[2]!, '2026-08-05', at)).sentSince).toEqual(at);
  });

  test('more marks than one statement holds are all written', async () => {
    const marks = [];
    for (let n = 0; n < 450; n += 1) {
      const id = await subscribe(store(), 'T3', `U${n}`);
      const claim = await store().claimDigestWithLease(id, '2026-08-05', 60_000);
      marks.push({ id, mark: { claimId: claim!.claimId, channel: `D${n}`, ts: `${n}.0` } });
    }
    await store().markDigestsSent(marks.map(({ mark }) => mark));
    for (const { id, mark } of [marks[0]!, marks[199]!, marks[200]!, marks[449]!])
      expect(await store().getDigestDelivery(id, '2026-08-05')).toMatchObject({
        status: 'sent',
        channelId: mark.channel,
        messageTs: mark.ts,
      });
  });
});
