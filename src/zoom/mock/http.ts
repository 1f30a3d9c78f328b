import type { IncomingMessage, ServerResponse } from 'node:http';

/** What every route produces; the server writes it (and records it) in one place. */
export interface HttpResult {
  status: number;
  /** JSON-serialised unless it is a string (then sent as text/html). */
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function writeResult(res: ServerResponse, result: HttpResult): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { ...result.headers };
  let payload = '';
  if (typeof result.body === 'string') {
    payload = result.body;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (result.body !== undefined) {
    payload = JSON.stringify(result.body);
    headers['content-type'] ??= 'application/json;charset=UTF-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  res.end(payload);
}

export function json(status: number, body: unknown): HttpResult {
  return { status, body };
}

export const NO_CONTENT: HttpResult = { status: 204 };
