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
