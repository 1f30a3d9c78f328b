import { classifyDigestFailure } from '../../src/slack/delivery/digest-failures';
import {
  failureMessage,
  LICENCE_MISSING_SENTENCE,
  needsConnectButton,
  SCHEDULER_PROFILE_MISSING_SENTENCE,
  userMessageFor,
  type FailureAccounts,
} from '../../src/slack/failures';
import { parseZoomErrorBody, zoomApiError, ZoomApiError } from '../../src/zoom';

const who = { teamId: 'T1', userId: 'U1' };
const oauth: FailureAccounts = {
  isServerToServer: false,
  connectUrl: async () => 'https://zoom.example/authorize',
};

const unlicensed = zoomApiError({ status: 401, operation: 'list_schedules', zoomMessage: 'Invalid license type' });
const noProfile = zoomApiError({ status: 403, operation: 'list_schedules', zoomMessage: 'User Not Found' });

describe('Zoom refusing Scheduler to a connected user (no licence, no Scheduler profile)', () => {
  it.each([
    ['no licence', unlicensed, LICENCE_MISSING_SENTENCE],
    ['no Scheduler profile', noProfile, SCHEDULER_PROFILE_MISSING_SENTENCE],
  ])('%s: says what to do instead of offering a reconnect that cannot help', async (_, error, sentence) => {
    expect(needsConnectButton(error)).toBeUndefined();
    expect(userMessageFor(error)).toBe(sentence);
    expect(sentence).toMatch(/open the Scheduler tab in Zoom once/);
    expect(sentence).toMatch(/\/zoom-schedule status/);
    const message = await failureMessage(oauth, who, error);
    expect(JSON.stringify(message)).not.toMatch(/authorize|Reconnect/);
    expect(message.text).toContain('/zoom-schedule status');
    expect(classifyDigestFailure(error, { channelId: null })).toMatchObject({ kind: 'permanent', fix: { kind: 'none', sentence } });
  });

  it('names the licence as the first step when the licence is what is missing', () => {
    expect(LICENCE_MISSING_SENTENCE).toMatch(/^Your Zoom account has no Zoom Scheduler licence yet: ask your Zoom admin/);
  });
});

function fromBody(status: number, body: string): ZoomApiError {
  const { code, message, errors } = parseZoomErrorBody(body);
  return zoomApiError({ status, operation: 'insert_schedule', zoomCode: code, zoomMessage: message, fieldErrors: errors });
}

describe("Zoom's own reason for a refusal, in whichever body shape it came", () => {
  it.each([
    ['flat', '{"code":300,"message":"Validation Failed.","errors":[{"field":"duration","message":"must be integer"}]}'],
    ['nested', '{"error":{"message":"Validation Failed.","errors":[{"field":"duration","message":"must be integer"}]}}'],
  ])('%s body: "Zoom says: …" with the field, never [object Object]', (_, body) => {
    const error = fromBody(400, body);
    expect(userMessageFor(error)).toBe('Zoom says: Validation Failed (duration: must be integer).');
  });

  it('an XML body gives its message', () => {
    const error = fromBody(400, '<error><code>300</code><message>Miss time fields.</message></error>');
    expect(userMessageFor(error)).toBe('Zoom says: Miss time fields.');
  });

  it('a refusal without any message names the status', () => {
    expect(userMessageFor(new ZoomApiError({ status: 422, operation: 'patch_schedule' }))).toBe('Zoom says: HTTP 422.');
  });
});
