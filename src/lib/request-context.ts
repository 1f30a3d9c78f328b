import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line written while handling one request carries. AsyncLocalStorage rather than a child logger
 * handed down: Bolt's logger is global, and the Zoom client, the store and the delivery services log far from the
 * listener that knows the request, so only the async context reaches them all.
 */
export interface RequestContext {
  reqId: string;
  /** The Slack team the request came from, once known (a Zoom webhook learns it only after routing). */
  teamId?: string;
  kind: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Names the request's workspace once routing has found it (a Zoom webhook's job learns it from the host's
 * connections), so its later lines carry it too, the job runner's own included. A Zoom user connected from several
 * workspaces names none: each workspace's share of the work runs `inTeam` instead.
 */
export function noteRequestTeam(teamIds: readonly string[]): void {
  const current = storage.getStore();
  const distinct = new Set(teamIds);
  if (current && current.teamId === undefined && distinct.size === 1) current.teamId = [...distinct][0];
}

/** Runs `work` as the current request's share for one workspace: its lines carry that team id. */
export function inTeam<T>(teamId: string, work: () => T): T {
  const current = storage.getStore();
  return current ? storage.run({ ...current, teamId }, work) : work();
}
