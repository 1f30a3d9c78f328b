import type { Context } from '@slack/bolt';

/** The parts of any Slack payload (command, action, view submission, event) that say who sent it. */
interface PayloadIds {
  team_id?: string;
  team?: { id?: string } | null;
  user?: { id?: string; team_id?: string } | string;
  user_id?: string;
  view?: { team_id?: string };
  event?: { user?: string | { id?: string } };
}

/**
 * THE team id of a request: Bolt's context (set from the authorization, right for Enterprise Grid and shared
 * channels), else whatever the payload kind carries. Every listener reads it here, one way.
 */
export function teamIdOf(context: Pick<Context, 'teamId'>, body: unknown): string {
  const ids = (body ?? {}) as PayloadIds;
  const user = typeof ids.user === 'object' ? ids.user : undefined;
  return context.teamId ?? ids.team?.id ?? user?.team_id ?? ids.view?.team_id ?? ids.team_id ?? '';
}

/** The Slack user who sent a request, whatever its kind; undefined for events not sent by a user. */
export function userIdOf(body: unknown): string | undefined {
  const ids = (body ?? {}) as PayloadIds;
  if (typeof ids.user === 'object' && ids.user.id) return ids.user.id;
  if (typeof ids.user === 'string') return ids.user;
  if (ids.user_id) return ids.user_id;
  const eventUser = ids.event?.user;
  return typeof eventUser === 'string' ? eventUser : eventUser?.id;
}
