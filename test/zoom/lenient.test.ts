/**
 * The lenient parser interprets the OpenAPI schemas directly; it replaced zod schemas built from the same
 * OpenAPI at run time. zod, as the client used it, is the oracle here: for every response schema of the corrected
 * spec, bodies with each field well formed, sent as a numeric or boolean string, null, or of the wrong type must
 * give the same value, or fail at the same field with the same message.
 */
import { z } from 'zod';
import { lenientSchema, parseLenient } from '../../src/zoom/lenient';
import { ZoomResponseError } from '../../src/zoom/errors';
import { correctedSpec, type JsonObject } from '../../src/zoom/spec-fixes';

const NUMERIC_STRING = /^-?\d+(\.\d+)?$/;
const asObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;

/** How the client built its parsers with zod before (src/zoom/lenient.ts until the zod-free interpreter). */
function zodLenient(schema: unknown): z.ZodType {
  const node = asObject(schema);
  if (node === undefined) return z.unknown();
  const variants = (node['oneOf'] ?? node['anyOf']) as unknown[] | undefined;
  if (Array.isArray(variants)) return variants.length === 1 ? zodLenient(variants[0]) : z.unknown();
  switch (node['type']) {
    case 'integer':
    case 'number':
      return z.preprocess((v) => (typeof v === 'string' && NUMERIC_STRING.test(v.trim()) ? Number(v) : v), z.number());
    case 'boolean':
      return z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
    case 'string':
      return z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
    case 'array':
      return z.array(zodLenient(node['items']));
    case 'object': {
      const declared = asObject(node['properties']) ?? {};
      const extra = asObject(node['additionalProperties']);
      if (Object.keys(declared).length === 0 && extra !== undefined) return z.record(z.string(), zodLenient(extra));
      const shape = Object.fromEntries(
        Object.entries(declared).map(([name, p]) => [name, z.preprocess((v) => (v === null ? undefined : v), zodLenient(p).optional())]),
      );
      return z.looseObject(shape);
    }
    default:
      return z.unknown();
  }
}

/** Values for a schema node: the first is well formed; the others are what Zoom has been seen to send instead. */
function samples(schema: unknown, depth = 0): unknown[] {
  const node = asObject(schema);
  const variants = node && ((node['oneOf'] ?? node['anyOf']) as unknown[] | undefined);
  if (Array.isArray(variants)) return variants.length === 1 ? samples(variants[0], depth) : [{ any: 1 }];
  switch (node?.['type']) {
    case 'integer':
    case 'number':
      return [30, '30', ' -1.5 ', 'thirty', true, Infinity];
    case 'boolean':
      return [true, 'false', 'yes', 1];
    case 'string':
      return ['text', 12345, false, {}];
    case 'array':
      return depth > 4 ? [[]] : [[samples(node['items'], depth + 1)[0]], 'not a list', [null]];
    case 'object':
      return depth > 4 ? [{}] : [wellFormed(node, depth), [], 'not an object'];
    default:
      return [{ anything: [1] }];
  }
}

function wellFormed(node: JsonObject, depth: number): JsonObject {
  const declared = asObject(node['properties']) ?? {};
  const extra = asObject(node['additionalProperties']);
  if (Object.keys(declared).length === 0 && extra !== undefined) return { key: samples(extra, depth + 1)[0] };
  return { ...Object.fromEntries(Object.entries(declared).map(([name, p]) => [name, samples(p, depth + 1)[0]])), unknown_field: 'kept' };
}

/** The well-formed body, then one body per (top or nested) field with each of that field's other samples. */
function bodies(schema: unknown): unknown[] {
  const [good, ...others] = samples(schema);
  const out = [good, ...others, null];
  const visit = (node: unknown, value: unknown, replace: (v: unknown) => unknown, depth: number) => {
    const declared = asObject(asObject(node)?.['properties']);
    const object = asObject(value);
    if (!declared || !object || depth > 3) return;
    for (const [name, property] of Object.entries(declared)) {
      const within = (v: unknown) => replace({ ...object, [name]: v });
      for (const alternative of [...samples(property, depth + 1).slice(1), null]) out.push(within(alternative));
      visit(property, object[name], within, depth + 1);
    }
  };
  visit(schema, good, (v) => v, 0);
  return out;
}

type Outcome = { ok: true; value: unknown } | { ok: false; field: string; problem: string };

function ours(schema: unknown, body: unknown): Outcome {
  try {
    return { ok: true, value: parseLenient('op', lenientSchema(schema), body, []) };
  } catch (error) {
    const { field, problem } = error as ZoomResponseError;
    return { ok: false, field, problem };
  }
}

function zods(schema: unknown, body: unknown): Outcome {
  const result = zodLenient(schema).safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, field: issue.path.join('.'), problem: issue.message };
}

const responseSchemas = Object.values(correctedSpec()['paths'] as Record<string, JsonObject>).flatMap((item) =>
  Object.values(item).flatMap((operation) => {
    const responses = asObject(asObject(operation)?.['responses']) ?? {};
    const success = (responses['200'] ?? responses['201']) as { content?: Record<string, { schema?: unknown }> } | undefined;
    const schema = success?.content?.['application/json']?.schema;
    const id = asObject(operation)?.['operationId'];
    return schema === undefined ? [] : [[String(id), schema] as const];
  }),
);

it('covers every response schema of the corrected spec', () => {
  expect(responseSchemas.length).toBeGreaterThanOrEqual(15);
});

it.each(responseSchemas)('parses %s bodies as zod did', (_id, schema) => {
  const all = bodies(schema);
  expect(all.length).toBeGreaterThan(3);
  for (const body of all) expect({ body, outcome: ours(schema, body) }).toStrictEqual({ body, outcome: zods(schema, body) });
});

it('names an unusable field as zod did, and an essential one that is missing', () => {
  const schema = {
    type: 'object',
    properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } },
  };
  expect(() => parseLenient('op', lenientSchema(schema), { items: [{ id: 1 }, { id: [] }] }, [])).toThrow(
    new ZoomResponseError('op', 'items.1.id', 'Invalid input: expected string, received array'),
  );
  expect(() => parseLenient('op', lenientSchema(schema), { items: [{ id: 'a' }, {}] }, ['items[].id'])).toThrow(
    new ZoomResponseError('op', 'items.1.id', 'is missing'),
  );
});
