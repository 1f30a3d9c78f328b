/**
 * Lenient response parsing, derived from the corrected OpenAPI response schemas so it cannot drift from the
 * generated types:
 * - unknown fields are kept (loose objects);
 * - every declared field may be missing or null (null becomes "missing");
 * - numbers and booleans that arrive as strings ("30", "true") are converted, and numeric ids become strings;
 * - a field present with an unusable value, or a field the caller declared essential, is an error naming it.
 *
 * The OpenAPI schema is interpreted directly, one small parse function per schema node. It used to be turned
 * into zod schemas at run time; zod (95 modules, ~3 MB of heap once loaded) then came in at the first Zoom call,
 * and loading it at an account's connection grew V8's young generation for good (~8 MB of idle RSS). The messages
 * are the ones zod gave ("Invalid input: expected number, received string"), so callers and logs read the same.
 */
import { ZoomResponseError } from './errors';
import type { JsonObject } from './spec-fixes';

const NUMERIC_STRING = /^-?\d+(\.\d+)?$/;

type PathKey = string | number;

/** Parses one JSON value (a body or a part of it); throws UnusableField at the first value it cannot use. */
export type LenientParser = (value: unknown, path?: readonly PathKey[]) => unknown;

class UnusableField extends Error {
  constructor(
    readonly path: readonly PathKey[],
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** The type zod names for a value it did not expect (its `parsedType`, with NaN and infinities spelled out). */
function receivedName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

function unusable(path: readonly PathKey[], expected: string, value: unknown): never {
  throw new UnusableField(path, `Invalid input: expected ${expected}, received ${receivedName(value)}`);
}

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

const anything: LenientParser = (value) => value;

const lenientNumber: LenientParser = (value, path = []) => {
  const converted = typeof value === 'string' && NUMERIC_STRING.test(value.trim()) ? Number(value) : value;
  if (typeof converted !== 'number' || !Number.isFinite(converted)) unusable(path, 'number', converted);
  return converted;
};

const lenientBoolean: LenientParser = (value, path = []) => {
  const converted = value === 'true' ? true : value === 'false' ? false : value;
  if (typeof converted !== 'boolean') unusable(path, 'boolean', converted);
  return converted;
};

const lenientString: LenientParser = (value, path = []) => {
  const converted = typeof value === 'number' ? String(value) : value;
  if (typeof converted !== 'string') unusable(path, 'string', converted);
  return converted;
};

/** A parser accepting what the given OpenAPI schema describes, leniently. */
export function lenientSchema(schema: unknown): LenientParser {
  const node = asObject(schema);
  if (node === undefined) return anything;
  const variants = (node['oneOf'] ?? node['anyOf']) as unknown[] | undefined;
  if (Array.isArray(variants)) return variants.length === 1 ? lenientSchema(variants[0]) : anything;
  switch (node['type']) {
    case 'integer':
    case 'number':
      return lenientNumber;
    case 'boolean':
      return lenientBoolean;
    case 'string':
      return lenientString;
    case 'array':
      return lenientArray(lenientSchema(node['items']));
    case 'object':
      return lenientObject(node);
    default:
      return anything;
  }
}

function lenientArray(item: LenientParser): LenientParser {
  return (value, path = []) => {
    if (!Array.isArray(value)) unusable(path, 'array', value);
    return value.map((element, index) => item(element, [...path, index]));
  };
}

function lenientObject(node: JsonObject): LenientParser {
  const declared = asObject(node['properties']) ?? {};
  const extra = asObject(node['additionalProperties']);
  if (Object.keys(declared).length === 0 && extra !== undefined) {
    const entry = lenientSchema(extra);
    return (value, path = []) => {
      const object = asObject(value) ?? unusable(path, 'record', value);
      return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, entry(item, [...path, key])]));
    };
  }
  const fields = Object.entries(declared).map(([name, property]) => [name, lenientSchema(property)] as const);
  return (value, path = []) => {
    const object = asObject(value) ?? unusable(path, 'object', value);
    // Unknown fields are kept as they came; a declared field sent as null is there, as undefined.
    const parsed: JsonObject = { ...object };
    for (const [name, field] of fields) {
      if (!(name in object)) continue;
      const item = object[name];
      parsed[name] = item === null || item === undefined ? undefined : field(item, [...path, name]);
    }
    return parsed;
  };
}

/** `lenientSchema(schema)`, built the first time it is asked for and kept from then on. */
export function lazyLenientSchema(schema: unknown): () => LenientParser {
  let parser: LenientParser | undefined;
  return () => (parser ??= lenientSchema(schema));
}

/**
 * Parses a 2xx JSON body. `essential` lists fields the caller cannot work without, as paths such as
 * `schedule_id` or `items[].schedule_id`.
 */
export function parseLenient<T>(operation: string, parser: LenientParser, body: unknown, essential: readonly string[]): T {
  let data: unknown;
  try {
    data = parser(body);
  } catch (error) {
    if (error instanceof UnusableField) throw new ZoomResponseError(operation, error.path.join('.'), error.problem);
    throw error;
  }
  for (const path of essential) {
    const missing = findMissing(data, path.split('.'), '');
    if (missing !== undefined) throw new ZoomResponseError(operation, missing, 'is missing');
  }
  return data as T;
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
