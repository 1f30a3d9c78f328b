/**
 * Request-level safety: a request not signed with the app's signing secret, or signed more than five minutes
 * ago (a replay), is refused with 401 and nothing happens: no Slack call, no response, no Zoom call.
 */
import { randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../dev/local-stack';
import { blockActionBody, eventCallbackBody, slashCommandBody, signedHeaders, type BuiltRequest } from '../dev/slack-signing';

const ALICE = 'U0ALICE';

describe('Slack request verification', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.slack.reset());
  afterEach(() => expect(stack.slack.violations).toEqual([]));

  const now = () => Math.floor(Date.now() / 1000);

  function command(text: string, responseId: string): BuiltRequest {
    return slashCommandBody({ teamId: stack.teamId, userId: ALICE, text, responseUrl: stack.slack.responseUrl(responseId) });
  }

  async function post(request: BuiltRequest, headers: Record<string, string>): Promise<number> {
    const response = await fetch(`${stack.baseUrl}/slack/events`, { method: 'POST', headers, body: request.body });
    await response.text();
    return response.status;
  }

  /** Gives a wrongly accepted request time to show its effects before asserting there are none. */
  async function expectNothingDone(zoomRequestsBefore: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stack.slack.calls).toEqual([]);
    expect(stack.slack.responses).toEqual([]);
    expect(stack.zoom.stats.requests.length).toBe(zoomRequestsBefore);
  }

  it('accepts a correctly signed command from four minutes ago (the window is five)', async () => {
    const responseId = randomUUID();
    const request = command('list', responseId);
    expect(await post(request, { ...signedHeaders(request, stack.signingSecret, now() - 240) })).toBe(200);
    await stack.waitFor(() => stack.slack.responses.find((r) => r.id === responseId), 'the list answer');
  });

  it.each([
    ['a command', () => command('status', randomUUID())],
    [
      'a button click',
      () => blockActionBody({ teamId: stack.teamId, userId: ALICE, actionId: 'connect_zoom', responseUrl: stack.slack.responseUrl('x') }),
    ],
    ['an event', () => eventCallbackBody({ teamId: stack.teamId, event: { type: 'app_home_opened', user: ALICE, tab: 'home' } })],
  ])('refuses %s signed with another secret', async (_kind, build) => {
    const zoomBefore = stack.zoom.stats.requests.length;
    const request = build();
    expect(await post(request, { ...signedHeaders(request, 'not-the-signing-secret') })).toBe(401);
    await expectNothingDone(zoomBefore);
  });

  it('refuses a body changed after signing', async () => {
    const zoomBefore = stack.zoom.stats.requests.length;
    const signed = command('help', randomUUID());
    const altered = { ...signed, body: signed.body.replace('text=help', 'text=disconnect') };
    expect(altered.body).not.toBe(signed.body);
    expect(await post(altered, { ...signedHeaders(signed, stack.signingSecret) })).toBe(401);
    await expectNothingDone(zoomBefore);
  });

  it('refuses a correctly signed request older than five minutes (a replay)', async () => {
    const zoomBefore = stack.zoom.stats.requests.length;
    const request = command('connect', randomUUID());
    expect(await post(request, { ...signedHeaders(request, stack.signingSecret, now() - 301) })).toBe(401);
    await expectNothingDone(zoomBefore);
  });

  it('refuses requests with no signature or a malformed one', async () => {
    const zoomBefore = stack.zoom.stats.requests.length;
    const request = command('status', randomUUID());
    expect(await post(request, { 'content-type': request.contentType })).toBe(401);
    const headers = signedHeaders(request, stack.signingSecret);
    expect(await post(request, { ...headers, 'x-slack-signature': headers['x-slack-signature'].replace('v0=', 'v1=') })).toBe(401);
    expect(await post(request, { ...headers, 'x-slack-request-timestamp': 'yesterday' })).toBe(401);
    await expectNothingDone(zoomBefore);
  });
});
