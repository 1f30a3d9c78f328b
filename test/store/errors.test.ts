import { isStoreUnavailable, StoreUnavailableError } from '../../src/store';
import { userMessageFor } from '../../src/slack/failures';
import { createStore } from '../../src/store';
import { TEST_KEY } from './databases';

describe('StoreUnavailableError', () => {
  it('is what the store throws when PostgreSQL refuses the connection, and the decider answers it in one sentence', async () => {
    // Port 1 on loopback: nothing listens there.
    const store = createStore({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none', encryptionKey: TEST_KEY });
    try {
      const error = await store.findInstallation({ teamId: 'T1', isEnterpriseInstall: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(userMessageFor(error)).toBe("I can't reach my database right now; try again in a minute.");
      expect(await store.ping()).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('recognises the driver shapes of an unreachable database, and not a constraint violation', () => {
    expect(isStoreUnavailable({ code: 'P1001' })).toBe(true);
    expect(isStoreUnavailable({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } } })).toBe(true);
    expect(isStoreUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnavailable({ code: 'P2002' })).toBe(false);
    expect(isStoreUnavailable(new Error('boom'))).toBe(false);
  });
});
