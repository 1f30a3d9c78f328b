import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/bolt';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { parseDatabaseUrl } from '../../src/store';
import { keyIdOf } from '../../src/store/crypto';
import { describeEachProvider, TEST_KEY, type MigratedDatabase } from './databases';

const secrets = {
  access: `zoom-access-${randomBytes(8).toString('hex')}`,
  refresh: `zoom-refresh-${randomBytes(8).toString('hex')}`,
  bot: `xoxb-${randomBytes(8).toString('hex')}`,
  user: `xoxp-${randomBytes(8).toString('hex')}`,
  verifier: `pkce-${randomBytes(16).toString('hex')}`,
};

const installation = {
  team: { id: 'T0ENC', name: 'Encrypted' },
  enterprise: undefined,
  user: { token: secrets.user, scopes: ['users:read'], id: 'U0ADMIN' },
  bot: { token: secrets.bot, scopes: ['chat:write'], id: 'B0BOT', userId: 'U0BOT' },
  isEnterpriseInstall: false,
  tokenType: 'bot',
} as Installation<'v2', false>;

/** Every row of every table, read with the plain driver rather than Prisma. */
async function rawDump(db: MigratedDatabase): Promise<Record<string, unknown[]>> {
  const tables = ['SlackInstallation', 'ZoomConnection', 'OAuthState'];
  const target = parseDatabaseUrl(db.url);
  if (target.provider === 'sqlite') {
    const raw = new Database(target.filePath, { readonly: true });
    try {
      return Object.fromEntries(tables.map((table) => [table, raw.prepare(`SELECT * FROM "${table}"`).all()]));
    } finally {
      raw.close();
    }
  }
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) dump[table] = (await client.query(`SELECT * FROM "${table}"`)).rows;
    return dump;
  } finally {
    await client.end();
  }
}

describeEachProvider('tokens at rest', (db) => {
  test('raw rows hold no plaintext secret; the store reads every one back', async () => {
    const store = db().openStore();
    await store.saveInstallation(installation);
    const connection = await store.saveZoomConnection({
      kind: 'user',
      teamId: 'T0ENC',
      slackUserId: 'U0ENC',
      zoomUserId: 'zoom-enc',
      accessToken: secrets.access,
      refreshToken: secrets.refresh,
      expiresAt: new Date('2030-01-01T00:00:00Z'),
      scopes: ['scheduler:read'],
    });
    const state = await store.createOAuthState({ teamId: 'T0ENC', slackUserId: 'U0ENC', codeVerifier: secrets.verifier, ttlMs: 60_000 });

    const dump = await rawDump(db());
    const text = JSON.stringify(dump);
    for (const secret of [...Object.values(secrets), state]) expect(text).not.toContain(secret);

    const [connectionRow] = dump.ZoomConnection as Array<Record<string, string>>;
    const keyId = keyIdOf(Buffer.from(TEST_KEY, 'base64'));
    expect(connectionRow?.accessTokenEnc).toMatch(new RegExp(`^v1\\.${keyId}\\.`));
    expect(connectionRow?.refreshTokenEnc).toMatch(new RegExp(`^v1\\.${keyId}\\.`));
    const [installationRow] = dump.SlackInstallation as Array<Record<string, string>>;
    expect(installationRow?.botTokenEnc).toMatch(/^v1\./);
    expect(installationRow?.installationEnc).toMatch(/^v1\./);
    const [stateRow] = dump.OAuthState as Array<Record<string, string>>;
    expect(stateRow?.codeVerifierEnc).toMatch(/^v1\./);

    expect(await store.findInstallation({ teamId: 'T0ENC', isEnterpriseInstall: false })).toEqual(installation);
    const tokens = await store.loadTokens(connection.id);
    expect(tokens?.accessToken).toBe(secrets.access);
    expect(tokens?.refreshToken).toBe(secrets.refresh);
    expect(await store.consumeOAuthState(state)).toEqual({
      ok: true,
      teamId: 'T0ENC',
      slackUserId: 'U0ENC',
      codeVerifier: secrets.verifier,
    });
  });

  test('key rotation: old rows still decrypt, the next write re-encrypts under the new key', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const before = db().openStore({ encryptionKey: oldKey });
    const { id } = await before.saveZoomConnection({
      kind: 'user',
      teamId: 'T0ROT',
      slackUserId: 'U0ROT',
      zoomUserId: 'zoom-rot',
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
      scopes: [],
    });

    const after = db().openStore({ encryptionKey: newKey, previousKeys: [oldKey] });
    const loaded = await after.loadTokens(id);
    expect(loaded?.refreshToken).toBe('refresh-1');
    expect(
      await after.compareAndSwapTokens(id, loaded?.version ?? -1, {
        accessToken: 'access-2',
        refreshToken: 'refresh-2',
        expiresAt: new Date('2030-01-02T00:00:00Z'),
        scopes: [],
      }),
    ).toBe(true);

    const row = (await rawDump(db())).ZoomConnection?.find((r) => (r as { id: string }).id === id) as Record<string, string>;
    const newKeyId = keyIdOf(Buffer.from(newKey, 'base64'));
    expect(row.refreshTokenEnc?.split('.')[1]).toBe(newKeyId);
    expect(row.accessTokenEnc?.split('.')[1]).toBe(newKeyId);
    await expect(before.loadTokens(id)).rejects.toThrow('unknown key');
    expect((await after.loadTokens(id))?.refreshToken).toBe('refresh-2');
  });
});
