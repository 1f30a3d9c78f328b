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

/** Per HTTP request to the Slack endpoint: whether Bolt dispatched it, and its HTTP status once answered. */
interface SlackHttpRequest {
  dispatched: boolean;
  answered: Promise<number>;
}
const slackHttpRequests = new WeakMap<RequestContext, SlackHttpRequest>();

/** The status the client got, or 499 when it hung up before the answer (nothing was answered). */
function answeredStatus(res: ServerResponse): Promise<number> {
  return new Promise((resolve) => {
    const done = () => resolve(res.writableFinished ? res.statusCode : 499);
    res.once('finish', done);
    res.once('close', done);
  });
}

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

/** Installed once by the composition root, after the listeners (so it wraps everything they added). */
export function observeSlackRequests(app: App, deps: RequestObserverDeps): void {
  const failed = new WeakSet<object>();
  const heard = new WeakSet<WebClient>();
  const log = deps.logger.child({ component: 'requests' });

  // A global middleware's next() rejects with what a listener threw, before app.error() answers it.
  app.use(async ({ body, client, next }) => {
    // Bolt keeps one client per token: listening once per client hears every 429 its listeners meet.
    if (!heard.has(client)) {
      heard.add(client);
      client.on(WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number) => deps.metrics.slackWait('web_api', retryAfterSeconds * 1000));
    }
    try {
      await next();
    } catch (error) {
      failed.add(body);
      throw error;
    }
  });

  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const kind = slackRequestKind(event.body);
    const teamId = teamIdOf({}, event.body) || undefined;
    const http = currentRequestContext();
    const request = http && slackHttpRequests.get(http);
    if (request) request.dispatched = true;
    return runInRequestContext({ reqId: http?.reqId ?? randomUUID(), kind, ...(teamId ? { teamId } : {}) }, async () => {
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
        if (request) void request.answered.then(finished);
        else finished();
      }
    });
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
    const path = (req.url ?? '').split('?')[0];
    if (path !== deps.endpoint || req.method !== 'POST') {
      for (const listener of listeners) listener(req, res);
      return;
    }
    const context: RequestContext = { reqId: randomUUID(), kind: 'other' };
    const startedAt = performance.now();
    const request: SlackHttpRequest = { dispatched: false, answered: answeredStatus(res) };
    slackHttpRequests.set(context, request);
    void request.answered.then((status) => {
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
