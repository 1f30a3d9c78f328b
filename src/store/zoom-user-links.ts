import type { StoreContext } from './context';
import { zoomConnectionRepository, type ZoomConnectionRecord } from './zoom-connections';

export interface LinkZoomUserInput {
  teamId: string;
  slackUserId: string;
  zoomUserId: string;
  zoomAccountId?: string | null;
  displayName?: string | null;
  email?: string | null;
}

/** A link never expires on its own: only `disconnect`, deauthorization or uninstall remove it. */
const LINK_NEVER_EXPIRES = new Date('9999-12-31T00:00:00.000Z');

/**
 * Server-to-Server mode: a Slack user linked to their Zoom user (matched by e-mail), so the account-wide token
 * can act for them. The link is an ordinary `'user'` connection row, so lookups by Slack user and by Zoom user
 * id (webhooks, digests, deauthorization, uninstall) treat it like any other, but its token columns hold empty
 * strings (encrypted like every write): there is no user grant. Nothing hands such a row to the token manager,
 * because in this mode the app authenticates with the account token alone.
 */
export function zoomUserLinkRepository(context: StoreContext) {
  const connections = zoomConnectionRepository(context);
  return {
    /** Creates or replaces the link (a re-link with another Zoom user overwrites the old one). */
    linkZoomUser(input: LinkZoomUserInput): Promise<ZoomConnectionRecord> {
      return connections.saveZoomConnection({
        kind: 'user',
        ...input,
        accessToken: '',
        refreshToken: '',
        expiresAt: LINK_NEVER_EXPIRES,
        scopes: [],
      });
    },
  };
}
