import { startLocalStack, type LocalStack } from '../../dev/local-stack';
import { sendSignedRequest, slashCommandBody } from '../../dev/slack-signing';
import { slackRequestKind } from '../../src/slack/request-observer';
import { capturingLogger } from '../support/log-capture';

jest.setTimeout(60_000);

// debug, so the deep lines (the Zoom client's per-response line) are captured too.
const { logger, lines, raw } = capturingLogger('debug');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ logger });
  expect((await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id })).status).toBe(200);
});
afterAll(() => stack.stop());

describe('the log of one command', () => {
  it('carries its request id and team id on every line, ends with one finished line, and holds no secret', async () => {
    const from = lines.length;
    const rawFrom = raw.length;
    const { reply } = await stack.command('U0ALICE', 'list');
    expect(reply).toBeDefined();
    const finished = await stack.waitFor(
      () => lines.slice(from).find((line) => line.msg === 'request finished' && line.kind === 'command'),
      'the finished line',
    );
    const during = lines.slice(from, lines.indexOf(finished) + 1);

    expect(finished).toMatchObject({ level: 30, kind: 'command', outcome: 'ok', status: 200, teamId: stack.teamId });
    expect(typeof finished.durationMs).toBe('number');
    expect(finished.reqId).toMatch(/^[0-9a-f-]{36}$/);
    // The command reached Zoom: the client's own debug line is among those carrying the request's ids.
    expect(during.some((line) => line.component === 'zoom' && line.msg === 'zoom response')).toBe(true);
    for (const line of during) expect(line).toMatchObject({ reqId: finished.reqId, teamId: stack.teamId });
    expect(during.filter((line) => line.msg === 'request finished')).toHaveLength(1);

    const text = raw.slice(rawFrom).join('\n');
    const secrets = [
      stack.signingSecret,
      stack.slack.botToken,
      stack.zoom.clientSecret,
      stack.zoom.issueTokensFor(stack.zoom.defaultUser.id).access_token.slice(0, 12),
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/v0=[0-9a-f]{64}/); // a Slack signature
    expect(text).not.toMatch(/xox[bp]-/);
  });

  it('ends with outcome error when a listener failed, though app.error() answered the user', async () => {
    stack.zoom.faults.enqueue({ method: 'GET', path: /\/scheduler\/schedules$/, status: 500, times: 5 });
    const from = lines.length;
    const { reply } = await stack.command('U0ALICE', 'list');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    const finished = await stack.waitFor(
      () => lines.slice(from).find((line) => line.msg === 'request finished' && line.kind === 'command'),
      'the finished line',
    );
    expect(finished).toMatchObject({ kind: 'command', outcome: 'error', status: 200, teamId: stack.teamId });
    stack.zoom.faults.clear();
  });

  it('gives each request its own id', async () => {
    const from = lines.length;
    await stack.command('U0ALICE', 'help');
    await stack.command('U0ALICE', 'help');
    await stack.waitFor(() => lines.slice(from).filter((line) => line.msg === 'request finished').length >= 2, 'two finished lines');
    const ids = lines
      .slice(from)
      .filter((line) => line.msg === 'request finished')
      .map((line) => line.reqId);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('a request refused before any listener', () => {
  const forgedSecret = 'not-the-signing-secret-0123456789';
  const command = () =>
    slashCommandBody({ teamId: stack.teamId, userId: 'U0ALICE', text: 'list', responseUrl: stack.slack.responseUrl('refused') });

  it.each([
    ['signed with the wrong secret', () => sendSignedRequest(`${stack.baseUrl}/slack/events`, command(), forgedSecret)],
    [
      'without a signature',
      () =>
        fetch(`${stack.baseUrl}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': command().contentType },
          body: command().body,
        }),
    ],
  ])('%s gets one finished line with its status, and neither the signature nor a secret is logged', async (_name, send) => {
    const from = lines.length;
    const rawFrom = raw.length;
    const answer = await send();
    expect(answer.status).toBe(401);
    const finished = await stack.waitFor(() => lines.slice(from).find((line) => line.msg === 'request finished'), 'the finished line');
    expect(finished).toMatchObject({ level: 30, kind: 'other', outcome: 'rejected', status: 401 });
    expect(finished.reqId).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing else arrives later for the same request.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines.slice(from).filter((line) => line.msg === 'request finished')).toHaveLength(1);

    const text = raw.slice(rawFrom).join('\n');
    expect(text).not.toMatch(/v0=[0-9a-f]{64}/);
    expect(text).not.toContain(forgedSecret);
    expect(text).not.toContain(stack.signingSecret);
  });
});

describe('slackRequestKind', () => {
  it.each([
    [{ command: '/zoom-schedule' }, 'command'],
    [{ type: 'block_actions' }, 'action'],
    [{ type: 'view_submission' }, 'view'],
    [{ type: 'event_callback' }, 'event'],
    [{ type: 'shortcut' }, 'shortcut'],
    [{ type: 'message_action' }, 'shortcut'],
    [{ type: 'block_suggestion' }, 'options'],
    [{ type: 'something_new' }, 'other'],
  ])('%j is a %s', (body, kind) => {
    expect(slackRequestKind(body)).toBe(kind);
  });
});
