/**
 * Corrections to Zoom's published Scheduler OpenAPI document (src/zoom/openapi/endpoints.json, a verbatim
 * copy of https://developers.zoom.us/api-hub/scheduler/methods/endpoints.json).
 *
 * This is the ONE place where the spec is changed. The generated types (openapi/schema.ts), the client and the
 * mock server's request validation all start from `correctedSpec()`, so a fix made here reaches all of them.
 * Each fix names the quirk it corrects (see shared notes zoom-api.md §12) and throws if the spec no longer has
 * the shape it expects, so a refreshed upstream spec cannot silently skip a fix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type rawEndpointsJson from './openapi/endpoints.json';
import { SPEC_ADDITIONS } from './spec-additions';
import type { JsonObject, SpecFix } from './spec-types';

export type { JsonObject, SpecFix } from './spec-types';

const JSON_CONTENT = 'application/json';

function child(node: unknown, key: string, where: string): JsonObject {
  if (typeof node !== 'object' || node === null || !(key in node)) {
    throw new Error(`spec-fixes: expected "${key}" at ${where}`);
  }
  const value = (node as JsonObject)[key];
  if (typeof value !== 'object' || value === null) throw new Error(`spec-fixes: "${key}" at ${where} is not an object`);
  return value as JsonObject;
}

function dig(node: unknown, keys: string[]): JsonObject {
  let current = node;
  keys.forEach((key, index) => {
    current = child(current, key, keys.slice(0, index).join(' > ') || '(root)');
  });
  return current as JsonObject;
}

function operation(spec: JsonObject, path: string, method: string): JsonObject {
  return dig(spec, ['paths', path, method]);
}

function requestSchema(spec: JsonObject, path: string, method: string): JsonObject {
  return dig(operation(spec, path, method), ['requestBody', 'content', JSON_CONTENT, 'schema']);
}

function responseSchema(spec: JsonObject, path: string, method: string, status: string): JsonObject {
  return dig(operation(spec, path, method), ['responses', status, 'content', JSON_CONTENT, 'schema']);
}

function properties(schema: JsonObject): JsonObject {
  return child(schema, 'properties', 'schema');
}

/** Visits every schema-like object in the tree (depth first). */
function everyObject(node: unknown, visit: (object: JsonObject) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item) => everyObject(item, visit));
  } else if (typeof node === 'object' && node !== null) {
    visit(node as JsonObject);
    Object.values(node).forEach((value) => everyObject(value, visit));
  }
}

/** Schemas that describe a schedule (request bodies and responses), where the numeric fields live. */
function scheduleSchemas(spec: JsonObject): JsonObject[] {
  return [
    requestSchema(spec, '/scheduler/schedules', 'post'),
    responseSchema(spec, '/scheduler/schedules', 'post', '201'),
    requestSchema(spec, '/scheduler/schedules/{scheduleId}', 'patch'),
    responseSchema(spec, '/scheduler/schedules/{scheduleId}', 'get', '200'),
    dig(responseSchema(spec, '/scheduler/schedules', 'get', '200'), ['properties', 'items', 'items']),
    requestSchema(spec, '/scheduler/shares', 'post'),
  ];
}

const ANALYTICS_COUNTER_MAPS = [
  'popular_schedules',
  'popular_time_of_day',
  'popular_time_of_week',
  'event_distribution_by_duration',
  'users_with_most_events',
  'users_with_least_events',
] as const;

