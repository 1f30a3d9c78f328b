import type { CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import type { ZoomWebhookIntake } from '../core/zoom-webhooks';

export const ZOOM_WEBHOOK_PATH = '/zoom/webhooks';

/** Zoom's notifications are a few kilobytes; anything near this is not from Zoom. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * `POST /zoom/webhooks`: reads the raw body (the signature covers its exact bytes), lets the intake verify and
 * de-duplicate it, answers, and only then starts the processing. Bolt does not await custom route handlers, so
 * every failure is caught here: a bad request never takes the process down.
 */
export function zoomWebhooksRoute(intake: ZoomWebhookIntake, logger: Logger): CustomRoute {
  const log = logger.child({ component: 'zoom-webhooks' });
  return {
    path: ZOOM_WEBHOOK_PATH,
    method: ['POST'],
    handler: (req, res) => {
      handle(intake, req, res).catch((error: unknown) => {
        log.error({ err: error }, 'Zoom webhook request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      });
    },
  };
}

async function handle(intake: ZoomWebhookIntake, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let rawBody: Buffer;
  try {
    rawBody = await readBody(req, MAX_WEBHOOK_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    res.setHeader('connection', 'close');
    sendJson(res, 413, { error: 'body too large' });
    return;
  }
  const answer = await intake.receive({ rawBody, headers: req.headers });
  sendJson(res, answer.status, answer.body);
  answer.afterAnswer?.();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop buffering; what is left is drained and dropped.
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
