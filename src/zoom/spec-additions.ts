/**
 * What Zoom's Scheduler API gained after the February 2026 snapshot in openapi/endpoints.json, and what live
 * Zoom asks for beyond it, written as OpenAPI so that everything built on `correctedSpec()` — the generated
 * types, the client's operation table, the mock's validation — knows it. Applied after SPEC_FIXES by
 * spec-fixes.ts, which stays the one place where the spec is changed. Each addition names its source: a date of
 * Zoom's Scheduler changelog (developers.zoom.us/changelog/scheduler/…) or an observation in zoom-live.md.
 *
 * Zoom published no schema for these in our material; the shapes are those of the changelog entries and of
 * the observations in zoom-live.md §A, and every field is optional (the lenient parser expects nothing else).
 */
import type { JsonObject, SpecFix } from './spec-types';

export interface SpecAddition extends SpecFix {
  /** Changelog date (YYYY-MM-DD) or the observation it comes from. */
  source: string;
}

const READ_SCOPES = ['scheduler:read:admin', 'scheduler:read'];
const WRITE_SCOPES = ['scheduler:write:admin', 'scheduler:write'];

function paths(spec: JsonObject): Record<string, JsonObject> {
  const value = spec['paths'];
  if (typeof value !== 'object' || value === null) throw new Error('spec-additions: spec has no paths');
  return value as Record<string, JsonObject>;
}

function op(spec: JsonObject, path: string, method: string): JsonObject {
  const found = paths(spec)[path]?.[method];
  if (typeof found !== 'object' || found === null) throw new Error(`spec-additions: expected ${method.toUpperCase()} ${path}`);
  return found as JsonObject;
}

function addPath(spec: JsonObject, path: string, method: string, operation: JsonObject): void {
  const all = paths(spec);
  const item = (all[path] ??= {});
  if (item[method] !== undefined) throw new Error(`spec-additions: ${method.toUpperCase()} ${path} already exists; drop the addition`);
  item[method] = operation;
}

function queryParameter(name: string, description: string, schema: JsonObject): JsonObject {
  return { name, in: 'query', description, required: false, schema };
}

function addQueryParameters(operation: JsonObject, added: JsonObject[]): void {
  const parameters = (operation['parameters'] ??= []) as JsonObject[];
  for (const parameter of added) {
    if (parameters.some((p) => p['name'] === parameter['name']))
      throw new Error(`spec-additions: query ${String(parameter['name'])} already exists`);
    parameters.push(parameter);
  }
}

function jsonSchema(operation: JsonObject, status: string): JsonObject {
  const responses = operation['responses'] as Record<string, { content?: Record<string, { schema?: JsonObject }> }>;
  const schema = responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`spec-additions: no ${status} JSON schema`);
  return schema;
}

function propertiesOf(schema: JsonObject): JsonObject {
  return schema['properties'] as JsonObject;
}

function jsonResponse(status: string, description: string, schema: JsonObject): JsonObject {
  return { [status]: { description, content: { 'application/json': { schema } } } };
}

const text = (description: string, example?: string): JsonObject => ({ type: 'string', description, ...(example ? { example } : {}) });
const dateTime = (description: string): JsonObject => text(description, '2026-02-09T00:00:00Z');
const pageParameters = [
  queryParameter('page_size', 'The maximum number of results on a page.', { type: 'integer', example: 30 }),
  queryParameter('next_page_token', 'The token of the page to return.', { type: 'string' }),
];
const userIdParameter = queryParameter('user_id', 'The user whose items to return (admin).', { type: 'string' });

const CREATED_UPDATED_RANGE = [
  queryParameter('created_from', 'Only items created at or after this time.', dateTime('Lower bound of the creation time.')),
  queryParameter('created_to', 'Only items created before this time.', dateTime('Upper bound of the creation time.')),
  queryParameter('updated_from', 'Only items updated at or after this time.', dateTime('Lower bound of the update time.')),
  queryParameter('updated_to', 'Only items updated before this time.', dateTime('Upper bound of the update time.')),
];
const ACCOUNT_LEVEL = queryParameter(
  'account_level',
  'Items of the whole account (admin). Live Zoom returned empty items (zoom-live.md §B3).',
  { type: 'boolean' },
);

const SCHEDULE_ITEM_FIELDS: JsonObject = {
  created_via: text('How the schedule was created (e.g. web, api, template).', 'web'),
  assigned_from_template: { type: 'boolean', description: 'Whether the schedule is a managed schedule assigned from an admin template.' },
};

