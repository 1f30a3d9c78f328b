import type { Installation } from '@slack/bolt';
import type { StoreContext } from './context';

/** How Bolt asks for an installation (its InstallationQuery, reduced to what identifies one). */
export interface InstallationLookup {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall: boolean;
}

export class InstallationKeyError extends Error {
  override readonly name = 'InstallationKeyError';
}

/** Org-wide installs are found by enterprise, all others by workspace, as Bolt looks them up. */
export function installKeyOf({ teamId, enterpriseId, isEnterpriseInstall }: InstallationLookup): string {
  if (isEnterpriseInstall) {
    if (!enterpriseId) throw new InstallationKeyError('an enterprise install needs an enterprise id');
    return `enterprise:${enterpriseId}`;
  }
  if (!teamId) throw new InstallationKeyError('a workspace install needs a team id');
  return `team:${teamId}`;
}

export function installationRepository({ prisma, secrets }: StoreContext) {
  return {
    /** Inserts or replaces the workspace's installation; the bot token and the whole object are encrypted. */
    async saveInstallation(installation: Installation): Promise<void> {
      const lookup: InstallationLookup = {
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
      };
      const fields = {
        teamId: lookup.teamId ?? null,
        enterpriseId: lookup.enterpriseId ?? null,
        isEnterpriseInstall: lookup.isEnterpriseInstall,
        botUserId: installation.bot?.userId ?? null,
        botId: installation.bot?.id ?? null,
        botTokenEnc: installation.bot ? secrets.encrypt(installation.bot.token, 'slack.botToken') : null,
        installationEnc: secrets.encrypt(JSON.stringify(installation), 'slack.installation'),
      };
      const installKey = installKeyOf(lookup);
      await prisma.slackInstallation.upsert({
        where: { installKey },
        create: { installKey, ...fields },
        update: fields,
      });
    },

    async findInstallation(lookup: InstallationLookup): Promise<Installation | null> {
      const row = await prisma.slackInstallation.findUnique({
        where: { installKey: installKeyOf(lookup) },
        select: { installationEnc: true },
      });
      return row ? (JSON.parse(secrets.decrypt(row.installationEnc, 'slack.installation')) as Installation) : null;
    },

    async deleteInstallation(lookup: InstallationLookup): Promise<void> {
      await prisma.slackInstallation.deleteMany({ where: { installKey: installKeyOf(lookup) } });
    },

    /** Slack `app_uninstalled` / `tokens_revoked`: everything the workspace left with us, in one transaction. */
    /**
     * Deletes the workspace's installation and everything its users left with us. `unlessInstalledAfter`
     * guards against a late uninstall event racing a re-install: an installation written after that instant
     * is a new one and nothing is deleted (false).
     */
    async deleteWorkspaceData(teamId: string, options: { unlessInstalledAfter?: Date } = {}): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        if (options.unlessInstalledAfter) {
          const newer = await tx.slackInstallation.count({ where: { teamId, updatedAt: { gt: options.unlessInstalledAfter } } });
          if (newer > 0) return false;
        }
        await tx.slackInstallation.deleteMany({ where: { teamId } });
        await tx.slackUser.deleteMany({ where: { teamId } });
        await tx.zoomConnection.deleteMany({ where: { teamId } });
        await tx.oAuthState.deleteMany({ where: { teamId } });
        await tx.digestSubscription.deleteMany({ where: { teamId } });
        await tx.bookingNotification.deleteMany({ where: { teamId } });
        await tx.notifyRoute.deleteMany({ where: { teamId } });
        return true;
      });
    },
  };
}
