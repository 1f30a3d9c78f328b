import type { CustomRoute } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { runInRequestContext } from '../lib/request-context';
import type { Logger } from '../logger';
import type { MetricsRecorder, RequestKind, RequestOutcome } from '../metrics';

/** 5xx is the app's failure; 4xx a request refused (bad signature, expired state, declined consent). */
function outcomeOf(status: number): RequestOutcome {
  if (status >= 500) return 'error';
  return status >= 400 ? 'rejected' : 'ok';
}

/**
 * A custom route whose requests are observed as the Slack ones are: each runs in a request context of its own
 * (so work it starts after answering logs under the same request id) and ends with one `request finished` line,
 * counted in the metrics, once the answer has been sent.
 */
export function observedRoute(route: CustomRoute, kind: RequestKind, deps: { logger: Logger; metrics: MetricsRecorder }): CustomRoute {
  const log = deps.logger.child({ component: 'requests' });
  return {
    ...route,
    handler: (req, res) =>
      runInRequestContext({ reqId: randomUUID(), kind }, () => {
        const startedAt = performance.now();
        let recorded = false;
        const finished = () => {
          if (recorded) return;
          recorded = true;
          // A client that hung up before the answer counts as an error: nothing was answered.
          const status = res.writableFinished ? res.statusCode : 499;
          const outcome = res.writableFinished ? outcomeOf(status) : 'error';
          const durationMs = Math.round(performance.now() - startedAt);
          deps.metrics.requestFinished(kind, outcome, durationMs);
          log.info({ kind, outcome, status, durationMs }, 'request finished');
        };
        res.once('finish', finished);
        res.once('close', finished);
        return route.handler(req, res);
      }),
  };
}
