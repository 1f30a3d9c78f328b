import { createHash, randomBytes } from 'node:crypto';
import type { StoreContext } from './context';

export interface OAuthStateGrant {
  teamId: string;
  slackUserId: string;
  codeVerifier: string;
}

export type OAuthStateRejection = 'unknown' | 'expired' | 'used';

export type ConsumeOAuthStateResult = ({ ok: true } & OAuthStateGrant) | { ok: false; reason: OAuthStateRejection };

/** Only a hash is stored: a leaked database row cannot be replayed as a state. */
function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('base64url');
}

export function oauthStateRepository({ prisma, secrets, now }: StoreContext) {
  return {
    /** Returns the random state to put in the authorization URL. */
    async createOAuthState(input: { teamId: string; slackUserId: string; codeVerifier: string; ttlMs: number }): Promise<string> {
      const state = randomBytes(32).toString('base64url');
      await prisma.oAuthState.create({
        data: {
          stateHash: hashState(state),
          teamId: input.teamId,
          slackUserId: input.slackUserId,
          codeVerifierEnc: secrets.encrypt(input.codeVerifier, 'oauth.codeVerifier'),
          expiresAt: new Date(now().getTime() + input.ttlMs),
        },
      });
      return state;
    },

    /**
     * Single use: marking the state used is one conditional UPDATE, so of two concurrent callbacks with the
     * same state exactly one gets the grant.
     */
    async consumeOAuthState(state: string): Promise<ConsumeOAuthStateResult> {
      const stateHash = hashState(state);
      const at = now();
      const { count } = await prisma.oAuthState.updateMany({
        where: { stateHash, usedAt: null, expiresAt: { gt: at } },
        data: { usedAt: at },
      });
      const row = await prisma.oAuthState.findUnique({ where: { stateHash } });
      if (!row) return { ok: false, reason: 'unknown' };
      if (count !== 1) return { ok: false, reason: row.usedAt ? 'used' : 'expired' };
      return {
        ok: true,
        teamId: row.teamId,
        slackUserId: row.slackUserId,
        codeVerifier: secrets.decrypt(row.codeVerifierEnc, 'oauth.codeVerifier'),
      };
    },

    /** Deletes states that expired before `olderThan`; returns how many. */
    async pruneOAuthStates(olderThan: Date): Promise<number> {
      const { count } = await prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: olderThan } } });
      return count;
    },
  };
}
