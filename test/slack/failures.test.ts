import { AppError } from '../../src/errors';
import { classifyDigestFailure } from '../../src/slack/delivery/digest-failures';
import {
  failureMessage,
  isPassingOutage,
  LINK_BY_EMAIL_INSTRUCTION,
  needsConnectButton,
  sentenceBesideConnectOffer,
  SLACK_UNAVAILABLE,
  userMessageFor,
  type FailureAccounts,
} from '../../src/slack/failures';
import { ZoomApiError, ZoomReconnectRequiredError } from '../../src/zoom';

const who = { teamId: 'T1', userId: 'U1' };
/** The two modes the decider tells apart; `connectUrl` is what ZoomAccounts would hand back. */
const oauth: FailureAccounts = {
  isServerToServer: false,
  connectUrl: async (teamId, userId) => `https://zoom.example/authorize?for=${teamId}.${userId}`,
};
const serverToServer: FailureAccounts = {
  isServerToServer: true,
  connectUrl: async () => {
    throw new Error('Server-to-Server mode has no authorize page');
  },
};

const grantErrors = [
  new ZoomApiError({ status: 401, operation: 'list_schedules' }),
  new ZoomApiError({ status: 403, operation: 'list_schedules' }),
  new ZoomApiError({
    status: 400,
    operation: 'list_schedules',
    zoomCode: 4700,
    zoomMessage: 'Invalid access token, does not contain scopes',
  }),
];

describe('one classification of Zoom failures for interactive replies and the digest', () => {
  it.each(grantErrors.map((e) => [e.message, e]))('%s: reconnect, in a reply and in the digest', (_, error) => {
    expect(needsConnectButton(error)).toBe('reconnect');
    expect(userMessageFor(error)).toMatch(/Reconnect Zoom/);
    expect(classifyDigestFailure(error, { channelId: null })).toMatchObject({
      kind: 'permanent',
      fix: { kind: 'connect', reconnect: true },
    });
  });

  it('an expired grant and a missing connection agree too', () => {
    const expired = new ZoomReconnectRequiredError('conn-1', 'refresh token rejected');
    const missing = new AppError('not_connected', 'Connect Zoom first.');
    expect(needsConnectButton(expired)).toBe('reconnect');
    expect(classifyDigestFailure(expired, { channelId: null })).toMatchObject({ fix: { kind: 'connect', reconnect: true } });
    expect(needsConnectButton(missing)).toBe('connect');
    expect(classifyDigestFailure(missing, { channelId: null })).toMatchObject({ fix: { kind: 'connect', reconnect: false } });
  });

  it('a plain Zoom refusal is a sentence with no button, in both paths', () => {
    const conflict = new ZoomApiError({ status: 409, operation: 'create_schedule', zoomMessage: 'slug taken' });
    expect(needsConnectButton(conflict)).toBeUndefined();
    expect(classifyDigestFailure(conflict, { channelId: null })).toMatchObject({
      kind: 'permanent',
      fix: { kind: 'none', sentence: userMessageFor(conflict) },
    });
  });
});

describe('the decider: sentence plus the fix the mode can really offer', () => {
  it('with OAuth, a 401 brings a reconnect button to Zoom’s authorize page', async () => {
    const message = await failureMessage(oauth, who, grantErrors[0]);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('"action_id":"connect_zoom"');
    expect(json).toContain('https://zoom.example/authorize?for=T1.U1');
    expect(message.text).toContain('Reconnect Zoom');
  });

  it('in Server-to-Server mode, the link-by-email instruction and no button', async () => {
    for (const error of [...grantErrors, new AppError('not_connected', 'Connect Zoom first.')]) {
      const message = await failureMessage(serverToServer, who, error);
      expect(message.text).toContain(LINK_BY_EMAIL_INSTRUCTION);
      expect(JSON.stringify(message.blocks)).not.toContain('"type":"button"');
    }
  });

  it('a modal never promises a button Server-to-Server mode does not send', () => {
    const missing = new AppError('not_connected', 'Connect Zoom first.');
    expect(sentenceBesideConnectOffer(serverToServer, missing)).toBe(LINK_BY_EMAIL_INSTRUCTION);
    expect(sentenceBesideConnectOffer(serverToServer, missing)).not.toMatch(/button/);
    expect(sentenceBesideConnectOffer(oauth, missing)).toMatch(/sent you a button to connect/);
    expect(sentenceBesideConnectOffer(oauth, grantErrors[0])).toMatch(/sent you a button to reconnect/);
  });

  it('anything else is the sentence as an error notice', async () => {
    const message = await failureMessage(oauth, who, new Error('boom'));
    expect(message.text).toContain(userMessageFor(new Error('boom')));
    expect(JSON.stringify(message.blocks)).not.toContain('"type":"button"');
  });
});

describe('outages: what waiting cures', () => {
  const slackDown = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 503'), { code: 'slack_webapi_http_error' });
  const slackRefusal = Object.assign(new Error('An API error occurred: channel_not_found'), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: 'channel_not_found' },
  });

  it('Slack or Zoom down, or rate limiting, is an outage; a refusal or a bug is not', () => {
    expect(isPassingOutage(slackDown)).toBe(true);
    expect(isPassingOutage(new ZoomApiError({ status: 503, operation: 'list_schedules' }))).toBe(true);
    expect(isPassingOutage(new ZoomApiError({ status: 429, operation: 'list_schedules' }))).toBe(true);
    expect(isPassingOutage(slackRefusal)).toBe(false);
    expect(isPassingOutage(new ZoomApiError({ status: 404, operation: 'get_schedule' }))).toBe(false);
    expect(isPassingOutage(new TypeError('cannot read properties of undefined'))).toBe(false);
  });

  it('a post Slack did not take is one sentence saying so', () => {
    expect(userMessageFor(slackDown)).toBe(SLACK_UNAVAILABLE);
  });
});
