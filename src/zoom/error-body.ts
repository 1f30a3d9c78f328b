/**
 * Reads a Zoom error body in any of the shapes Zoom answers with (zoom-live.md §B1):
 * - flat `{code, message, errors?}` (Zoom's other APIs, the OAuth gateway's 401 code 124);
 * - nested `{error: {code?, message, errors?}}` (live Scheduler endpoints);
 * - XML `<error><code>…</code><message>…</message></error>` (now and then, from Zoom's gateway).
 * Only strings Zoom meant as messages are kept, trimmed and capped, so a user never sees "[object Object]" or
 * a raw body.
 */
import type { ZoomFieldError } from './errors';

export interface ZoomErrorBody {
  code?: number;
  message?: string;
  errors: ZoomFieldError[];
}

/** Long enough for any of Zoom's sentences, short enough that a dumped document cannot pass for a message. */
const MAX_MESSAGE_LENGTH = 300;
const MAX_FIELD_ERRORS = 20;

export function parseZoomErrorBody(text: string): ZoomErrorBody {
  const trimmed = text.trim();
  if (trimmed.startsWith('<')) return fromXml(trimmed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { errors: [] };
  }
  const root = asObject(parsed);
  if (root === undefined) return { errors: [] };
  const nested = asObject(root['error']);
  const source = nested ?? root;
  const code = toCode(source['code'] ?? root['code']);
  const message =
    cleanText(source['message']) ?? cleanText(typeof root['error'] === 'string' ? root['error'] : undefined) ?? cleanText(root['message']);
  const errors = fieldErrors(source['errors'] ?? root['errors']);
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }), errors };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function toCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

/** Field errors come as `{field, message}`, as plain strings, or with other key names; anything else is dropped. */
function fieldErrors(value: unknown): ZoomFieldError[] {
  if (!Array.isArray(value)) return [];
  const result: ZoomFieldError[] = [];
  for (const item of value.slice(0, MAX_FIELD_ERRORS)) {
    if (typeof item === 'string') {
      const message = cleanText(item);
      if (message) result.push({ field: '', message });
      continue;
    }
    const object = asObject(item);
    if (!object) continue;
    const field = cleanText(object['field'] ?? object['name'] ?? object['path'] ?? object['property']) ?? '';
    const message = cleanText(object['message'] ?? object['reason'] ?? object['description'] ?? object['error']);
    if (message || field) result.push({ field, message: message ?? 'is invalid' });
  }
  return result;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return XML_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function xmlElement(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'i').exec(xml);
  return match?.[1] === undefined ? undefined : decodeXml(match[1]);
}

/** Only an `<error>` document counts; an HTML error page or any other XML yields nothing. */
function fromXml(xml: string): ZoomErrorBody {
  const errorElement = /<error(?:\s[^>]*)?>([\s\S]*)<\/error>/i.exec(xml)?.[1];
  if (errorElement === undefined) return { errors: [] };
  const code = toCode(xmlElement(errorElement, 'code'));
  const rawMessage = xmlElement(errorElement, 'message');
  const message = rawMessage === undefined || /</.test(rawMessage) ? undefined : cleanText(rawMessage);
  const errors: ZoomFieldError[] = [];
  for (const match of errorElement.matchAll(/<field>([\s\S]*?)<\/field>\s*<message>([\s\S]*?)<\/message>/gi)) {
    const field = cleanText(decodeXml(match[1] ?? '')) ?? '';
    const fieldMessage = cleanText(decodeXml(match[2] ?? ''));
    if (fieldMessage) errors.push({ field, message: fieldMessage });
    if (errors.length >= MAX_FIELD_ERRORS) break;
  }
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }), errors };
}
