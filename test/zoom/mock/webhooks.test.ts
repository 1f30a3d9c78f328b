import { createHmac } from 'node:crypto';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import rawWebhookSpec from '../../../src/zoom/openapi/webhooks.json';
import { correctedWebhooksSpec } from '../../../src/zoom/spec-additions';
import type { ZoomMock } from '../../../src/zoom/mock';
import { verifyZoomWebhook } from '../../../src/zoom/webhooks';
import { api, minimalSchedule, startMock, startWebhookReceiver, type ReceivedWebhook } from './helpers';

const SECRET = 'zoom-webhook-secret';
const NOW = Date.UTC(2026, 2, 2, 12);
// webhooks.json plus the fields Zoom added since (2026-08-17, 2026-11-16).
const webhookSpec = correctedWebhooksSpec(rawWebhookSpec as unknown as Record<string, unknown>);

function payloadSchema(event: string): object {
  const hooks = (
    webhookSpec as unknown as { webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: object }> } } }> }
  ).webhooks;
  const schema = hooks[event]?.post.requestBody.content['application/json']?.schema;
  if (!schema) throw new Error(`no schema for ${event}`);
  return schema;
}

function expectSignedByZoom(hook: ReceivedWebhook): void {
  const timestamp = String(hook.headers['x-zm-request-timestamp']);
  const expected = 'v0=' + createHmac('sha256', SECRET).update(`v0:${timestamp}:${hook.rawBody}`).digest('hex');
  expect(hook.headers['x-zm-signature']).toBe(expected);
  expect(timestamp).toBe(String(Math.floor(NOW / 1000)));
  expect(hook.headers['x-zm-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(verifyZoomWebhook({ secretToken: SECRET, rawBody: hook.rawBody, headers: hook.headers, nowMs: NOW }).ok).toBe(true);
}

describe('Zoom mock webhooks', () => {
  let mock: ZoomMock;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    mock = await startMock({ seed: false, now: () => NOW, webhook: { url: receiver.url, secretToken: SECRET } });
  });
  afterEach(async () => {
    await mock.close();
    await receiver.close();
  });

  it('signs scheduler.scheduled_event_created and follows webhooks.json', async () => {
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    const scheduleId = (await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Demo'))).body.schedule_id;
    const event = await mock.book({
      scheduleId,
      startTime: '2026-03-03T15:00:00Z',
      invitee: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee', timeZone: 'Europe/Paris' },
      answers: [{ question: 'Topic?', answer: ['Pricing'] }],
    });
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0]!;
    expectSignedByZoom(hook);
    const validate = ajv.compile(payloadSchema('scheduler.scheduled_event_created'));
    expect(validate(hook.body) ? [] : validate.errors).toEqual([]);
    expect(hook.body.event).toBe('scheduler.scheduled_event_created');
    expect(hook.body.event_ts).toBe(NOW);
    expect(hook.body.payload.account_id).toBe(mock.accountId);
    expect(hook.body.payload.user_id).toBe(mock.defaultUser.id);
    expect(hook.body.payload.object).toMatchObject({
      invitee_email: 'ann@example.com',
      invitee_first_name: 'Ann',
      invitee_last_name: 'Lee',
      time_zone: 'Europe/Paris',
      rescheduled: false,
      questions_and_answers: [{ question: 'Topic?', position: 0, answer: ['Pricing'] }],
      scheduled_event: {
        event_id: event.event_id,
        summary: 'Demo',
        start_date_time: '2026-03-03T16:00:00+01:00',
        end_date_time: '2026-03-03T16:30:00+01:00',
        status: 'confirmed',
        attendees: [{ display_name: 'Ann Lee', email: 'ann@example.com' }],
        invitee_counters: { total: 1, active: 1, limit: 1 },
        location_kind: 'zoom',
      },
    });
    expect(mock.webhookDeliveries).toEqual([
      { event: 'scheduler.scheduled_event_created', requestId: hook.headers['x-zm-request-id'], status: 204 },
    ]);
  });

  it('sends scheduler.scheduled_event_canceled with the cancellation when an invitee cancels', async () => {
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    const scheduleId = (await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Demo'))).body.schedule_id;
    const event = await mock.book({ scheduleId, invitee: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' } });
    await mock.cancelEvent(event.event_id, { canceler: 'invitee', reason: 'Sick' });
    const hook = receiver.received[1]!;
    expectSignedByZoom(hook);
    const validate = ajv.compile(payloadSchema('scheduler.scheduled_event_canceled'));
    expect(validate(hook.body) ? [] : validate.errors).toEqual([]);
    expect(hook.body.payload.object.cancellation).toEqual({
      canceled_by: 'Ann Lee',
      canceler_type: 'invitee',
      cancel_at: new Date(NOW).toISOString(),
      reason: 'Sick',
    });
    expect(hook.body.payload.object.scheduled_event.status).toBe('cancelled');
    const got = await api(mock, token, 'GET', `/scheduler/events/${event.event_id}`);
    expect(got.body.status).toBe('cancelled');
  });

  it('deauthorize sends app_deauthorized and revokes the user tokens', async () => {
    const tokens = mock.issueTokensFor(mock.defaultUser.id);
    await mock.deauthorize(mock.defaultUser.id);
    const hook = receiver.received[0]!;
    expectSignedByZoom(hook);
    expect(hook.body).toEqual({
      event: 'app_deauthorized',
      event_ts: NOW,
      payload: {
        account_id: mock.accountId,
        user_id: mock.defaultUser.id,
        client_id: mock.clientId,
        deauthorization_time: new Date(NOW).toISOString(),
        signature: expect.any(String),
      },
    });
    expect((await api(mock, tokens.access_token, 'GET', '/scheduler/teams')).body.code).toBe(124);
    const refresh = await fetch(`${mock.oauthBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: 'Basic ' + Buffer.from(`${mock.clientId}:${mock.clientSecret}`).toString('base64') },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
    });
    expect(await refresh.json()).toEqual({ reason: 'Invalid Token!', error: 'invalid_grant' });
  });

  it('records a failed delivery instead of failing the booking', async () => {
    mock.setWebhookTarget('http://127.0.0.1:9/unreachable', SECRET);
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    const scheduleId = (await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Demo'))).body.schedule_id;
    const event = await mock.book({ scheduleId, invitee: { email: 'a@example.com', firstName: 'A', lastName: 'B' } });
    expect(event.status).toBe('confirmed');
    expect(mock.webhookDeliveries).toHaveLength(1);
    expect(mock.webhookDeliveries[0]?.status).toBeUndefined();
    expect(mock.webhookDeliveries[0]?.error).toBeTruthy();
  });

  it('retries a failed delivery with the same body and request id, signed afresh, and refuses to retry a delivered one', async () => {
    const token = mock.issueTokensFor(mock.defaultUser.id).access_token;
    const scheduleId = (await api(mock, token, 'POST', '/scheduler/schedules', minimalSchedule('Demo'))).body.schedule_id;
    mock.setWebhookTarget('http://127.0.0.1:9/unreachable', SECRET);
    await mock.book({ scheduleId, invitee: { email: 'a@example.com', firstName: 'A', lastName: 'B' } });
    const [failed] = mock.webhookDeliveries;
    expect(failed?.status).toBeUndefined();

    mock.setWebhookTarget(receiver.url, SECRET);
    const retried = await mock.retryWebhook(failed!.requestId);
    expect(retried).toMatchObject({ event: 'scheduler.scheduled_event_created', requestId: failed!.requestId, status: 204 });
    expect(mock.webhookDeliveries).toHaveLength(2);
    const [hook] = receiver.received;
    expectSignedByZoom(hook!);
    expect(hook!.headers['x-zm-request-id']).toBe(failed!.requestId);
    expect((JSON.parse(hook!.rawBody) as { payload: { object: { invitee_email: string } } }).payload.object.invitee_email).toBe(
      'a@example.com',
    );

    await expect(mock.retryWebhook(failed!.requestId)).rejects.toThrow(/succeeded/);
  });
});
