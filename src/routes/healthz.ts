import type { CustomRoute } from '@slack/bolt';

/** `GET /healthz`: 200 while the database answers, 503 otherwise (load balancers take the instance out). */
export function healthzRoute(isDatabaseUp: () => Promise<boolean>): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req, res) => {
      const up = await isDatabaseUp();
      res.writeHead(up ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(up ? { status: 'ok' } : { status: 'unavailable', reason: 'database not answering' }));
    },
  };
}
