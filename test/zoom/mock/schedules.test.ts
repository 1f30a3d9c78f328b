import type { ZoomMock } from '../../../src/zoom/mock';
import { api, expectConformingResponse, minimalSchedule, startMock } from './helpers';

describe('Zoom mock schedules', () => {
  let mock: ZoomMock;
  let token: string;
  beforeEach(async () => {
    mock = await startMock({ seed: false });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterEach(async () => {
    expect(mock.violations).toEqual([]);
    await mock.close();
  });

  it('creates a minimal schedule (connector scenario 4) with Zoom defaults and a scheduling_url', async () => {
    const created = await api(mock, token, 'POST', `/scheduler/schedules?user_id=${mock.defaultUser.id}`, minimalSchedule());
    expect(created.status).toBe(201);
    expectConformingResponse('insert_schedule', created);
    const id = created.body.schedule_id;
    expect(id).toMatch(/^[a-z0-9]{26}$/);
    expect(created.body).toMatchObject({
      summary: 'Test Schedule',
      duration: 30,
      capacity: 1,
      availability_override: false,
      availability_rules: [{ email: 'test@example.com', time_zone: 'UTC' }],
      schedule_type: 'one',
      add_on_type: 'zoomMeeting',
      interval_type: 'unlimited',
      time_zone: 'America/New_York',
      active: true,
      status: 'confirmed',
      slug: 'test-schedule',
      scheduling_url: 'https://scheduler.zoom.us/alex-rivera/test-schedule',
      creator: { self: true, display_name: 'Alex Rivera', email: 'alex.rivera@example.com' },
    });
    expect(Date.parse(created.body.updated)).not.toBeNaN();

    const fetched = await api(mock, token, 'GET', `/scheduler/schedules/${id}?user_id=${mock.defaultUser.id}`);
    expect(fetched.status).toBe(200);
    expectConformingResponse('get_schedule', fetched);
    expect(fetched.body).toEqual(created.body);

    const listed = await api(mock, token, 'GET', '/scheduler/schedules?page_size=10');
    expectConformingResponse('list_schedules', listed);
    expect(listed.body.items).toEqual([created.body]);
    expect(listed.body.next_page_token).toBe('');
  });

  it('creates a two-host schedule with two availability rules (connector scenario 9)', async () => {
    const rules = [
      { email: 'user1@example.com', time_zone: 'UTC' },
      { email: 'user2@example.com', time_zone: 'America/Los_Angeles' },
    ];
    const created = await api(mock, token, 'POST', '/scheduler/schedules', {
      summary: 'Complex Schedule',
      duration: 60,
      capacity: 5,
      availability_rules: rules,
      availability_override: false,
    });
    expect(created.status).toBe(201);
    expect(created.body.availability_rules).toEqual(rules);
    expect(created.body.capacity).toBe(5);
    expect(created.body.duration).toBe(60);
    expect(created.body.scheduling_url).toBe('https://scheduler.zoom.us/alex-rivera/complex-schedule');
  });

  it('PATCH changes fields (204) and DELETE hides the schedule unless show_deleted=true', async () => {
    const id = (await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Intro'))).body.schedule_id;
    const patched = await api(mock, token, 'PATCH', `/scheduler/schedules/${id}`, {
      summary: 'Intro call',
      duration: 45,
      slug: 'intro-call',
      location: 'Zoom',
    });
    expect(patched.status).toBe(204);
    const after = await api(mock, token, 'GET', `/scheduler/schedules/${id}`);
    expect(after.body).toMatchObject({
      summary: 'Intro call',
      duration: 45,
      location: 'Zoom',
      slug: 'intro-call',
      scheduling_url: 'https://scheduler.zoom.us/alex-rivera/intro-call',
    });

    expect((await api(mock, token, 'DELETE', `/scheduler/schedules/${id}`)).status).toBe(204);
    expect((await api(mock, token, 'GET', `/scheduler/schedules/${id}`)).status).toBe(404);
    expect((await api(mock, token, 'GET', '/scheduler/schedules')).body.items).toEqual([]);
    const withDeleted = await api(mock, token, 'GET', '/scheduler/schedules?show_deleted=true');
    expect(withDeleted.body.items.map((s: { schedule_id: string; status: string }) => [s.schedule_id, s.status])).toEqual([
      [id, 'cancelled'],
    ]);
    expect((await api(mock, token, 'DELETE', `/scheduler/schedules/${id}`)).status).toBe(404);
  });

  it('answers 409 for a slug already in use and 404 for unknown schedules', async () => {
    await api(mock, token, 'POST', '/scheduler/schedules', { ...minimalSchedule(), slug: 'conference' });
    const clash = await api(mock, token, 'POST', '/scheduler/schedules', { ...minimalSchedule('Other'), slug: 'conference' });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ code: 409, message: 'The slug "conference" is already used by another schedule.' });
    // A derived slug is made unique instead.
    const derived = await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule());
    const again = await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule());
    expect([derived.body.slug, again.body.slug]).toEqual(['test-schedule', 'test-schedule-2']);

    for (const method of ['GET', 'DELETE']) {
      const missing = await api(mock, token, method, '/scheduler/schedules/test-schedule-456');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ code: 404, message: 'Schedule not found.' });
    }
    expect((await api(mock, token, 'PATCH', '/scheduler/schedules/test-schedule-456', { summary: 'x' })).status).toBe(404);
  });

  it('paginates over three pages with opaque tokens and "" on the last page', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 7; i += 1) {
      ids.push((await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule(`Schedule ${i}`))).body.schedule_id);
    }
    const seen: string[] = [];
    const tokens: string[] = [];
    let next = '';
    let pages = 0;
    do {
      const query = next ? `page_size=3&next_page_token=${encodeURIComponent(next)}` : 'page_size=3';
      const page = await api(mock, token, 'GET', `/scheduler/schedules?${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((s: { schedule_id: string }) => s.schedule_id));
      next = page.body.next_page_token;
      tokens.push(next);
      pages += 1;
    } while (next !== '' && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    expect(tokens[2]).toBe('');
    expect(tokens[0]).not.toBe(tokens[1]);

    const bogus = await api(mock, token, 'GET', '/scheduler/schedules?next_page_token=test-pagination-token');
    expect(bogus.status).toBe(400);
    expect(bogus.body.code).toBe(300);
    // A token made for another list is refused too.
    const events = await api(mock, token, 'GET', `/scheduler/events?next_page_token=${encodeURIComponent(tokens[0] ?? '')}`);
    expect(events.status).toBe(400);
  });

  it('caps page_size at 300 and defaults to 30', async () => {
    for (let i = 0; i < 31; i += 1) await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule(`S${i}`));
    const defaultPage = await api(mock, token, 'GET', '/scheduler/schedules');
    expect(defaultPage.body.items).toHaveLength(30);
    expect(defaultPage.body.next_page_token).not.toBe('');
    const big = await api(mock, token, 'GET', '/scheduler/schedules?page_size=1000');
    expect(big.body.items).toHaveLength(31);
    expect(big.body.next_page_token).toBe('');
  });

  it('filters by from/to on fixed date ranges', async () => {
    const june = await api(mock, token, 'POST', '/scheduler/schedules', {
      ...minimalSchedule('June only'),
      interval_type: 'fixed',
      start_date: '2026-06-01',
      end_date: '2026-06-30',
      time_zone: 'UTC',
    });
    const always = await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Always'));
    const july = await api(mock, token, 'GET', '/scheduler/schedules?from=2026-07-01T00:00:00Z&to=2026-08-01T00:00:00Z');
    expect(july.body.items.map((s: { schedule_id: string }) => s.schedule_id)).toEqual([always.body.schedule_id]);
    const mid = await api(mock, token, 'GET', '/scheduler/schedules?from=2026-06-10T00:00:00Z&to=2026-06-11T00:00:00Z');
    expect(mid.body.items.map((s: { schedule_id: string }) => s.schedule_id)).toEqual([june.body.schedule_id, always.body.schedule_id]);
  });
});
