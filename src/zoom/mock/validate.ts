/**
 * Checks each API request against the corrected OpenAPI document (src/zoom/spec-fixes.ts).
 *
 * Two kinds of findings:
 * - `violations`: everything the spec does not allow, including what Zoom silently ignores (unknown query
 *   parameters, unknown or read-only body fields). Recorded so that client tests can demand zero.
 * - `rejections`: the subset Zoom answers with 400 (wrong types, missing required fields, bad enums...).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { correctedSpec, type JsonObject } from '../spec-fixes';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const JSON_CONTENT = 'application/json';
/** Findings of these kinds are recorded but not rejected: Zoom ignores them. */
const TOLERATED_KEYWORDS = new Set(['additionalProperties', 'readOnly']);

export interface FieldProblem {
  field: string;
  message: string;
}

export interface OperationInfo {
  operationId: string;
  method: string;
  pathTemplate: string;
  /** Scopes of which the token needs at least one. */
  scopes: string[];
  hasBody: boolean;
}

export interface RequestCheck {
  operation?: OperationInfo;
  pathParams: Record<string, string>;
  /** Query with integers and booleans coerced as the spec declares them. */
  query: Record<string, unknown>;
  body: unknown;
  violations: string[];
  rejections: FieldProblem[];
}

export interface IncomingRequest {
  method: string;
  /** Path below the API base, e.g. `/scheduler/schedules/abc`. */
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  rawBody: string;
}

interface CompiledOperation {
  info: OperationInfo;
  pattern: RegExp;
  paramNames: string[];
  literalSegments: number;
  checkPath: ValidateFunction;
  checkQuery: ValidateFunction;
  checkBody?: ValidateFunction;
  responses: Map<string, ValidateFunction>;
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null ? (value as JsonObject) : {};
}

/** Copy of a schema in which every object with declared properties refuses undeclared ones. */
function closedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(asObject(value)).map(([k, v]) => [k, closedSchema(v)]))
        : closedSchema(value);
  }
  if ('properties' in copy && !('additionalProperties' in copy)) copy['additionalProperties'] = false;
  return copy;
}

function parameterSchema(parameters: JsonObject[], location: 'path' | 'query'): JsonObject {
  const own = parameters.filter((p) => p['in'] === location);
  return {
    type: 'object',
    properties: Object.fromEntries(own.map((p) => [String(p['name']), asObject(p['schema'])])),
    required: own.filter((p) => p['required'] === true).map((p) => String(p['name'])),
    additionalProperties: false,
  };
}

function fieldName(error: ErrorObject, prefix: string): string {
  const pointer = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra =
    error.keyword === 'required'
      ? String(error.params['missingProperty'])
      : error.keyword === 'additionalProperties'
        ? String(error.params['additionalProperty'])
        : '';
  const path = [pointer, extra].filter(Boolean).join('.');
  return [prefix, path].filter(Boolean).join('.') || prefix;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'readOnly') return 'is read-only and must not be sent';
  if (error.keyword === 'additionalProperties') return 'is not defined by the spec';
  if (error.keyword === 'required') return 'is required';
  return error.message ?? error.keyword;
}

export class RequestValidator {
  private readonly operations: CompiledOperation[] = [];