export const SPEC_FIXES: readonly SpecFix[] = [
  {
    id: 'insert-schedule-bogus-required',
    why: 'insert_schedule requires `end`, `start` and `type`, which are not properties of the body (zoom-api.md §3.2).',
    apply(spec) {
      const schema = requestSchema(spec, '/scheduler/schedules', 'post');
      const declared = properties(schema);
      const required = schema['required'];
      if (!Array.isArray(required)) throw new Error('spec-fixes: insert_schedule has no required list');
      schema['required'] = required.filter((name: unknown) => typeof name === 'string' && name in declared);
    },
  },
  {
    id: 'counts-are-integers',
    why: 'Minutes, counts and positions are declared `number`; Zoom only accepts whole numbers for them.',
    apply(spec) {
      let changed = 0;
      for (const schema of scheduleSchemas(spec)) {
        everyObject(schema, (node) => {
          if (node['type'] === 'number') {
            node['type'] = 'integer';
            changed += 1;
          }
        });
      }
      if (changed === 0) throw new Error('spec-fixes: no `number` fields left to turn into integers');
    },
  },
  {
    id: 'buffer-descriptions-swapped',
    why: '`buffer.before` says it "adds the time after" and `buffer.after` the reverse.',
    apply(spec) {
      for (const schema of scheduleSchemas(spec)) {
        const buffer = properties(schema)['buffer'];
        if (buffer === undefined) continue;
        const fields = properties(buffer as JsonObject);
        child(fields, 'before', 'buffer')['description'] = 'Minutes blocked before each booked event.';
        child(fields, 'after', 'buffer')['description'] = 'Minutes blocked after each booked event.';
      }
    },
  },
  {
    id: 'duration-range-text',
    why: '`duration` has minimum 15 but its text says "range: [1, 1440]"; the machine-readable bound is kept.',
    apply(spec) {
      for (const schema of scheduleSchemas(spec)) {
        const duration = properties(schema)['duration'] as JsonObject | undefined;
        if (duration === undefined) continue;
        duration['description'] =
          `The duration of the meeting in minutes, range: [${String(duration['minimum'] ?? 1)}, ${String(duration['maximum'] ?? 1440)}].`;
      }
    },
  },
  {
    id: 'analytics-counter-maps',
    why: 'Analytics arrays have untyped `object` items; the examples show single-key maps `{ "<label>": <count> }`.',
    apply(spec) {
      const fields = properties(responseSchema(spec, '/scheduler/analytics', 'get', '200'));
      for (const name of ANALYTICS_COUNTER_MAPS) {
        const items = child(child(fields, name, 'analytics'), 'items', name);
        items['additionalProperties'] = { type: 'integer' };
        items['description'] = `${String(items['description'] ?? '')} A single-key map from label to count.`.trim();
      }
    },
  },
  {
    id: 'analytics-max-items-swapped',
    why: '`popular_time_of_day` allows 7 items and `popular_time_of_week` 24: a day has 24 hours and a week 7 days.',
    apply(spec) {
      const fields = properties(responseSchema(spec, '/scheduler/analytics', 'get', '200'));
      child(fields, 'popular_time_of_day', 'analytics')['maxItems'] = 24;
      child(fields, 'popular_time_of_week', 'analytics')['maxItems'] = 7;
    },
  },
  {
    id: 'analytics-period-examples',
    why: '`last_n_days`/`previous_period` examples are invalid JSON strings whose keys differ from the properties.',
    apply(spec) {
      const fields = properties(responseSchema(spec, '/scheduler/analytics', 'get', '200'));
      for (const name of ['last_n_days', 'previous_period']) {
        const period = child(fields, name, 'analytics');
        period['example'] = Object.fromEntries(Object.keys(properties(period)).map((key) => [key, 10]));
      }
    },
  },
  {
    id: 'availability-segments-in-responses',
    why: 'get_availability and list_availability omit `segments`, which insert_availability accepts and returns.',
    apply(spec) {
      const segments = properties(requestSchema(spec, '/scheduler/availability', 'post'))['segments'];
      if (segments === undefined) throw new Error('spec-fixes: insert_availability lost `segments`');
      const targets = [
        responseSchema(spec, '/scheduler/availability/{availabilityId}', 'get', '200'),
        dig(responseSchema(spec, '/scheduler/availability', 'get', '200'), ['properties', 'items', 'items']),
      ];
      for (const target of targets) properties(target)['segments'] = structuredClone(segments);
    },
  },
  {
    id: 'user-time-zone-example',
    why: 'get_user `time_zone` example "America/New York" is not an IANA name.',
    apply(spec) {
      const timeZone = child(properties(responseSchema(spec, '/scheduler/users/{userId}', 'get', '200')), 'time_zone', 'user');
      timeZone['example'] = 'America/New_York';
    },
  },
  {
    id: 'bearer-auth',
    why: 'The `openapi_authorization` apiKey scheme is really `Authorization: Bearer <access token>`.',
    apply(spec) {
      const schemes = dig(spec, ['components', 'securitySchemes']);
      schemes['openapi_authorization'] = { type: 'http', scheme: 'bearer' };
    },
  },
];

/**
 * A fresh deep copy of Zoom's Scheduler spec with every fix in SPEC_FIXES applied, then the API added since the
 * snapshot (spec-additions.ts, each naming its changelog date).
 */
export function correctedSpec(): JsonObject {
  const spec = rawEndpoints() as unknown as JsonObject;
  for (const fix of SPEC_FIXES) fix.apply(spec);
  for (const addition of SPEC_ADDITIONS) addition.apply(spec);
  return spec;
}

/** Zoom's spec exactly as published, for diffing against the corrected one. */
export function publishedSpec(): JsonObject {
  return rawEndpoints() as unknown as JsonObject;
}

/**
 * The published spec (476 kB of JSON), parsed afresh at each call (the first Zoom call, not the start). Not
 * through require(), whose cache would hold the whole parsed document (~2 MB of heap) for the life of the process
 * when the client keeps only the operations' response schemas; a fresh parse is also the deep copy each caller gets.
 */
function rawEndpoints(): typeof rawEndpointsJson {
  return JSON.parse(readFileSync(path.join(__dirname, 'openapi', 'endpoints.json'), 'utf8')) as typeof rawEndpointsJson;
}
