import type { IncomingMessage } from 'node:http';

/** Arguments @slack/web-api sends JSON-stringified inside a form body. */
const STRUCTURED_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a Web API call the way Slack does: form-encoded (nested fields as JSON text) or a JSON body. */
export function parseApiArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = STRUCTURED_ARGS.has(key) ? parseJsonOrKeep(value) : value;
  }
  return args;
}

function parseJsonOrKeep(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}