  constructor(spec: JsonObject) {
    const paramsAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
    const bodyAjv = new Ajv({ strict: false, allErrors: true });
    const responseAjv = new Ajv({ strict: false, allErrors: true });
    for (const ajv of [paramsAjv, bodyAjv, responseAjv]) addFormats(ajv);
    // A read-only property in a request body is a client mistake; Ajv treats `readOnly` as an annotation only.
    bodyAjv.removeKeyword('readOnly');
    bodyAjv.addKeyword({ keyword: 'readOnly', schemaType: 'boolean', validate: (isReadOnly: boolean) => !isReadOnly, errors: false });

    for (const [pathTemplate, pathItem] of Object.entries(asObject(spec['paths']))) {
      for (const method of HTTP_METHODS) {
        const op = asObject(asObject(pathItem)[method]);
        if (!op['operationId']) continue;
        const parameters = (Array.isArray(op['parameters']) ? op['parameters'] : []).map(asObject);
        const bodySchema = asObject(asObject(asObject(asObject(op['requestBody'])['content'])[JSON_CONTENT])['schema']);
        const hasBody = op['requestBody'] !== undefined;
        const security = Array.isArray(op['security']) ? op['security'].map(asObject) : [];
        const scopes = security.flatMap((entry) => (Array.isArray(entry['openapi_oauth']) ? entry['openapi_oauth'].map(String) : []));
        const segments = pathTemplate.split('/').filter(Boolean);
        const responses = new Map<string, ValidateFunction>();
        for (const [status, response] of Object.entries(asObject(op['responses']))) {
          const schema = asObject(asObject(asObject(asObject(response)['content'])[JSON_CONTENT])['schema']);
          if (Object.keys(schema).length > 0) responses.set(status, responseAjv.compile(closedSchema(schema) as JsonObject));
        }
        this.operations.push({
          info: { operationId: String(op['operationId']), method: method.toUpperCase(), pathTemplate, scopes, hasBody },
          pattern: new RegExp(
            '^/' + segments.map((s) => (s.startsWith('{') ? '([^/]+)' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/') + '$',
          ),
          paramNames: segments.filter((s) => s.startsWith('{')).map((s) => s.slice(1, -1)),
          literalSegments: segments.filter((s) => !s.startsWith('{')).length,
          checkPath: paramsAjv.compile(parameterSchema(parameters, 'path')),
          checkQuery: paramsAjv.compile(parameterSchema(parameters, 'query')),
          checkBody: hasBody ? bodyAjv.compile(closedSchema(bodySchema) as JsonObject) : undefined,
          responses,
        });
      }
    }
    // `/schedules/single_use_link` must win over `/schedules/{scheduleId}`.
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  operationIds(): string[] {
    return this.operations.map((op) => op.info.operationId);
  }

  check(request: IncomingRequest): RequestCheck {
    const result: RequestCheck = { pathParams: {}, query: {}, body: undefined, violations: [], rejections: [] };
    const candidates = this.operations.filter((op) => op.pattern.test(request.path));
    const op = candidates.find((c) => c.info.method === request.method);
    if (!op) {
      const message =
        candidates.length > 0 ? `method ${request.method} is not defined for ${request.path}` : `no operation matches ${request.path}`;
      result.violations.push(message);
      return result;
    }
    result.operation = op.info;
    const match = op.pattern.exec(request.path) ?? [];
    op.paramNames.forEach((name, i) => {
      result.pathParams[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    this.apply(op.checkPath, result.pathParams, 'path', result);

    const query: Record<string, unknown> = {};
    for (const key of new Set(request.query.keys())) {
      const values = request.query.getAll(key);
      if (values.length > 1) result.violations.push(`query.${key}: given ${values.length} times`);
      query[key] = values[values.length - 1];
    }
    this.apply(op.checkQuery, query, 'query', result);
    result.query = query;

    this.checkBody(op, request, result);
    return result;
  }

  /** Validates a response body the mock produced (used by the mock's own tests). */
  responseProblems(operationId: string, status: number, body: unknown): string[] {
    const op = this.operations.find((o) => o.info.operationId === operationId);
    const validate = op?.responses.get(String(status));
    if (!validate) return [`no ${status} response schema for ${operationId}`];
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${fieldName(e, 'response')} ${describe(e)}`);
  }

  private checkBody(op: CompiledOperation, request: IncomingRequest, result: RequestCheck): void {
    const hasText = request.rawBody.trim().length > 0;
    if (!op.checkBody) {
      if (hasText) result.violations.push('body: this operation takes no request body');
      return;
    }
    if (hasText && !(request.contentType ?? '').toLowerCase().startsWith(JSON_CONTENT)) {
      this.reject(result, 'body', `Content-Type must be ${JSON_CONTENT}`);
      return;
    }
    let body: unknown = {};
    if (hasText) {
      try {
        body = JSON.parse(request.rawBody) as unknown;
      } catch {
        this.reject(result, 'body', 'is not valid JSON');
        return;
      }
    } else {
      result.violations.push('body: missing JSON request body');
    }
    result.body = body;
    this.apply(op.checkBody, body, 'body', result);
  }

  private apply(validate: ValidateFunction, data: unknown, prefix: string, result: RequestCheck): void {
    if (validate(data)) return;
    for (const error of validate.errors ?? []) {
      const field = fieldName(error, prefix);
      const message = describe(error);
      result.violations.push(`${field}: ${message}`);
      if (!TOLERATED_KEYWORDS.has(error.keyword)) result.rejections.push({ field, message });
    }
  }

  private reject(result: RequestCheck, field: string, message: string): void {
    result.violations.push(`${field}: ${message}`);
    result.rejections.push({ field, message });
  }
}

let shared: RequestValidator | undefined;

/** One compiled validator per process: compiling 24 operations costs ~100 ms and every mock reuses it. */
export function sharedValidator(): RequestValidator {
  shared ??= new RequestValidator(correctedSpec());
  return shared;
}
