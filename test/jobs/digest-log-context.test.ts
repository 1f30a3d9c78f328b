import type { LocalStack } from '../../dev/local-stack';
import { capturingLogger } from '../support/log-capture';
import { startDigestStack, TestClock } from './digest-support';

jest.setTimeout(60_000);

const clock = new TestClock(Date.parse('2026-06-10T14:00:00Z')); // 10:00 in New York, past the 09:00 digest
const { logger, lines } = capturingLogger('debug');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startDigestStack(clock, { logger });
  await stack.connectZoom('U0ALICE', { zoomUserId: stack.zoom.defaultUser.id });
  const from = lines.length;
  await stack.command('U0ALICE', 'digest on');
  // The command's own work goes on after its answer: let it finish so its lines are not taken for the digest's.
  await stack.waitFor(() => lines.slice(from).some((line) => line.msg === 'request finished'), 'the command to finish');
});
afterAll(() => stack.stop());

it("logs each subscriber's digest under a request id of its own and the subscriber's team id, down to the Zoom calls", async () => {
  const from = lines.length;
  expect((await stack.app.digestScheduler.runOnce()).map((r) => r.outcome)).toEqual(['sent']);
  const during = lines.slice(from);
  expect(during.some((line) => line.component === 'zoom')).toBe(true);
  for (const line of during) expect(line).toMatchObject({ teamId: stack.teamId, reqId: during[0]!.reqId });
  expect(during[0]!.reqId).toMatch(/^[0-9a-f-]{36}$/);
});
