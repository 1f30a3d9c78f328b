import type { ZoomMock } from '../../../src/zoom/mock';
import { api, expectConformingResponse, startMock } from './helpers';

describe('Zoom mock availability', () => {
  let mock: ZoomMock;
  let token: string;
  beforeAll(async () => {
    mock = await startMock();
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterAll(async () => {
    expect(mock.violations).toEqual([]);
    await mock.close();
  });

  it('lists the seeded default "Working Hours" (Mon–Fri 09–17 in the user zone)', async () => {
    const list = await api(mock, token, 'GET', '/scheduler/availability');
    expect(list.status).toBe(200);
    expectConformingResponse('list_availability', list);
    expect(list.body.next_page_token).toBe('');
    expect(list.body.items).toHaveLength(1);
    const [working] = list.body.items;
    expect(working.name).toBe('Working Hours');
    expect(working.default).toBe(true);
    expect(working.time_zone).toBe('America/New_York');
    expect(working.availability_id).toMatch(/^[a-z0-9]{26}$/);
    expect(working.owner).toMatch(/^[a-z0-9]{26}@scheduler\.zoom\.us$/);
    expect(working.segments_recurrence).toEqual({
      mon: [{ start: '09:00', end: '17:00' }],
      tue: [{ start: '09:00', end: '17:00' }],
      wed: [{ start: '09:00', end: '17:00' }],
      thu: [{ start: '09:00', end: '17:00' }],
      fri: [{ start: '09:00', end: '17:00' }],
    });
  });

  it('creates, gets, updates, lists and deletes an availability', async () => {
    const hours = { mon: [{ start: '08:00', end: '18:00' }], fri: [{ start: '08:00', end: '16:00' }] };
    const created = await api(mock, token, 'POST', '/scheduler/availability', {
      name: 'Extended Office Hours',
      time_zone: 'America/New_York',
      segments_recurrence: hours,
    });
    expect(created.status).toBe(201);
    expectConformingResponse('insert_availability', created);
    const id = created.body.availability_id;
    expect(created.body).toEqual({
      availability_id: id,
      name: 'Extended Office Hours',
      default: false,
      owner: expect.stringMatching(/@scheduler\.zoom\.us$/),
      time_zone: 'America/New_York',
      segments: [],
      segments_recurrence: hours,
    });

    const fetched = await api(mock, token, 'GET', `/scheduler/availability/${id}`);
    expect(fetched.status).toBe(200);
    expectConformingResponse('get_availability', fetched);
    expect(fetched.body).toEqual(created.body);

    const override = [{ start: '2026-12-24T09:00:00Z', end: '2026-12-24T12:00:00Z' }];
    const patched = await api(mock, token, 'PATCH', `/scheduler/availability/${id}`, {
      name: 'Late Hours',
      time_zone: 'Europe/Paris',
      segments: override,
      default: true,
    });
    expect(patched.status).toBe(204);
    expect(patched.body).toBeUndefined();

    const list = await api(mock, token, 'GET', '/scheduler/availability');
    const byId = new Map(list.body.items.map((a: { availability_id: string }) => [a.availability_id, a]));
    expect(byId.get(id)).toEqual({ ...created.body, name: 'Late Hours', time_zone: 'Europe/Paris', segments: override, default: true });
    // Only one availability is the default.
    expect(list.body.items.filter((a: { default: boolean }) => a.default)).toHaveLength(1);

    const previousDefault = list.body.items.find((a: { name: string }) => a.name === 'Working Hours');
    const deleted = await api(mock, token, 'DELETE', `/scheduler/availability/${previousDefault.availability_id}`);
    expect(deleted.status).toBe(204);
    const gone = await api(mock, token, 'GET', `/scheduler/availability/${previousDefault.availability_id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ code: 404, message: 'Availability not found.' });
  });

  it('refuses to delete the default availability (409) and answers 404 for unknown ids', async () => {
    const list = await api(mock, token, 'GET', '/scheduler/availability');
    const current = list.body.items.find((a: { default: boolean }) => a.default);
    const refused = await api(mock, token, 'DELETE', `/scheduler/availability/${current.availability_id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe(409);
    for (const method of ['GET', 'DELETE']) {
      expect((await api(mock, token, method, '/scheduler/availability/x3h1u4id4liffdyszsp8kpxl80')).status).toBe(404);
    }
    const patch = await api(mock, token, 'PATCH', '/scheduler/availability/x3h1u4id4liffdyszsp8kpxl80', { name: 'n', time_zone: 'UTC' });
    expect(patch.status).toBe(404);
  });

  it('answers 400 with code 300 for an unknown time zone or reversed hours', async () => {
    const zone = await api(mock, token, 'POST', '/scheduler/availability', { name: 'Bad', time_zone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(zone.body).toEqual({
      code: 300,
      message: 'Invalid time zone: Mars/Olympus.',
      errors: [{ field: 'time_zone', message: 'Invalid time zone: Mars/Olympus.' }],
    });
    const reversed = await api(mock, token, 'POST', '/scheduler/availability', {
      name: 'Bad',
      time_zone: 'UTC',
      segments_recurrence: { tue: [{ start: '17:00', end: '09:00' }] },
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors[0].field).toBe('segments_recurrence.tue[0]');
  });

  it("keeps each user's availabilities apart", async () => {
    const other = mock.addUser();
    const otherToken = mock.issueTokensFor(other.id).access_token;
    const empty = await api(mock, otherToken, 'GET', '/scheduler/availability');
    expect(empty.body).toEqual({ items: [], next_page_token: '' });
    const mine = await api(mock, token, 'GET', '/scheduler/availability');
    const someone = mine.body.items[0].availability_id;
    expect((await api(mock, otherToken, 'GET', `/scheduler/availability/${someone}`)).status).toBe(404);
    const first = await api(mock, otherToken, 'POST', '/scheduler/availability', { name: 'Mine', time_zone: 'UTC' });
    expect(first.body.default).toBe(true);
  });
});
