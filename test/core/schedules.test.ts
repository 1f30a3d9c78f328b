import { listAvailabilities, UNNAMED_AVAILABILITY } from '../../src/core/availability';
import { listScheduleSummaries, matchSchedule, scheduleRequest, ScheduleNotFoundError } from '../../src/core/schedules';
import { staticAccessToken, ZOOM_MAX_PAGE_SIZE, ZoomSchedulerClient, type ZoomSchedulerApi } from '../../src/zoom';
import { startZoomMock, type ZoomMock } from '../../src/zoom/mock';
import { AppError } from '../../src/errors';
import type { ScheduleSummary } from '../../src/core/model';
import { emptyWeek } from '../../src/slack/blocks/forms/intervals';

const schedule = (id: string, title: string): ScheduleSummary => ({
  id,
  title,
  durationMinutes: 30,
  url: `https://scheduler.zoom.us/a/${id}`,
});
const intro = schedule('aaa111', 'Intro call');
const introPartners = schedule('bbb222', 'Intro call (partners)');
const demo = schedule('ccc333', 'Product demo');
const all = [intro, introPartners, demo];

describe('matchSchedule', () => {
  it('takes an exact title over titles that merely contain it, ignoring case', () => {
    expect(matchSchedule(all, 'INTRO CALL')).toEqual({ kind: 'one', schedule: intro });
  });

  it('takes the id', () => {
    expect(matchSchedule(all, 'bbb222')).toEqual({ kind: 'one', schedule: introPartners });
  });

  it('takes a unique substring', () => {
    expect(matchSchedule(all, '  demo ')).toEqual({ kind: 'one', schedule: demo });
  });

  it('returns every match of an ambiguous substring', () => {
    expect(matchSchedule(all, 'intro')).toEqual({ kind: 'ambiguous', matches: [intro, introPartners] });
  });

  it('returns duplicates of an exact title as ambiguous', () => {
    const twin = schedule('ddd444', 'intro call');
    expect(matchSchedule([...all, twin], 'Intro Call')).toEqual({ kind: 'ambiguous', matches: [intro, twin] });
  });

  it('throws a sentence naming the query when nothing matches', () => {
    let caught: unknown;
    try {
      matchSchedule(all, 'Board meeting');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScheduleNotFoundError);
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('schedule_not_found');
    expect((caught as AppError).userMessage).toBe("I couldn't find a schedule called “Board meeting”. `/zoom-schedule list` shows yours.");
  });

  it('shortens a very long query in the sentence', () => {
    expect(() => matchSchedule(all, 'x'.repeat(500))).toThrow(/“x{79}…”/);
  });
});

describe('scheduleRequest', () => {
  it('uses an existing availability as is, one invitee per slot', () => {
    expect(
      scheduleRequest(
        { title: 'Intro', durationMinutes: 45, availability: { kind: 'existing', availabilityId: 'av1' }, meetingType: 'zoomMeeting' },
        'Europe/Berlin',
      ),
    ).toEqual({
      summary: 'Intro',
      duration: 45,
      capacity: 1,
      add_on_type: 'zoomMeeting',
      availability_override: false,
      availability_rules: [{ use_custom: false, availability_id: 'av1' }],
      time_zone: 'Europe/Berlin',
    });
  });

  it('sends custom hours (only the open days) in the user’s zone, with location and description', () => {
    const weekly = { ...emptyWeek(), wed: [{ start: '08:00', end: '09:30' }] };
    expect(
      scheduleRequest(
        {
          title: 'Visit',
          durationMinutes: 60,
          availability: { kind: 'custom', weekly },
          meetingType: 'offline',
          location: 'Room 4',
          description: 'Bring the samples',
        },
        'Asia/Kolkata',
      ),
    ).toEqual({
      summary: 'Visit',
      duration: 60,
      capacity: 1,
      add_on_type: 'offline',
      availability_override: true,
      availability_rules: [
        { use_custom: true, time_zone: 'Asia/Kolkata', segments_recurrence: { wed: [{ start: '08:00', end: '09:30' }] } },
      ],
      time_zone: 'Asia/Kolkata',
      location: 'Room 4',
      description: 'Bring the samples',
    });
  });
});

describe('the one listing of schedules and availabilities, against the Zoom mock', () => {
  let mock: ZoomMock;
  let api: ZoomSchedulerApi;

  beforeAll(async () => {
    mock = await startZoomMock({ host: '127.0.0.1' });
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    api = new ZoomSchedulerClient({ apiBaseUrl: mock.apiBaseUrl }).as(staticAccessToken(token));
  });
  afterAll(() => mock.close());
  afterEach(() => expect(mock.violations).toEqual([]));

  it('leaves deactivated schedules out, so App Home and `list` show the same ones', async () => {
    const before = await listScheduleSummaries(api);
    const [first, ...rest] = before;
    if (!first) throw new Error('the mock seeds schedules');
    await api.updateSchedule(first.id, { active: false });
    expect(await listScheduleSummaries(api)).toEqual(rest);
  });

  it('names an unnamed availability one way, in Zoom order, asking Zoom for its largest page', async () => {
    const created = await api.createAvailability({
      name: '  ',
      time_zone: 'UTC',
      segments_recurrence: { mon: [{ start: '09:00', end: '17:00' }] },
    });
    const listed = await listAvailabilities(api);
    expect(listed.find((a) => a.id === created.availability_id)?.name).toBe(UNNAMED_AVAILABILITY);
    expect(UNNAMED_AVAILABILITY).toBe('Untitled availability');
    const listRequests = mock.stats.requests.filter((r) => r.method === 'GET' && /\/scheduler\/(schedules|availability)$/.test(r.path));
    expect(listRequests.length).toBeGreaterThan(0);
    for (const request of listRequests) expect(request.query).toContain(`page_size=${ZOOM_MAX_PAGE_SIZE}`);
  });
});
