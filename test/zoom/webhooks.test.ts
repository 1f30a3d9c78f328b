import { createHmac } from 'node:crypto';
import { isKnownZoomWebhook, isZoomWebhook, signZoomWebhook, urlValidationResponse, verifyZoomWebhook } from '../../src/zoom';

const SECRET = 'webhook-secret-token-xyz';
const NOW_MS = Date.parse('2026-03-01T12:00:00Z');
const NOW_S = NOW_MS / 1000;

const createdEvent = {
  event: 'scheduler.scheduled_event_created',
  event_ts: NOW_MS,
  payload: {
    account_id: 'acc1',
    user_id: 'host1',
    object: { invitee_email: 'guest@example.com', scheduled_event: { event_id: 'ev1', summary: 'Intro call', status: 'confirmed' } },
  },
};
const rawBody = JSON.stringify(createdEvent);

describe('verifyZoomWebhook', () => {
  it('accepts a correctly signed, fresh body and returns the typed event', () => {
    const headers = signZoomWebhook({ secretToken: SECRET, rawBody, timestampSeconds: NOW_S });
    const expected = createHmac('sha256', SECRET).update(`v0:${NOW_S}:${rawBody}`).digest('hex');
    expect(headers).toEqual({ 'x-zm-signature': `v0=${expected}`, 'x-zm-request-timestamp': String(NOW_S) });

    const result = verifyZoomWebhook({ secretToken: SECRET, rawBody: Buffer.from(rawBody), headers, nowMs: NOW_MS });
    expect(result).toEqual({ ok: true, event: createdEvent });
    if (!result.ok || !isZoomWebhook(result.event, 'scheduler.scheduled_event_created')) throw new Error('not verified');
    expect(result.event.payload.object?.scheduled_event?.event_id).toBe('ev1');
    expect(isZoomWebhook(result.event, 'app_deauthorized')).toBe(false);
  });

  it('reads headers case-insensitively, from a plain object or a Headers instance', () => {
    const signed = signZoomWebhook({ secretToken: SECRET, rawBody, timestampSeconds: NOW_S });
    const upper = { 'X-Zm-Signature': signed['x-zm-signature'], 'X-Zm-Request-Timestamp': [signed['x-zm-request-timestamp']] };
    expect(verifyZoomWebhook({ secretToken: SECRET, rawBody, headers: upper, nowMs: NOW_MS }).ok).toBe(true);
    expect(verifyZoomWebhook({ secretToken: SECRET, rawBody, headers: new Headers(signed), nowMs: NOW_MS }).ok).toBe(true);
  });

  it('rejects forged signatures, other secrets and altered bodies', () => {
    const headers = signZoomWebhook({ secretToken: SECRET, rawBody, timestampSeconds: NOW_S });
    const reason = (args: Partial<Parameters<typeof verifyZoomWebhook>[0]>) =>
      verifyZoomWebhook({ secretToken: SECRET, rawBody, headers, nowMs: NOW_MS, ...args });
    expect(reason({ secretToken: 'another-secret' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(reason({ rawBody: rawBody.replace('Intro', 'Evil') })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(reason({ headers: { ...headers, 'x-zm-signature': 'v0=deadbeef' } })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(reason({ headers: { ...headers, 'x-zm-request-timestamp': String(NOW_S + 1) } })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects missing headers and malformed timestamps or bodies', () => {
    const headers = signZoomWebhook({ secretToken: SECRET, rawBody, timestampSeconds: NOW_S });
    expect(verifyZoomWebhook({ secretToken: SECRET, rawBody, headers: {}, nowMs: NOW_MS })).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
    expect(
      verifyZoomWebhook({ secretToken: SECRET, rawBody, headers: { 'x-zm-signature': headers['x-zm-signature'] }, nowMs: NOW_MS }),
    ).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
    expect(
      verifyZoomWebhook({ secretToken: SECRET, rawBody, headers: { ...headers, 'x-zm-request-timestamp': 'yesterday' }, nowMs: NOW_MS }),
    ).toEqual({
      ok: false,
      reason: 'malformed',
    });
    for (const body of ['not json', '[1,2]', '{"payload":{}}']) {
      const signed = signZoomWebhook({ secretToken: SECRET, rawBody: body, timestampSeconds: NOW_S });
      expect(verifyZoomWebhook({ secretToken: SECRET, rawBody: body, headers: signed, nowMs: NOW_MS })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('rejects timestamps outside the window in either direction', () => {
    const verifyAt = (timestampSeconds: number, toleranceSeconds?: number) =>
      verifyZoomWebhook({
        secretToken: SECRET,
        rawBody,
        headers: signZoomWebhook({ secretToken: SECRET, rawBody, timestampSeconds }),
        nowMs: NOW_MS,
        ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
      });
    expect(verifyAt(NOW_S - 300).ok).toBe(true);
    expect(verifyAt(NOW_S - 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyAt(NOW_S + 301)).toEqual({ ok: false, reason: 'stale' });
    expect(verifyAt(NOW_S - 30, 10)).toEqual({ ok: false, reason: 'stale' });
  });
});

describe('url validation', () => {
  it('verifies the challenge and answers with the HMAC of the plain token', () => {
    const challenge = JSON.stringify({
      event: 'endpoint.url_validation',
      event_ts: NOW_MS,
      payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
    });
    const headers = signZoomWebhook({ secretToken: SECRET, rawBody: challenge, timestampSeconds: NOW_S });
    const result = verifyZoomWebhook({ secretToken: SECRET, rawBody: challenge, headers, nowMs: NOW_MS });
    expect(result.ok && result.event.event).toBe('endpoint.url_validation');

    expect(urlValidationResponse(SECRET, 'qgg8vlvZRS6UYooatFL8Aw')).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
    });
  });
});

describe('events added in 2026 and unknown events', () => {
  function verified(body: object) {
    const raw = JSON.stringify(body);
    const result = verifyZoomWebhook({
      secretToken: SECRET,
      rawBody: raw,
      headers: signZoomWebhook({ secretToken: SECRET, rawBody: raw, timestampSeconds: NOW_S }),
      nowMs: NOW_MS,
    });
    if (!result.ok) throw new Error(`not verified: ${result.reason}`);
    return result.event;
  }

  it('types the 2026 reschedule, invitee and payment fields of the event webhooks', () => {
    const event = verified({
      event: 'scheduler.scheduled_event_canceled',
      event_ts: NOW_MS,
      payload: {
        account_id: 'acc1',
        object: { rescheduled: true, invitee_id: 'att1', rescheduled_to_event_id: 'ev2', rescheduled_to_invitee_id: 'att2', payment: null },
      },
    });
    if (!isZoomWebhook(event, 'scheduler.scheduled_event_canceled')) throw new Error('not a cancellation');
    const object = event.payload.object;
    expect([object?.invitee_id, object?.rescheduled_to_event_id, object?.rescheduled_to_invitee_id, object?.payment]).toEqual([
      'att1',
      'ev2',
      'att2',
      null,
    ]);
  });

  it('verifies routing-form submissions (2026-10-19) and unknown events so they can be acknowledged and ignored', () => {
    const routing = verified({
      event: 'scheduler.routing_form_submission_created',
      event_ts: NOW_MS,
      payload: { account_id: 'acc1', object: { form_id: 'f1' } },
    });
    expect(isKnownZoomWebhook(routing)).toBe(true);
    expect(isZoomWebhook(routing, 'scheduler.routing_form_submission_created')).toBe(true);
    const unknown = verified({ event: 'scheduler.something_new', event_ts: NOW_MS, payload: { whatever: 1 } });
    expect(isKnownZoomWebhook(unknown)).toBe(false);
    expect(unknown.event).toBe('scheduler.something_new');
  });
});
