import { startLocalStack, type LocalStack } from '../../dev/local-stack';
import { capturingLogger, type LogLine } from '../support/log-capture';
import { zoomAs } from '../slack/listeners/e2e-helpers';

jest.setTimeout(60_000);

const { logger, lines } = capturingLogger('debug');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ logger });
});
afterAll(() => stack.stop());

const finishedSince = (from: number, kind: string) =>
  stack.waitFor(() => lines.slice(from).find((line) => line.msg === 'request finished' && line.kind === kind), `a ${kind} finished line`);

describe('the routes Slack does not sign, observed like Slack requests', () => {
  it('the Zoom connect callback ends with one finished line of its own', async () => {
    const from = lines.length;
    expect((await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id })).status).toBe(200);
    const finished: LogLine = await finishedSince(from, 'oauth');
    expect(finished).toMatchObject({ level: 30, outcome: 'ok', status: 200 });
    expect(typeof finished.durationMs).toBe('number');
    const command = lines.slice(from).find((line) => line.msg === 'request finished' && line.kind === 'command');
    expect(command?.reqId).toBeDefined();
    expect(finished.reqId).not.toBe(command?.reqId);
    expect(lines.slice(from).filter((line) => line.msg === 'request finished' && line.reqId === finished.reqId)).toHaveLength(1);
  });

  it('a callback with a forged state is counted as refused', async () => {
    const from = lines.length;
    const page = await fetch(`${stack.baseUrl}/zoom/oauth/callback?code=abc&state=forged`);
    expect(page.status).toBe(400);
    expect(await finishedSince(from, 'oauth')).toMatchObject({ outcome: 'rejected', status: 400 });
  });

  it('an unsigned webhook is refused; a booking webhook is ok, and what it logs carries its request id', async () => {
    let from = lines.length;
    const refused = await fetch(`${stack.baseUrl}/zoom/webhooks`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await finishedSince(from, 'webhook')).toMatchObject({ outcome: 'rejected', status: refused.status });

    from = lines.length;
    const { items } = await zoomAs(stack).listSchedules({ page_size: 10 });
    await stack.zoom.book({
      scheduleId: items[0]!.schedule_id,
      invitee: { email: 'dana@example.com', firstName: 'Dana', lastName: 'Scully' },
    });
    const finished = await finishedSince(from, 'webhook');
    expect(finished).toMatchObject({ outcome: 'ok', status: 200 });
    expect(finished.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
