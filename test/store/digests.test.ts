import { DigestInputError, type DigestSubscriptionRecord } from '../../src/store';
import { describeEachProvider } from './databases';

describeEachProvider('digests', (db) => {
  const subscribe = (slackUserId: string, localTime = '09:00') =>
    db().openStore().upsertDigestSubscription({ teamId: 'T1', slackUserId, localTime, timeZone: 'Europe/Zurich', channelId: null });

  test('subscribe, change, disable, list', async () => {
    const store = db().openStore();
    const created = await subscribe('U1');
    expect(created).toEqual({
      id: expect.any(String),
      teamId: 'T1',
      slackUserId: 'U1',
      localTime: '09:00',
      timeZone: 'Europe/Zurich',
      channelId: null,
      enabled: true,
    });
    const changed = await store.upsertDigestSubscription({
      teamId: 'T1',
      slackUserId: 'U1',
      localTime: '17:30',
      timeZone: 'America/New_York',
      channelId: 'C1',
    });
    expect(changed).toEqual({ ...created, localTime: '17:30', timeZone: 'America/New_York', channelId: 'C1' });

    await subscribe('U2');
    expect(await store.disableDigest('T1', 'U2')).toBe(true);
    expect(await store.disableDigest('T1', 'nobody')).toBe(false);
    expect((await store.getDigestSubscription('T1', 'U2'))?.enabled).toBe(false);
    const enabled = await store.listEnabledDigestSubscriptions();
    expect(enabled.map((s) => s.slackUserId)).toContain('U1');
    expect(enabled.map((s) => s.slackUserId)).not.toContain('U2');

    await expect(subscribe('U3', '9:00')).rejects.toThrow(DigestInputError);
    await expect(subscribe('U3', '24:00')).rejects.toThrow('HH:MM');
  });

  test('every enabled subscription is listed exactly once, and every changed one, past the size of one page of the read', async () => {
    const store = db().openStore();
    const before = (await store.listEnabledDigestSubscriptions()).length;
    const startedAt = new Date(Date.now() - 1);
    const users = Array.from({ length: 2_050 }, (_, i) => `U0PAGE${String(i).padStart(4, '0')}`);
    for (const user of users)
      await store.upsertDigestSubscription({ teamId: 'T1', slackUserId: user, localTime: '09:00', timeZone: 'UTC', channelId: null });
    for (const user of users.slice(0, 25)) await store.disableDigest('T1', user);
    const listed = (await store.listEnabledDigestSubscriptions()).slice(before).map((s) => s.slackUserId);
    // Rows made within one millisecond share a creation time, so the order among them is the ids'.
    expect([...listed].sort()).toEqual(users.slice(25));
    // The changes since before the first of them, read the same way: every one, the disabled ones too.
    const pages: DigestSubscriptionRecord[][] = [];
    for await (const page of store.digestSubscriptionPagesUpdatedSince(startedAt)) pages.push(page);
    expect(pages.length).toBeGreaterThan(1);
    const changed = pages.flat().filter((s) => s.slackUserId.startsWith('U0PAGE'));
    expect(changed.map((s) => s.slackUserId).sort()).toEqual(users);
    expect(
      changed
        .filter((s) => !s.enabled)
        .map((s) => s.slackUserId)
        .sort(),
    ).toEqual(users.slice(0, 25));
  }, 60_000);

  test('the zone follows the subscriber without re-enabling; the latest sent digest is known', async () => {
    let nowMs = Date.parse('2026-03-01T08:00:00Z');
    const store = db().openStore({ now: () => new Date(nowMs) });
    const { id } = await subscribe('U20');
    await store.disableDigest('T1', 'U20');
    await store.setDigestTimeZone(id, 'Asia/Tokyo');
    expect(await store.getDigestSubscription('T1', 'U20')).toMatchObject({ timeZone: 'Asia/Tokyo', enabled: false });

    expect(await store.lastDigestSentAt(id)).toBeNull();
    for (const date of ['2026-03-01', '2026-03-02']) {
      expect(await store.claimDigestDelivery(id, date)).toBe(true);
      await store.markDigestSent(id, date, { channel: 'D1', ts: '1.1' });
      nowMs += 86_400_000;
    }
    expect(await store.claimDigestDelivery(id, '2026-03-03')).toBe(true);
    await store.markDigestFailed(id, '2026-03-03', 'channel_not_found');
    expect(await store.lastDigestSentAt(id)).toEqual(new Date('2026-03-02T08:00:00Z'));
  });

  test("one query tells a day's delivery and whether a digest went out since the day's time, under any date", async () => {
    let nowMs = Date.parse('2026-04-01T07:00:00Z');
    const store = db().openStore({ now: () => new Date(nowMs) });
    const { id } = await subscribe('U30');
    const scheduledAt = new Date('2026-04-02T07:00:00Z');
    expect(await store.digestDay(id, '2026-04-02', scheduledAt)).toEqual({ delivery: null, sentSince: null });

    // Yesterday's digest, sent before today's time: it does not cover today.
    expect(await store.claimDigestDelivery(id, '2026-04-01')).toBe(true);
    await store.markDigestSent(id, '2026-04-01', { channel: 'D1', ts: '1.1' });
    expect(await store.digestDay(id, '2026-04-02', scheduledAt)).toEqual({ delivery: null, sentSince: null });

    // After a move west, "today" (04-02) may already have had its digest, sent under the old zone's date (04-03).
    nowMs = Date.parse('2026-04-02T08:00:00Z');
    expect(await store.claimDigestDelivery(id, '2026-04-03')).toBe(true);
    expect(await store.digestDay(id, '2026-04-02', scheduledAt)).toEqual({ delivery: null, sentSince: null });
    await store.markDigestSent(id, '2026-04-03', { channel: 'D1', ts: '1.2' });
    expect(await store.digestDay(id, '2026-04-02', scheduledAt)).toEqual({ delivery: null, sentSince: new Date(nowMs) });

    // The day's own row, whatever its status, comes with it.
    expect(await store.claimDigestWithLease(id, '2026-04-02', 60_000)).not.toBeNull();
    expect(await store.digestDay(id, '2026-04-02', scheduledAt)).toEqual({
      delivery: {
        status: 'claimed',
        claimedAt: new Date(nowMs),
        leaseUntil: new Date(nowMs + 60_000),
        sentAt: null,
        error: null,
        channelId: null,
        messageTs: null,
      },
      sentSince: new Date(nowMs),
    });
    expect(await store.digestDay(id, '2026-04-02', scheduledAt)).toEqual({
      delivery: await store.getDigestDelivery(id, '2026-04-02'),
      sentSince: new Date(nowMs),
    });
    nowMs += 60_000;
    await store.markDigestSent(id, '2026-04-02', { channel: 'D1', ts: '1.3' });
    expect(await store.digestDay(id, '2026-04-02', scheduledAt)).toMatchObject({
      delivery: { status: 'sent', sentAt: new Date(nowMs), messageTs: '1.3' },
      sentSince: new Date(nowMs),
    });
    await expect(store.digestDay(id, '2026-4-2', scheduledAt)).rejects.toThrow(DigestInputError);
  });

  test('days read together are each what digestDay says of them, past the size of one query', async () => {
    let nowMs = Date.parse('2026-05-01T07:00:00Z');
    const store = db().openStore({ now: () => new Date(nowMs) });
    const asked: { subscriptionId: string; localDate: string; scheduledAt: Date }[] = [];
    // 510 subscriptions (more than one query's 500), in turn: nothing yet, sent yesterday, claimed today, failed
    // today, sent under the next date after a move west; each asked about its own day and time.
    for (let n = 0; n < 510; n += 1) {
      const { id } = await store.upsertDigestSubscription({
        teamId: 'T1',
        slackUserId: `U5${n}`,
        localTime: '09:00',
        timeZone: 'Europe/Zurich',
        channelId: null,
      });
      const localDate = n % 2 === 0 ? '2026-05-02' : '2026-05-03';
      const scheduledAt = new Date(`${localDate}T07:00:00Z`);
      nowMs = scheduledAt.getTime() + 60_000;
      const kind = n % 5;
      if (kind === 1) {
        await store.claimDigestDelivery(id, '2026-05-01');
        await store.markDigestSent(id, '2026-05-01', { channel: 'D1', ts: '1.1' });
      } else if (kind === 2) await store.claimDigestWithLease(id, localDate, 60_000);
      else if (kind === 3) {
        await store.claimDigestDelivery(id, localDate);
        await store.markDigestFailed(id, localDate, 'channel_not_found');
      } else if (kind === 4) {
        await store.claimDigestDelivery(id, '2026-05-04');
        await store.markDigestSent(id, '2026-05-04', { channel: 'D1', ts: '1.2' });
      }
      asked.push({ subscriptionId: id, localDate, scheduledAt });
    }
    const together = await store.digestDays(asked);
    const alone = new Map<string, unknown>();
    for (const { subscriptionId, localDate, scheduledAt } of asked)
      alone.set(subscriptionId, await store.digestDay(subscriptionId, localDate, scheduledAt));
    expect(together).toEqual(alone);
    expect(new Set([...together.values()].map((day) => `${day.delivery?.status ?? 'none'} ${day.sentSince ? 'since' : '-'}`))).toEqual(
      new Set(['none -', 'claimed -', 'failed -', 'none since']),
    );
    expect(await store.digestDays([])).toEqual(new Map());
  });

  test('a day is claimed once, also by concurrent claimers; other days stay free', async () => {
    const store = db().openStore();
    const { id } = await subscribe('U10');
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claimDigestDelivery(id, '2026-03-29')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimDigestDelivery(id, '2026-03-29')).toBe(false);
    expect(await store.claimDigestDelivery(id, '2026-03-30')).toBe(true);
    await expect(store.claimDigestDelivery(id, '29.03.2026')).rejects.toThrow(DigestInputError);
  });

  test('sent and failed deliveries keep their claim; a released claim can be taken again', async () => {
    const now = new Date('2026-03-29T07:00:00Z');
    const store = db().openStore({ now: () => now });
    const { id } = await subscribe('U11');

    expect(await store.claimDigestDelivery(id, '2026-03-29')).toBe(true);
    await store.markDigestSent(id, '2026-03-29', { channel: 'D1', ts: '1711695600.000100' });
    expect(await store.getDigestDelivery(id, '2026-03-29')).toEqual({
      status: 'sent',
      claimedAt: now,
      // Claimed without a lease (claimDigestDelivery); the scheduler claims with one.
      leaseUntil: null,
      sentAt: now,
      error: null,
      channelId: 'D1',
      messageTs: '1711695600.000100',
    });
    await store.releaseDigestDelivery(id, '2026-03-29');
    expect(await store.claimDigestDelivery(id, '2026-03-29')).toBe(false);

    expect(await store.claimDigestDelivery(id, '2026-03-30')).toBe(true);
    await store.markDigestFailed(id, '2026-03-30', 'channel_not_found');
    expect(await store.getDigestDelivery(id, '2026-03-30')).toMatchObject({ status: 'failed', error: 'channel_not_found', sentAt: null });
    expect(await store.claimDigestDelivery(id, '2026-03-30')).toBe(false);

    expect(await store.claimDigestDelivery(id, '2026-03-31')).toBe(true);
    await store.releaseDigestDelivery(id, '2026-03-31');
    expect(await store.getDigestDelivery(id, '2026-03-31')).toBeNull();
    expect(await store.claimDigestDelivery(id, '2026-03-31')).toBe(true);
  });
});
