import type { ZoomMock } from '../../../src/zoom/mock';
import { api, minimalSchedule, startMock } from './helpers';

describe('Zoom mock request validation against the corrected OpenAPI', () => {
  let mock: ZoomMock;
  let token: string;
  beforeEach(async () => {
    mock = await startMock({ seed: false });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterEach(async () => {
    await mock.close();
  });

  it('accepts insert_schedule without the bogus required end/start/type (spec fix) and records nothing', async () => {
    const created = await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule());
    expect(created.status).toBe(201);
    expect(mock.violations).toEqual([]);
  });

  it('answers 400 (code 300) for a body that violates the spec and records each violation', async () => {
    const response = await api(mock, token, 'POST', '/scheduler/schedules', {
      summary: 'No capacity',
      duration: 5,
      add_on_type: 'carrierPigeon',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(300);
    expect(response.body.message).toBe('Validation Failed.');
    const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['body.add_on_type', 'body.availability_override', 'body.availability_rules', 'body.capacity', 'body.duration']);
    expect(mock.violations).toHaveLength(5);
    expect(mock.violations).toContainEqual({
      method: 'POST',
      path: '/v2/scheduler/schedules',
      operation: 'insert_schedule',
      message: 'body.capacity: is required',
    });
    expect(mock.violations).toContainEqual({
      method: 'POST',
      path: '/v2/scheduler/schedules',
      operation: 'insert_schedule',
      message: 'body.duration: must be >= 15',
    });
    expect((await api(mock, token, 'GET', '/scheduler/schedules')).body.items).toEqual([]);
  });

  it('records (without rejecting) what Zoom ignores: unknown query parameters, unknown and read-only body fields', async () => {
    const created = await api(mock, token, 'POST', '/scheduler/availability?user_id=me', {
      name: 'Hours',
      time_zone: 'UTC',
      availability_id: 'mine',
      timezone: 'UTC',
    });
    expect(created.status).toBe(201);
    expect(created.body.availability_id).not.toBe('mine');
    expect(mock.violations.map((v) => v.message).sort()).toEqual([
      'body.availability_id: is read-only and must not be sent',
      'body.timezone: is not defined by the spec',
      'query.user_id: is not defined by the spec',
    ]);
  });

  it('rejects wrongly typed query parameters, non-JSON bodies and unknown routes', async () => {
    const pageSize = await api(mock, token, 'GET', '/scheduler/schedules?page_size=ten');
    expect(pageSize.status).toBe(400);
    expect(pageSize.body.errors).toEqual([{ field: 'query.page_size', message: 'must be integer' }]);

    const form = await fetch(`${mock.apiBaseUrl}/scheduler/availability`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x&time_zone=UTC',
    });
    expect(form.status).toBe(400);

    const broken = await fetch(`${mock.apiBaseUrl}/scheduler/availability`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { errors: unknown }).errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);

    const unknown = await api(mock, token, 'GET', '/scheduler/meetings');
    expect(unknown.status).toBe(404);
    const wrongMethod = await api(mock, token, 'PUT', '/scheduler/schedules/abc', {});
    expect(wrongMethod.status).toBe(404);
    expect(mock.violations.map((v) => v.message)).toEqual([
      'query.page_size: must be integer',
      'body: Content-Type must be application/json',
      'body: is not valid JSON',
      'no operation matches /scheduler/meetings',
      'method PUT is not defined for /scheduler/schedules/abc',
    ]);
  });

  it('records violations even when the token is invalid', async () => {
    const response = await api(mock, 'expired', 'PATCH', '/scheduler/events/abc', { status: 'deleted' });
    expect(response.status).toBe(401);
    expect(mock.violations).toEqual([
      {
        method: 'PATCH',
        path: '/v2/scheduler/events/abc',
        operation: 'patch_scheduled_events',
        message: 'body.status: must be equal to one of the allowed values',
      },
    ]);
  });
});
