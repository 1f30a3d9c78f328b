/**
 * The operation table (method, path template, query parameters, response parser) read from the corrected spec,
 * so paths and parameters are never retyped by hand. Built once, on first use; each response parser at its
 * operation's first call. The table keeps only each operation's response schema: the rest of the spec (its
 * descriptions and examples are most of it) is garbage once the table is built.
 */
import { lazyLenientSchema } from './lenient';
import { correctedSpec, type JsonObject } from './spec-fixes';
import type { ExtraOperationId, OperationId, OperationSpec } from './types';
import { extraOperationSpec } from './users-api';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

let table: Map<string, OperationSpec> | undefined;

function successSchema(operation: JsonObject): unknown {
  const responses = (operation['responses'] ?? {}) as Record<string, { content?: Record<string, { schema?: unknown }> }>;
  const success = responses['200'] ?? responses['201'];
  return success?.content?.['application/json']?.schema;
}

function buildTable(): Map<string, OperationSpec> {
  const spec = correctedSpec();
  const result = new Map<string, OperationSpec>();
  for (const [pathTemplate, pathItem] of Object.entries(spec['paths'] as Record<string, JsonObject>)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as JsonObject | undefined;
      if (operation === undefined) continue;
      const parameters = (operation['parameters'] ?? []) as Array<{ name: string; in: string }>;
      const schema = successSchema(operation);
      const id = operation['operationId'] as OperationId;
      result.set(id, {
        id,
        method: method.toUpperCase(),
        pathTemplate,
        queryParameters: new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name)),
        responseParser: schema === undefined ? undefined : lazyLenientSchema(schema),
      });
    }
  }
  return result;
}

/** A Scheduler operation from the spec, or one of the few the app needs from outside it (users-api.ts). */
export function operationSpec(id: OperationId | ExtraOperationId): OperationSpec {
  // The few outside operations first: connecting an account (users/me) then never builds the whole table.
  const found = extraOperationSpec(id) ?? (table ??= buildTable()).get(id);
  if (found === undefined) throw new Error(`Unknown Zoom operation ${id}`);
  return found;
}
