import { describeEachProvider } from './databases';

/** The store's Slack post slots: one conversation's posts a slot apart, across stores (processes) on one database. */
describeEachProvider('Slack post slots', (db) => {
  const INTERVAL = 1_000;
  const t0 = Date.parse('2026-06-01T09:00:00Z');
  const at = (ms: number) => new Date(t0 + ms);
  const reserve = async (store: ReturnType<ReturnType<typeof db>['openStore']>, key: string, earliestMs: number) =>
    (await store.reserveSlackPostSlot(key, at(earliestMs), INTERVAL)).getTime() - t0;

  test('a new key, a busy key and a free key each get the earliest slot the reservations before allow', async () => {
    const store = db().openStore();
    expect(await reserve(store, 'conversation:T1:D1', 0)).toBe(0);
    expect(await reserve(store, 'conversation:T1:D1', 0)).toBe(1_000);
    expect(await reserve(store, 'conversation:T1:D1', 500)).toBe(2_000);
    // Its slots long passed: the key is free again from `earliest` on.
    expect(await reserve(store, 'conversation:T1:D1', 60_000)).toBe(60_000);
    expect(await store.slackPostsHeldUntil('conversation:T1:D1')).toEqual(at(61_000));
  });

  test('another store sees the slots this one reserved, and this one sees its, whatever each remembers', async () => {
    const [first, second] = [db().openStore(), db().openStore()];
    const key = 'conversation:T1:C2';
    expect(await reserve(first!, key, 0)).toBe(0);
    // New to the second store, but not to the database.
    expect(await reserve(second!, key, 0)).toBe(1_000);
    // The first remembers its slot as passed by 1 500; the second's reservation says otherwise.
    expect(await reserve(first!, key, 1_500)).toBe(2_000);
    expect(await reserve(second!, key, 10_000)).toBe(10_000);
    expect(await reserve(first!, key, 10_000)).toBe(11_000);
  });

  test('concurrent reservations from two stores on one key get distinct slots a slot apart', async () => {
    const stores = [db().openStore(), db().openStore()];
    const key = 'conversation:T1:C3';
    const starts = await Promise.all(stores.flatMap((store) => Array.from({ length: 5 }, () => reserve(store, key, 0))));
    expect([...starts].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i * INTERVAL));
  });

  test('new keys asked for within one turn are created with one statement, each with its slot; a later start gets its own', async () => {
    const statements: string[] = [];
    const store = db().openStore({ onQuery: (query) => statements.push(query.sql ?? `${query.model}.${query.operation}`) });
    const keys = ['conversation:T1:D10', 'conversation:T1:D11', 'conversation:T1:D12', 'conversation:T1:D13'];
    // The fourth's earliest is a minute on: not held back to the others' start, nor they to its.
    const starts = await Promise.all(keys.map((key, i) => reserve(store, key, i === 3 ? 60_000 : i * 10)));
    expect(starts).toEqual([20, 20, 20, 60_000]);
    expect(statements.filter((sql) => sql.includes('INSERT INTO "SlackPostSlot"'))).toHaveLength(2);
    expect(statements).toHaveLength(2);
    // Created for real: each key's next slot is a second after its first.
    expect(await Promise.all(keys.map((key) => reserve(store, key, 0)))).toEqual([1_020, 1_020, 1_020, 61_000]);
  });

  test('a key asked for twice within one turn is created once; the other request takes the next slot', async () => {
    const store = db().openStore();
    const key = 'conversation:T1:D20';
    // Which of the two creates it is the database's to decide (PostgreSQL runs them on two connections).
    const starts = await Promise.all([reserve(store, key, 0), reserve(store, key, 0)]);
    expect([...starts].sort((a, b) => a - b)).toEqual([0, 1_000]);
  });
});
