import { correctedSpec, publishedSpec, SPEC_FIXES } from '../../src/zoom/spec-fixes';
import { SPEC_ADDITIONS } from '../../src/zoom/spec-additions';
import { operationSpec } from '../../src/zoom/operations';

type Json = { [key: string]: any };

function schemaOf(spec: Json, path: string, method: string, status?: string): Json {
  const op = spec['paths'][path][method];
  return status === undefined ? op.requestBody.content['application/json'].schema : op.responses[status].content['application/json'].schema;
}

describe('correctedSpec', () => {
  const spec = correctedSpec() as Json;

  it('drops the bogus required end/start/type from insert_schedule and keeps the real ones', () => {
    expect(schemaOf(publishedSpec(), '/scheduler/schedules', 'post').required).toEqual([
      'availability_override',
      'availability_rules',
      'capacity',
      'end',
      'start',
      'type',
    ]);
    expect(schemaOf(spec, '/scheduler/schedules', 'post').required).toEqual(['availability_override', 'availability_rules', 'capacity']);
  });

  it('makes schedule counts integers', () => {
    const body = schemaOf(spec, '/scheduler/schedules', 'post').properties;
    expect(body.duration.type).toBe('integer');
    expect(body.capacity.type).toBe('integer');
    expect(body.buffer.properties.before.type).toBe('integer');
    expect(body.custom_fields.items.properties.position.type).toBe('integer');
    expect(JSON.stringify(schemaOf(spec, '/scheduler/schedules/{scheduleId}', 'get', '200'))).not.toContain('"type":"number"');
  });

  it('unswaps the buffer descriptions', () => {
    const buffer = schemaOf(spec, '/scheduler/schedules/{scheduleId}', 'patch').properties.buffer.properties;
    expect(buffer.before.description).toBe('Minutes blocked before each booked event.');
    expect(buffer.after.description).toBe('Minutes blocked after each booked event.');
  });

  it('types analytics arrays as label → count maps with sane bounds', () => {
    const analytics = schemaOf(spec, '/scheduler/analytics', 'get', '200').properties;
    expect(analytics.popular_schedules.items.additionalProperties).toEqual({ type: 'integer' });
    expect(analytics.users_with_least_events.items.additionalProperties).toEqual({ type: 'integer' });
    expect(analytics.popular_time_of_day.maxItems).toBe(24);
    expect(analytics.popular_time_of_week.maxItems).toBe(7);
    expect(analytics.last_n_days.example.scheduled_events_created).toBe(10);
  });

  it('adds segments to get_availability and list_availability', () => {
    const get = schemaOf(spec, '/scheduler/availability/{availabilityId}', 'get', '200').properties;
    const list = schemaOf(spec, '/scheduler/availability', 'get', '200').properties.items.items.properties;
    expect(get.segments.items.required).toEqual(['end', 'start']);
    expect(list.segments.type).toBe('array');
  });

  it('declares bearer auth and a valid user time zone example', () => {
    expect(spec['components'].securitySchemes.openapi_authorization).toEqual({ type: 'http', scheme: 'bearer' });
    expect(schemaOf(spec, '/scheduler/users/{userId}', 'get', '200').properties.time_zone.example).toBe('America/New_York');
  });

  it('returns an independent copy each time and leaves the published spec untouched', () => {
    const first = correctedSpec() as Json;
    first['paths'] = {};
    expect(Object.keys((correctedSpec() as Json)['paths'])).toHaveLength(16);
    expect(schemaOf(publishedSpec(), '/scheduler/availability/{availabilityId}', 'get', '200').properties.segments).toBeUndefined();
    expect(new Set(SPEC_FIXES.map((fix) => fix.id)).size).toBe(SPEC_FIXES.length);
  });

  it('adds the API of 2026, each addition naming its changelog date or observation', () => {
    const operationIds = Object.values(spec['paths'] as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
      Object.values(item).flatMap((op) => (op.operationId ? [op.operationId] : [])),
    );
    expect(operationIds).toHaveLength(24);
    expect(SPEC_ADDITIONS.every((a) => /^\d{4}-\d{2}-\d{2}$/.test(a.source) || a.source.startsWith('zoom-live.md'))).toBe(true);
    expect(operationSpec('list_schedule_available_times')).toMatchObject({
      method: 'GET',
      pathTemplate: '/scheduler/schedules/{scheduleId}/available_times',
    });
    expect(operationSpec('list_managed_schedules').pathTemplate).toBe('/scheduler/managed_schedules');
    expect(operationSpec('create_attendee')).toMatchObject({ method: 'POST', pathTemplate: '/scheduler/attendee' });
    expect([...operationSpec('list_schedules').queryParameters]).toEqual(
      expect.arrayContaining(['search', 'created_from', 'created_to', 'updated_from', 'updated_to', 'account_level']),
    );
    expect([...operationSpec('list_scheduled_events').queryParameters]).toEqual(
      expect.arrayContaining(['account_level', 'created_from', 'updated_to']),
    );
    const item = schemaOf(spec, '/scheduler/schedules', 'get', '200').properties.items.items.properties;
    expect(Object.keys(item)).toEqual(expect.arrayContaining(['created_via', 'slug', 'assigned_from_template']));
    expect(schemaOf(publishedSpec(), '/scheduler/schedules', 'post').properties.start).toBeUndefined();
    expect(schemaOf(spec, '/scheduler/schedules', 'post').properties.start.type).toBe('string');
  });
});
