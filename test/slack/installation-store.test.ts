import type { Installation } from '@slack/bolt';
import { createInstallationStore, InstallationNotFoundError, SLACK_BOT_SCOPES } from '../../src/slack/installation-store';
import { describeEachProvider } from '../store/databases';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

function installation(overrides: Partial<Installation> = {}): Installation {
  return {
    team: { id: 'T0ONE', name: 'One' },
    enterprise: undefined,
    user: { id: 'U0INSTALLER', token: 'xoxp-installer-secret', scopes: ['search:read'] },
    bot: { token: 'xoxb-bot-1', scopes: SLACK_BOT_SCOPES, id: 'B0BOT', userId: 'U0BOT' },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0APP',
    authVersion: 'v2',
    ...overrides,
  };
}

describeEachProvider('Bolt installation store over the app store', (db) => {
  it('stores, upserts on re-install, and fetches by team', async () => {
    const installations = createInstallationStore(db().openStore());
    await installations.storeInstallation(installation());
    await installations.storeInstallation(
      installation({ bot: { token: 'xoxb-bot-2', scopes: SLACK_BOT_SCOPES, id: 'B0BOT', userId: 'U0BOT' } }),
    );
    const fetched = await installations.fetchInstallation({
      teamId: 'T0ONE',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
      userId: 'U0INSTALLER',
    });
    expect(fetched.bot).toEqual({ token: 'xoxb-bot-2', scopes: SLACK_BOT_SCOPES, id: 'B0BOT', userId: 'U0BOT' });
    expect(fetched.user).toEqual({ id: 'U0INSTALLER', token: 'xoxp-installer-secret', scopes: ['search:read'] });
    expect(fetched.team).toEqual({ id: 'T0ONE', name: 'One' });
  });

  it("never hands one user another user's user token", async () => {
    const installations = createInstallationStore(db().openStore());
    await installations.storeInstallation(installation());
    for (const userId of ['U0SOMEONEELSE', undefined]) {
      const fetched = await installations.fetchInstallation({
        teamId: 'T0ONE',
        enterpriseId: undefined,
        isEnterpriseInstall: false,
        ...(userId ? { userId } : {}),
      });
      expect(fetched.user.token).toBeUndefined();
      expect(fetched.user.id).toBe('U0INSTALLER');
      expect(JSON.stringify(fetched)).not.toContain('xoxp-installer-secret');
      expect(fetched.bot?.token).toBe('xoxb-bot-1');
    }
  });

  it('throws a typed error for an unknown team, and deletes', async () => {
    const installations = createInstallationStore(db().openStore());
    const query = { teamId: 'T0GONE', enterpriseId: undefined, isEnterpriseInstall: false as const };
    await expect(installations.fetchInstallation(query)).rejects.toThrow(InstallationNotFoundError);
    await installations.storeInstallation(installation({ team: { id: 'T0GONE', name: 'Gone' } }));
    expect((await installations.fetchInstallation(query)).team?.id).toBe('T0GONE');
    await installations.deleteInstallation!(query);
    await expect(installations.fetchInstallation(query)).rejects.toThrow('no Slack installation for team T0GONE');
  });
});

describe('SLACK_BOT_SCOPES', () => {
  it('matches the bot scopes of manifest.yml', () => {
    const manifest = parse(readFileSync('manifest.yml', 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
    expect([...SLACK_BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });
});
