/**
 * Every error shape Zoom answers with (zoom-live.md §B1) becomes a ZoomApiError with Zoom's own words, and the
 * licence/profile failures are typed and never mistaken for an expired token.
 */
import {
  parseZoomErrorBody,
  staticAccessToken,
  ZoomApiError,
  ZoomLicenseRequiredError,
  ZoomSchedulerClient,
  ZoomSchedulerProfileMissingError,
  isSchedulerAccessError,
  type ZoomAuth,
} from '../../src/zoom';
import { startScriptedServer, type ScriptedResponse, type ScriptedServer } from './support/scripted-server';

const TOKEN = 'secret-access-token-123';

describe('Zoom error bodies over HTTP', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.requests.splice(0));

  async function failure(response: ScriptedResponse, auth: ZoomAuth = staticAccessToken(TOKEN)): Promise<ZoomApiError> {
    server.script(response);
    const client = new ZoomSchedulerClient({ apiBaseUrl: server.baseUrl, retry: { maxAttempts: 1 } });
    const error = await client
      .as(auth)
      .getSchedule('s1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    return error as ZoomApiError;
  }

  it('reads the flat {code, message, errors} shape', async () => {
    const error = await failure({
      status: 400,
      body: { code: 300, message: 'Validation Failed.', errors: [{ field: 'duration', message: 'must be integer' }] },
    });
    expect(error).toMatchObject({
      status: 400,
      zoomCode: 300,
      zoomMessage: 'Validation Failed.',
      fieldErrors: [{ field: 'duration', message: 'must be integer' }],
    });
    expect(error.reason).toBe('Validation Failed (duration: must be integer).');
    expect(error.userMessage).toBe('Zoom says: Validation Failed (duration: must be integer).');
  });

  it('reads the nested {error: {message, errors}} envelope of live Scheduler endpoints', async () => {
    const error = await failure({
      status: 400,
      body: {
        error: {
          message: 'Failed json validation!',
          errors: [{ field: 'availability_rules', message: 'is invalid' }, 'segments_recurrence is required'],
        },
      },
    });
    expect(error.zoomCode).toBeUndefined();
    expect(error.zoomMessage).toBe('Failed json validation!');
    expect(error.fieldErrors).toEqual([
      { field: 'availability_rules', message: 'is invalid' },
      { field: '', message: 'segments_recurrence is required' },
    ]);
    expect(error.message).toContain('Failed json validation!');
    expect(error.reason).toBe('Failed json validation! (availability_rules: is invalid; segments_recurrence is required).');
    expect(error.message).not.toContain('[object Object]');
  });

  it('reads an XML error body', async () => {
    const error = await failure({
      status: 400,
      headers: { 'content-type': 'application/xml' },
      rawBody: '<?xml version="1.0" encoding="UTF-8"?><error><code>300</code><message>Miss time fields.</message></error>',
    });
    expect(error).toMatchObject({ zoomCode: 300, zoomMessage: 'Miss time fields.' });
    expect(error.userMessage).toBe('Zoom says: Miss time fields.');
  });

  it('never shows a raw body or an object where a message should be', async () => {
    const html = await failure({
      status: 502,
      headers: { 'content-type': 'text/html' },
      rawBody: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    expect(html.zoomMessage).toBeUndefined();
    expect(html.reason).toBe('HTTP 502.');
    const objectMessage = await failure({ status: 400, body: { error: { message: { text: 'odd' } } } });
    expect(objectMessage.zoomMessage).toBeUndefined();
    expect(objectMessage.message).not.toContain('[object Object]');
    const huge = await failure({ status: 400, body: { message: 'x'.repeat(5000) } });
    expect((huge.zoomMessage ?? '').length).toBeLessThanOrEqual(300);
  });

  it('redacts the access token from messages and field errors in every shape', async () => {
    const nested = await failure({
      status: 400,
      body: { error: { message: `bad token ${TOKEN}`, errors: [{ field: TOKEN, message: `x ${TOKEN}` }] } },
    });
    expect(JSON.stringify([nested.message, nested.reason, nested.fieldErrors])).not.toContain(TOKEN);
    const xml = await failure({ status: 400, rawBody: `<error><code>1</code><message>echo ${TOKEN}</message></error>` });
    expect(xml.message).not.toContain(TOKEN);
    expect(xml.zoomMessage).toBe('echo [redacted]');
  });

  it('types 401 "Invalid license type" and does not refresh the token for it', async () => {
    let refreshes = 0;
    const auth: ZoomAuth = {
      getAccessToken: async () => TOKEN,
      refreshAfterUnauthorized: async () => {
        refreshes += 1;
        return 'fresh-token';
      },
    };
    const error = await failure({ status: 401, body: { error: { message: 'Invalid license type' } } }, auth);
    expect(error).toBeInstanceOf(ZoomLicenseRequiredError);
    expect(isSchedulerAccessError(error)).toBe(true);
    expect(error.isInvalidAccessToken).toBe(false);
    expect(refreshes).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('types 403 "User Not Found" (no Scheduler profile) in JSON and XML', async () => {
    expect(await failure({ status: 403, body: { error: { message: 'User Not Found' } } })).toBeInstanceOf(ZoomSchedulerProfileMissingError);
    expect(await failure({ status: 403, rawBody: '<error><message>User Not Found</message></error>' })).toBeInstanceOf(
      ZoomSchedulerProfileMissingError,
    );
    const other = await failure({ status: 403, body: { code: 4711, message: 'No permission.' } });
    expect(isSchedulerAccessError(other)).toBe(false);
  });

  it('still refreshes once on "Invalid access token", flat or nested', async () => {
    for (const body of [{ code: 124, message: 'Invalid access token.' }, { error: { message: 'Invalid access token.' } }]) {
      server.requests.splice(0);
      let refreshes = 0;
      const auth: ZoomAuth = {
        getAccessToken: async () => TOKEN,
        refreshAfterUnauthorized: async () => {
          refreshes += 1;
          return 'fresh-token';
        },
      };
      server.script({ status: 401, body }, { status: 200, body: { schedule_id: 's1' } });
      const client = new ZoomSchedulerClient({ apiBaseUrl: server.baseUrl, retry: { maxAttempts: 1 } });
      await expect(client.as(auth).getSchedule('s1')).resolves.toMatchObject({ schedule_id: 's1' });
      expect(refreshes).toBe(1);
      expect(server.requests[1]?.headers.authorization).toBe('Bearer fresh-token');
    }
  });
});

describe('parseZoomErrorBody', () => {
  it('decodes XML entities and field errors', () => {
    expect(
      parseZoomErrorBody(
        '<error><code>300</code><message>a &amp; b</message><errors><error><field>start_date</field><message>is required</message></error></errors></error>',
      ),
    ).toEqual({
      code: 300,
      message: 'a & b',
      errors: [{ field: 'start_date', message: 'is required' }],
    });
  });

  it('yields nothing from bodies that are not error documents', () => {
    expect(parseZoomErrorBody('')).toEqual({ errors: [] });
    expect(parseZoomErrorBody('not json')).toEqual({ errors: [] });
    expect(parseZoomErrorBody('[1,2]')).toEqual({ errors: [] });
    expect(parseZoomErrorBody('<html><title>oops</title></html>')).toEqual({ errors: [] });
  });
});
