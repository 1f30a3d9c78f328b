import { describeEachProvider } from './databases';

describeEachProvider('webhook receipts', (db) => {
  test('a key is new once; every later record of it is a duplicate', async () => {
    const store = db().openStore();
    expect(await store.recordWebhookReceipt('request:abc')).toBe(true);
    expect(await store.recordWebhookReceipt('request:abc')).toBe(false);
    expect(await store.recordWebhookReceipt('event:scheduler.scheduled_event_created:abc')).toBe(true);
  });

  test('concurrent deliveries of one key: exactly one is first', async () => {
    const store = db().openStore();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.recordWebhookReceipt('request:race')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('pruning forgets keys received before the cutoff only', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = db().openStore({ now: () => now });
    await store.recordWebhookReceipt('old');
    now = new Date('2026-01-03T00:00:00Z');
    await store.recordWebhookReceipt('new');

    expect(await store.pruneWebhookReceipts(new Date('2026-01-02T00:00:00Z'))).toBe(1);
    expect(await store.recordWebhookReceipt('old')).toBe(true);
    expect(await store.recordWebhookReceipt('new')).toBe(false);
  });
});
