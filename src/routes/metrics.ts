import type { CustomRoute } from '@slack/bolt';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

export const METRICS_PATH = '/metrics';

/** Digests of equal length, so the comparison takes the same time whatever the length or prefix of the guess. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * `GET /metrics` in Prometheus text format, for a scraper holding METRICS_TOKEN as its bearer token. Only built
 * when the token is configured: without it the route does not exist (404), so nothing is exposed by default.
 */
export function metricsRoute(metrics: Metrics, token: string, logger: Logger): CustomRoute {
  const log = logger.child({ component: 'metrics' });
  return {
    path: METRICS_PATH,
    method: ['GET'],
    handler: (req, res) => {
      const given = bearerOf(req.headers.authorization);
      if (given === undefined || !sameSecret(given, token)) {
        res.writeHead(401, {
          'www-authenticate': 'Bearer realm="metrics"',
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end('Send METRICS_TOKEN as "Authorization: Bearer <token>".\n');
        return;
      }
      metrics.text().then(
        (text) => {
          res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        (error: unknown) => {
          log.error({ err: error }, 'metrics could not be collected');
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Metrics could not be collected; see the server log.\n');
        },
      );
    },
  };
}
