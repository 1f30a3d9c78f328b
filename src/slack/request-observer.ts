import type { App, ReceiverEvent } from '@slack/bolt';
import { WebClientEvent, type WebClient } from '@slack/web-api';
import { randomUUID } from 'node:crypto';
import { runInRequestContext } from '../lib/request-context';
import type { Logger } from '../logger';
import type { MetricsRecorder, RequestKind, RequestOutcome } from '../metrics';
import { teamIdOf } from './listeners/requester';

/**
 * Every signed Slack request runs in its own request context (a request id and the team id on every log line
 * written while it is handled, however deep) and ends with one `request finished` line at info, with its kind,
 * outcome and duration, which the metrics count too.
 */

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
    return runInRequestContext({ reqId: randomUUID(), kind, ...(teamId ? { teamId } : {}) }, async () => {
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
        const durationMs = Math.round(performance.now() - startedAt);
        deps.metrics.requestFinished(kind, outcome, durationMs);
        log.info({ kind, outcome, durationMs }, 'request finished');
      }
    });
  };
}
