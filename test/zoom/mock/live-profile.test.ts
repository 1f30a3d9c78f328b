/** The mock's `live` profile: Zoom as observed (zoom-live.md §B 1–6), next to the `spec` default. */
import type { ZoomMock } from '../../../src/zoom/mock';
import { api, startMock, tokenRequest } from './helpers';

const WEEKDAYS = { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }] };

describe('zoom mock, live profile', () => {
  let mock: ZoomMock;
  let token: string;
  beforeAll(async () => {
    mock = await startMock({ profile: 'live' });
    token = mock.issueTokensFor(mock.defaultUser.id).access_token;
  });
  afterAll(() => mock.close());
  afterEach(() => mock.control.xmlErrors(false));

  it('answers errors in the nested envelope, or as XML when switched', async () => {
    expect(mock.profile).toBe('live');
    const missing = await api(mock, token, 'GET', '/scheduler/schedules/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { message: 'Schedule not found.', errors: [] } });

    mock.control.xmlErrors(true);
    const response = await fetch(`${mock.apiBaseUrl}/scheduler/schedules/nope`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/xml/);
    expect(await response.text()).toMatch(/<error><code>404<\/code><message>Schedule not found\.<\/message><\/error>$/);
  });

  it('rejects a saved-availability reference on POST /schedules and takes inline hours', async () => {
    const availabilityId = (await api(mock, token, 'GET', '/scheduler/availability')).body.items[0].availability_id;
    const byReference = await api(mock, token, 'POST', '/scheduler/schedules', {
      summary: 'By reference',
      capacity: 1,
      availability_override: false,
      availability_rules: [{ availability_id: availabilityId }],
    });
    expect(byReference.status).toBe(400);
    expect(byReference.body).toEqual({ error: { message: 'Failed json validation!', errors: [] } });

    const inline = await api(mock, token, 'POST', '/scheduler/schedules', {
      summary: 'Inline',
      capacity: 1,
      availability_override: true,
      availability_rules: [],
      segments_recurrence: WEEKDAYS,
      time_zone: 'Europe/Berlin',
    });
    expect(inline.status).toBe(201);
    expect(inline.body).toMatchObject({
      summary: 'Inline',
      availability_override: true,
      time_zone: 'Europe/Berlin',
      segments_recurrence: WEEKDAYS,
    });
  });

  it('wants dates for fixed date ranges ("Miss time fields.")', async () => {
    const base = { summary: 'Fixed', capacity: 1, availability_override: true, availability_rules: [], segments_recurrence: WEEKDAYS };
    const undated = await api(mock, token, 'POST', '/scheduler/schedules', { ...base, interval_type: 'fixed' });
    expect(undated.status).toBe(400);
    expect(undated.body.error.message).toBe('Miss time fields.');
    const datesOnly = await api(mock, token, 'POST', '/scheduler/schedules', {
      ...base,
      interval_type: 'fixed',
      start_date: '2027-01-04',
      end_date: '2027-01-29',
    });
    expect(datesOnly.status).toBe(400);
    const dated = await api(mock, token, 'POST', '/scheduler/schedules', {
      ...base,
      interval_type: 'fixed',
      start_date: '2027-01-04',
      end_date: '2027-01-29',
      start: '2027-01-04T00:00:00',
      end: '2027-01-29T23:59:59',
    });
    expect(dated.status).toBe(201);
  });

  it('ignores user_id on lookups by id: a Server-to-Server token finds only its own user’s items', async () => {
    const colleague = mock.addUser({ email: 'sam@example.com' });
    const userToken = mock.issueTokensFor(colleague.id).access_token;
    const created = await api(mock, userToken, 'POST', '/scheduler/schedules', {
      summary: 'Sam 1:1',
      capacity: 1,
      availability_override: true,
      availability_rules: [],
      segments_recurrence: WEEKDAYS,
    });
    const s2s = (await tokenRequest(mock, { grant_type: 'account_credentials', account_id: mock.accountId })).body.access_token as string;
    const listed = await api(mock, s2s, 'GET', `/scheduler/schedules?user_id=${colleague.id}`);
    expect(listed.body.items.map((s: { schedule_id: string }) => s.schedule_id)).toContain(created.body.schedule_id);
    const lookup = await api(mock, s2s, 'GET', `/scheduler/schedules/${created.body.schedule_id}?user_id=${colleague.id}`);
    expect(lookup.status).toBe(404);
    expect((await api(mock, userToken, 'GET', `/scheduler/schedules/${created.body.schedule_id}`)).status).toBe(200);
    // {scheduleId} also takes the slug; ownership decides.
    expect((await api(mock, userToken, 'GET', `/scheduler/schedules/${created.body.slug}`)).body.schedule_id).toBe(
      created.body.schedule_id,
    );
    expect((await api(mock, s2s, 'GET', `/scheduler/schedules/${created.body.slug}`)).status).toBe(404);
  });

  it('answers 401 "Invalid license type" and 403 "User Not Found" for users Scheduler cannot serve, until fixed', async () => {
    const unlicensed = mock.addUser({ schedulerAccess: 'unlicensed' });
    const noProfile = mock.addUser({ schedulerAccess: 'no-profile' });
    const unlicensedToken = mock.issueTokensFor(unlicensed.id).access_token;
    const noProfileToken = mock.issueTokensFor(noProfile.id).access_token;
    for (const path of ['/scheduler/users/me', '/scheduler/schedules', '/scheduler/availability']) {
      expect(await api(mock, unlicensedToken, 'GET', path)).toMatchObject({
        status: 401,
        body: { error: { message: 'Invalid license type' } },
      });
      expect(await api(mock, noProfileToken, 'GET', path)).toMatchObject({ status: 403, body: { error: { message: 'User Not Found' } } });
    }
    // Zoom's Users API is not Scheduler: it still answers.
    expect((await api(mock, unlicensedToken, 'GET', '/users/me')).status).toBe(200);
    mock.control.setSchedulerAccess(unlicensed.id, 'ok');
    mock.control.setSchedulerAccess(noProfile.id, 'ok');
    expect((await api(mock, unlicensedToken, 'GET', '/scheduler/users/me')).status).toBe(200);
    expect((await api(mock, noProfileToken, 'GET', '/scheduler/users/me')).status).toBe(200);
  });

  it('hands out a Marketplace-initiated callback with a code and no state', async () => {
    const redirect = new URL(mock.control.marketplaceInstallRedirect('https://app.example.com/zoom/oauth/callback'));
    expect(redirect.origin + redirect.pathname).toBe('https://app.example.com/zoom/oauth/callback');
    expect(redirect.searchParams.get('code')).toBeTruthy();
    expect(redirect.searchParams.has('state')).toBe(false);
    const exchanged = await tokenRequest(mock, {
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code') ?? '',
      redirect_uri: 'https://app.example.com/zoom/oauth/callback',
    });
    expect(exchanged.status).toBe(200);
  });
});

describe('zoom mock, spec profile (default)', () => {
  let mock: ZoomMock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.close());

  it('keeps flat errors, accepts availability references and still knows users without a licence', async () => {
    expect(mock.profile).toBe('spec');
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    expect((await api(mock, token, 'GET', '/scheduler/schedules/nope')).body).toEqual({ code: 404, message: 'Schedule not found.' });
    const availabilityId = (await api(mock, token, 'GET', '/scheduler/availability')).body.items[0].availability_id;
    const byReference = await api(mock, token, 'POST', '/scheduler/schedules', {
      summary: 'By reference',
      capacity: 1,
      availability_override: false,
      availability_rules: [{ availability_id: availabilityId }],
    });
    expect(byReference.status).toBe(201);
    const unlicensed = mock.addUser({ schedulerAccess: 'unlicensed' });
    expect(await api(mock, mock.issueTokensFor(unlicensed.id).access_token, 'GET', '/scheduler/users/me')).toMatchObject({
      status: 401,
      body: { code: 401, message: 'Invalid license type' },
    });
  });
});
