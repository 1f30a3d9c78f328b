/**
 * Lenient response parsing, derived from the corrected OpenAPI response schemas so it cannot drift from the
 * generated types:
 * - unknown fields are kept (loose objects);
 * - every declared field may be missing or null (null becomes "missing");
 * - numbers and booleans that arrive as strings ("30", "true") are converted, and numeric ids become strings;
 * - a field present with an unusable value, or a field the caller declared essential, is an error naming it.
 */
import type { z as Zod } from 'zod';
import { ZoomResponseError } from './errors';
import type { JsonObject } from './spec-fixes';

const NUMERIC_STRING = /^-?\d+(\.\d+)?$/;

// zod is a tenth of the start's module loading; the parsers are built at the first Zoom call, never at start.
let zodModule: typeof Zod | undefined;
function zod(): typeof Zod {
  zodModule ??= (require('zod') as typeof import('zod')).z;
  return zodModule;
}

let primitives: { lenientNumber: Zod.ZodType; lenientBoolean: Zod.ZodType; lenientString: Zod.ZodType } | undefined;
function lenientPrimitives() {
  const z = zod();
  primitives ??= {
    lenientNumber: z.preprocess(
      (value) => (typeof value === 'string' && NUMERIC_STRING.test(value.trim()) ? Number(value) : value),
      z.number(),
    ),
    lenientBoolean: z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean()),
    lenientString: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string()),
  };
  return primitives;
}

function optional(schema: Zod.ZodType): Zod.ZodType {
  return zod().preprocess((value) => (value === null ? undefined : value), schema.optional());
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A zod schema accepting what the given OpenAPI schema describes, leniently. */
export function lenientSchema(schema: unknown): Zod.ZodType {
  const z = zod();
  const node = asObject(schema);
  if (node === undefined) return z.unknown();
  const variants = (node['oneOf'] ?? node['anyOf']) as unknown[] | undefined;
  if (Array.isArray(variants)) {
    const options = variants.map(lenientSchema);
    return options.length === 1 ? (options[0] as Zod.ZodType) : z.unknown();
  }
  switch (node['type']) {
    case 'integer':
    case 'number':
      return lenientPrimitives().lenientNumber;
    case 'boolean':
      return lenientPrimitives().lenientBoolean;
    case 'string':
      return lenientPrimitives().lenientString;
    case 'array':
      return z.array(lenientSchema(node['items']));
    case 'object':
      return lenientObject(node);
    default:
      return z.unknown();
  }
}

function lenientObject(node: JsonObject): Zod.ZodType {
  const z = zod();
  const declared = asObject(node['properties']) ?? {};
  const extra = asObject(node['additionalProperties']);
  if (Object.keys(declared).length === 0 && extra !== undefined) {
    return z.record(z.string(), lenientSchema(extra));
  }
  const shape = Object.fromEntries(Object.entries(declared).map(([name, property]) => [name, optional(lenientSchema(property))]));
  return z.looseObject(shape);
}

/** `lenientSchema(schema)`, built the first time it is asked for and kept from then on. */
export function lazyLenientSchema(schema: unknown): () => Zod.ZodType {
  let parser: Zod.ZodType | undefined;
  return () => (parser ??= lenientSchema(schema));
}

/**
 * Parses a 2xx JSON body. `essential` lists fields the caller cannot work without, as paths such as
 * `schedule_id` or `items[].schedule_id`.
 */
export function parseLenient<T>(operation: string, parser: Zod.ZodType, body: unknown, essential: readonly string[]): T {
  const result = parser.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ZoomResponseError(operation, issue ? issue.path.join('.') : '', issue?.message ?? 'is invalid');
  }
  for (const path of essential) {
    const missing = findMissing(result.data, path.split('.'), '');
    if (missing !== undefined) throw new ZoomResponseError(operation, missing, 'is missing');
  }
  return result.data as T;
}

/** The first concrete path (e.g. `items.3.schedule_id`) where an essential field is absent. */
function findMissing(value: unknown, segments: string[], prefix: string): string | undefined {
  const [head, ...rest] = segments;
  if (head === undefined) return undefined;
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  const here = prefix ? `${prefix}.${key}` : key;
  const child = asObject(value)?.[key];
  if (child === undefined || child === '') return here;
  if (!isArray) return findMissing(child, rest, here);
  if (!Array.isArray(child)) return here;
  for (const [index, item] of child.entries()) {
    const missing = findMissing(item, rest, `${here}.${index}`);
    if (missing !== undefined) return missing;
  }
  return undefined;
}