const AVAILABLE_TIMES_SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    schedule_id: text('The schedule.'),
    duration: { type: 'integer', description: 'Minutes per slot.' },
    days: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: text('The day (YYYY-MM-DD) in the requested time zone.', '2026-12-07'),
          status: text('`available` when the day has a bookable spot, else `unavailable`.', 'available'),
          spots: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                start_time: text('Slot start with a UTC offset, never `Z`.', '2026-12-07T09:00:00-05:00'),
                status: text('`available` for a bookable spot.', 'available'),
                available_number: { type: 'integer', description: 'Seats left in the spot (group schedules).' },
              },
            },
          },
        },
      },
    },
  },
};

export const SPEC_ADDITIONS: readonly SpecAddition[] = [
  {
    id: 'list-filters-2026-02',
    source: '2026-02-09',
    why: 'GET /schedules gains search, created/updated ranges and account_level; GET /events gains account_level and created/updated ranges.',
    apply(spec) {
      addQueryParameters(op(spec, '/scheduler/schedules', 'get'), [
        queryParameter('search', 'Case-insensitive text the schedule title contains.', { type: 'string', example: 'intro call' }),
        ...structuredClone(CREATED_UPDATED_RANGE),
        structuredClone(ACCOUNT_LEVEL),
      ]);
      addQueryParameters(op(spec, '/scheduler/events', 'get'), [structuredClone(ACCOUNT_LEVEL), ...structuredClone(CREATED_UPDATED_RANGE)]);
    },
  },
  {
    id: 'available-times-2026-07',
    source: '2026-07-13',
    why: 'GET /schedules/{scheduleId}/available_times: the bookable slots Zoom computes (hours minus busy time, bookings, buffers, notice).',
    apply(spec) {
      addPath(spec, '/scheduler/schedules/{scheduleId}/available_times', 'get', {
        tags: ['Schedules'],
        summary: 'List available times',
        description: 'Bookable slots of a schedule between `from` and `to`, anchored to `from`.',
        operationId: 'list_schedule_available_times',
        parameters: [
          { name: 'scheduleId', in: 'path', required: true, description: 'The schedule id (or its slug).', schema: { type: 'string' } },
          queryParameter('from', 'First day (YYYY-MM-DD).', { type: 'string', example: '2026-12-07' }),
          queryParameter('to', 'Last day (YYYY-MM-DD).', { type: 'string', example: '2026-12-13' }),
          queryParameter('time_zone', 'Zone of `start_time` offsets; default the host’s.', { type: 'string', example: 'America/New_York' }),
          structuredClone(userIdParameter),
        ],
        responses: jsonResponse('200', 'Available times.', AVAILABLE_TIMES_SCHEMA),
        security: [{ openapi_oauth: READ_SCOPES, openapi_authorization: [] }],
      });
    },
  },
  {
    id: 'attendee-2026-11',
    source: '2026-11-09',
    why: 'POST /scheduler/attendee books a slot for an invitee, with `additional_info`. Unreliable on live Zoom (zoom-live.md §B7).',
    apply(spec) {
      addPath(spec, '/scheduler/attendee', 'post', {
        tags: ['Scheduled events'],
        summary: 'Create a booking',
        operationId: 'create_attendee',
        parameters: [structuredClone(userIdParameter)],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['schedule_id', 'start_time', 'email'],
                properties: {
                  schedule_id: text('The schedule to book.'),
                  start_time: text('Slot start (RFC 3339).', '2026-12-07T09:00:00-05:00'),
                  email: text('Invitee e-mail.', 'jo@example.com'),
                  first_name: text('Invitee first name.'),
                  last_name: text('Invitee last name.'),
                  time_zone: text('Invitee time zone.', 'Europe/Berlin'),
                  additional_info: text('Free text the invitee adds to the booking.'),
                },
              },
            },
          },
        },
        responses: jsonResponse('201', 'Booked.', {
          type: 'object',
          properties: { event_id: text('The scheduled event.'), attendee_id: text('The new attendee.'), start_time: text('Slot start.') },
        }),
        security: [{ openapi_oauth: WRITE_SCOPES, openapi_authorization: [] }],
      });
    },
  },
  {
    id: 'managed-schedules-2026-11',
    source: '2026-11-16',
    why: 'GET /scheduler/managed_schedules: admin-owned templates assigned to the user (assignees cannot edit them).',
    apply(spec) {
      const listSchema = structuredClone(jsonSchema(op(spec, '/scheduler/schedules', 'get'), '200'));
      addPath(spec, '/scheduler/managed_schedules', 'get', {
        tags: ['Schedules'],
        summary: 'List managed schedules',
        operationId: 'list_managed_schedules',
        parameters: [...structuredClone(pageParameters), structuredClone(userIdParameter)],
        responses: jsonResponse('200', 'Managed schedules.', listSchema),
        security: [{ openapi_oauth: READ_SCOPES, openapi_authorization: [] }],
      });
    },
  },
  {
    id: 'schedule-item-fields-2026-11',
    source: '2026-11-16',
    why: 'Schedule items gain `created_via`, `slug` and `assigned_from_template` (list, managed list, single schedule, create answer).',
    apply(spec) {
      const targets = [
        propertiesOf(
          (propertiesOf(jsonSchema(op(spec, '/scheduler/schedules', 'get'), '200'))['items'] as JsonObject)['items'] as JsonObject,
        ),
        propertiesOf(
          (propertiesOf(jsonSchema(op(spec, '/scheduler/managed_schedules', 'get'), '200'))['items'] as JsonObject)['items'] as JsonObject,
        ),
        propertiesOf(jsonSchema(op(spec, '/scheduler/schedules/{scheduleId}', 'get'), '200')),
        propertiesOf(jsonSchema(op(spec, '/scheduler/schedules', 'post'), '201')),
      ];
      for (const target of targets) {
        Object.assign(target, structuredClone(SCHEDULE_ITEM_FIELDS));
        target['slug'] ??= text('The schedule page slug.', '30min');
      }
    },
  },
  {
    id: 'fixed-interval-time-fields',
    source: 'zoom-live.md §B2 (observed August 2026)',
    why: 'Live Zoom wants `start`/`end` next to `start_date`/`end_date` for `interval_type: "fixed"` ("Miss time fields.").',
    apply(spec) {
      const body = op(spec, '/scheduler/schedules', 'post');
      const schema = ((body['requestBody'] as JsonObject)['content'] as Record<string, { schema: JsonObject }>)['application/json']?.schema;
      if (!schema) throw new Error('spec-additions: insert_schedule has no JSON body');
      const fields = propertiesOf(schema);
      fields['start'] = text('Start of a fixed date range, local time of `time_zone`.', '2027-01-04T00:00:00');
      fields['end'] = text('End of a fixed date range, local time of `time_zone`.', '2027-01-29T23:59:59');
    },
  },
];

