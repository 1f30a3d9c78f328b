import { describeEachProvider } from './databases';

describeEachProvider('digest claims under a lease', (db) => {
  let clockMs = Date.parse('2026-08-01T09:00:00Z');
  const clock = () => new Date(clockMs);
  let n = 0;

  async function subscription() {
    const store = db().openStore({ now: clock });
    n += 1;
    const record = await store.upsertDigestSubscription({
      teamId: 'T1',
      slackUserId: `U${n}`,
      localTime: '09:00',
      timeZone: 'UTC',
      channelId: null,
    });
    return { store, id: record.id };
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
