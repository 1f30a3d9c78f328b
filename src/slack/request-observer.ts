import type { App, ReceiverEvent } from '@slack/bolt';
import { WebClientEvent, type WebClient } from '@slack/web-api';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { currentRequestContext, runInRequestContext, type RequestContext } from '../lib/request-context';
import type { Logger } from '../logger';
import type { MetricsRecorder, RequestKind, RequestOutcome } from '../metrics';
import { teamIdOf } from './listeners/requester';

/**
 * Every signed Slack request runs in its own request context (a request id and the team id on every log line
 * written while it is handled, however deep) and ends with one `request finished` line at info, with its kind,
 * outcome, HTTP status and duration, which the metrics count too. A request Bolt refuses before dispatching it
 * (bad or missing signature, malformed or oversized body) gets that line as well, from the HTTP server.
 */

/**
 * Per HTTP request to the Slack endpoint, carried on its request context: whether Bolt dispatched it, its HTTP
 * status once answered (or 499 when the client hung up first), and the finished line waiting for that status.
 * A symbol-keyed property rather than a WeakMap: an entry per request in a weak table costs every young GC
 * (measured: slower scavenges and a full GC within a few thousand `help` acks).
 */
interface SlackHttpRequest {
  response: ServerResponse;
  dispatched: boolean;
  status?: number;
  finish?: (status: number) => void;
}
const SLACK_HTTP_REQUEST = Symbol('slack http request');
type ObservedContext = RequestContext & { [SLACK_HTTP_REQUEST]?: SlackHttpRequest };

function slackHttpRequestOf(context: RequestContext | undefined): SlackHttpRequest | undefined {
  return (context as ObservedContext | undefined)?.[SLACK_HTTP_REQUEST];
}

/** app.error()'s handler in the extended form (App's extendedErrorHandler: true, set in src/app.ts). */
type ExtendedErrorHandler = Parameters<App['error']>[0];

export interface RequestObserverDeps {
  logger: Logger;
  metrics: MetricsRecorder;
}

export function slackRequestKind(body: unknown): RequestKind {
  const payload = (body ?? {}) as { command?: unknown; type?: unknown };
  if (typeof payload.command === 'string') return 'command';
  switch (payload.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
    case 'view_closed':
      return 'view';
    case 'event_callback':
    case 'url_verification':
    case 'app_rate_limited':
      return 'event';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'block_suggestion':
    case 'dialog_suggestion':
      return 'options';
    default:
      return 'other';
  }
}

/**
 * For an ack given as JSON serialized once (a static answer such as help): marks the current Slack request's HTTP
 * answer as JSON, which Bolt does only for an object it serializes itself on every request. False when there is
 * no answer to mark (the request came through no observed server, or it was answered already): ack the object.
 */
export function markAnswerAsJson(): boolean {
  const context = currentRequestContext();
  const response = slackHttpRequestOf(context)?.response;
  if (!response || response.headersSent) return false;
  response.setHeader('content-type', 'application/json');
  return true;
}

/**
 * Installed once by the composition root, before the listeners: it then sees the app.error() handler they
 * register, and its middleware runs first. The finished line waits for the HTTP answer, so an ack sent by a
 * processEvent wrapper installed later (listeners/unclaimed.ts) is still the status it reports.
 */
export function observeSlackRequests(app: App, deps: RequestObserverDeps): void {
  const failed = new WeakSet<object>();
  const heard = new WeakSet<WebClient>();
  const log = deps.logger.child({ component: 'requests' });

  // Whatever a middleware or listener threw reaches app.error() (the extended form is handed the request's body),
  // which answers it, so processEvent resolves; the failure is noted on the way, at no cost to requests that succeed.
  const registerErrorHandler = app.error.bind(app) as (handler: ExtendedErrorHandler) => void;
  app.error = ((handler: ExtendedErrorHandler) =>
    registerErrorHandler((args) => {
      if (typeof args.body === 'object' && args.body !== null) failed.add(args.body);
      return handler(args);
    })) as App['error'];

  // Bolt keeps one client per token: listening once per client hears every 429 its listeners meet.
  app.use(({ client, next }) => {
    if (!heard.has(client)) {
      heard.add(client);
      client.on(WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number) => deps.metrics.slackWait('web_api', retryAfterSeconds * 1000));
    }
    return next();
  });

  const processEvent = app.processEvent.bind(app);
  const observed = async (event: ReceiverEvent, kind: RequestKind, request: SlackHttpRequest | undefined): Promise<void> => {
    const startedAt = performance.now();
    let outcome: RequestOutcome = 'ok';
    try {
      await processEvent(event);
    } catch (error) {
      // Only an authorization failure is thrown this far (slack/listeners/unhandled.ts): Bolt refuses it.
      outcome = (error as { code?: unknown }).code === 'slack_bolt_authorization_error' ? 'rejected' : 'error';
      throw error;
    } finally {
      if (outcome === 'ok' && failed.has(event.body as object)) outcome = 'error';
      const finished = (status?: number) => {
        const durationMs = Math.round(performance.now() - startedAt);
        deps.metrics.requestFinished(kind, outcome, durationMs);
        log.info({ kind, outcome, ...(status !== undefined ? { status } : {}), durationMs }, 'request finished');
      };
      // The ack may still be on its way (or the work outlast it): the line waits for the answer's status.
      if (!request) finished();
      else if (request.status !== undefined) finished(request.status);
      else request.finish = finished;
    }
  };
  app.processEvent = (event: ReceiverEvent) => {
    const kind = slackRequestKind(event.body);
    const teamId = teamIdOf({}, event.body) || undefined;
    const http = currentRequestContext();
    const request = slackHttpRequestOf(http);
    if (!http || !request) {
      return runInRequestContext({ reqId: http?.reqId ?? randomUUID(), kind, ...(teamId ? { teamId } : {}) }, () =>
        observed(event, kind, undefined),
      );
    }
    // One HTTP request carries one Slack request: its context becomes the request's, with no second context to enter.
    request.dispatched = true;
    http.kind = kind;
    if (teamId) http.teamId = teamId;
    return observed(event, kind, request);
  };
}

/**
 * Installed on the HTTP server once Bolt listens: each request to the Slack endpoint runs in a request context, so
 * the line above learns its HTTP status; one Bolt answered without dispatching (refused: bad signature, malformed
 * body; or Slack's ssl_check) gets its `request finished` line here. Nothing of the request is logged.
 */
export function observeSlackHttp(server: Server, deps: RequestObserverDeps & { endpoint: string }): void {
  const log = deps.logger.child({ component: 'requests' });
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if ((query === -1 ? url : url.slice(0, query)) !== deps.endpoint || req.method !== 'POST') {
      for (const listener of listeners) listener(req, res);
      return;
    }
    const startedAt = performance.now();
    const request: SlackHttpRequest = { response: res, dispatched: false };
    const context: ObservedContext = { reqId: randomUUID(), kind: 'other', [SLACK_HTTP_REQUEST]: request };
    // 'close' follows 'finish' on every response, and comes alone when the client hangs up first.
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      if (request.finish) return request.finish(status);
      request.status = status;
      if (request.dispatched) return;
      const outcome: RequestOutcome = status >= 500 ? 'error' : status >= 400 ? 'rejected' : 'ok';
      const durationMs = Math.round(performance.now() - startedAt);
      deps.metrics.requestFinished('other', outcome, durationMs);
      runInRequestContext(context, () => log.info({ kind: 'other', outcome, status, durationMs }, 'request finished'));
    });
    runInRequestContext(context, () => {
      for (const listener of listeners) listener(req, res);
    });
  });
}