/**
 * webhooks.json with the event fields added since the snapshot, for validating payloads (the mock's tests).
 * The TypeScript types of these fields are written next to the generated ones in webhooks.ts.
 */
export const WEBHOOK_ADDITIONS: ReadonlyArray<{ source: string; event: string; fields: JsonObject }> = [
  {
    source: '2026-08-17',
    event: 'scheduler.scheduled_event_created',
    fields: {
      invitee_id: text('The attendee this notification is about.'),
      rescheduled_from_event_id: text('On a reschedule: the event this booking replaces.'),
      rescheduled_from_invitee_id: text('On a reschedule: the attendee of the replaced event.'),
    },
  },
  {
    source: '2026-08-17',
    event: 'scheduler.scheduled_event_canceled',
    fields: {
      invitee_id: text('The attendee this notification is about.'),
      rescheduled_to_event_id: text('On a reschedule: the event that replaces this one.'),
      rescheduled_to_invitee_id: text('On a reschedule: the attendee of the replacing event.'),
    },
  },
  ...['scheduler.scheduled_event_created', 'scheduler.scheduled_event_canceled'].map((event) => ({
    source: '2026-11-16',
    event,
    fields: { payment: { type: ['object', 'null'], description: 'Payment details; null for free schedules.' } } as JsonObject,
  })),
];

export function correctedWebhooksSpec(raw: JsonObject): JsonObject {
  const spec = structuredClone(raw);
  const hooks = spec['webhooks'] as Record<string, { post: { requestBody: { content: Record<string, { schema: JsonObject }> } } }>;
  for (const addition of WEBHOOK_ADDITIONS) {
    const schema = hooks[addition.event]?.post.requestBody.content['application/json']?.schema;
    const object = ((schema?.['properties'] as JsonObject | undefined)?.['payload'] as JsonObject | undefined)?.['properties'] as
      JsonObject | undefined;
    const target = (object?.['object'] as JsonObject | undefined)?.['properties'] as JsonObject | undefined;
    if (!target) throw new Error(`spec-additions: webhooks.json has no payload.object for ${addition.event}`);
    Object.assign(target, structuredClone(addition.fields));
  }
  return spec;
}
