import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import type { FakeView } from '../../../../dev/fake-slack';
import type { ScheduleSummary } from '../../../../src/slack/blocks';
import { SCHEDULE_REUSE_MS } from '../../../../src/core/schedules';
import { parseZoomDateTime } from '../../../../src/time';
import { zoomAs } from '../e2e-helpers';
import { schedulesOf, slash, textOf } from './helpers';

let stack: LocalStack;
let officeHours: ScheduleSummary;
/** The app's clock runs this far ahead of the wall clock: moved past the reuse window, it asks Zoom afresh. */
let aheadMs = 0;
const appNow = () => Date.now() + aheadMs;
const pastReuseWindow = () => (aheadMs += SCHEDULE_REUSE_MS + 1000);

beforeAll(async () => {
  stack = await startLocalStack({ now: appNow });
  await stack.connectZoom('U0ALICE');
  officeHours = (await schedulesOf(stack)).find((s) => s.title === 'Office Hours')!;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
  stack.zoom.faults.clear();
});

/** The instants of the Slack date tokens in a text (`<!date^seconds^format|fallback>`). */
function dateTokens(text: string): number[] {
  return [...text.matchAll(/<!date\^(\d+)\^[^|>]*\|[^>]*>/g)].map((m) => Number(m[1]) * 1000);
}

/** What Zoom itself says are the next three bookable times. */
async function zoomNextThree(scheduleId: string): Promise<number[]> {
  const answer = await zoomAs(stack).getAvailableTimes(scheduleId, { time_zone: 'UTC' });
  const now = appNow();
  return (answer.days ?? [])
    .flatMap((d) => d.spots ?? [])
    .map((s) => parseZoomDateTime(s.start_time))
    .filter((ms): ms is number => ms !== null && ms > now)
    .sort((a, b) => a - b)
    .slice(0, 3);
}

async function postIn(channelId: string, text: string) {
  const before = stack.slack.messagesIn(channelId).length;
  const started = Date.now();
  await slash(stack, 'U0ALICE', text, channelId);
  const [posted] = await stack.waitFor(() => {
    const fresh = stack.slack.messagesIn(channelId).slice(before);
    return fresh.length > 0 ? fresh : undefined;
  }, 'the post');
  return { posted: posted!, elapsedMs: Date.now() - started };
}

const nextOpenBlock = (blocks: unknown) =>
  ((blocks ?? []) as Array<{ type: string; elements?: Array<{ text?: string }> }>).find(
    (b) => b.type === 'context' && b.elements?.some((e) => e.text?.startsWith('Next open:')),
  );

describe('next open slots on posted links', () => {
  it('`link` shows the next three bookable times as date tokens under the button', async () => {
    const { posted } = await postIn('C0GENERAL', 'link Office Hours');
    const block = nextOpenBlock(posted.blocks);
    expect(block).toBeDefined();
    const tokens = dateTokens(JSON.stringify(block));
    expect(tokens).toHaveLength(3);
    expect(tokens).toEqual(await zoomNextThree(officeHours.id));
    // Under the button: right after the section that carries it.
    const blocks = posted.blocks as Array<{ type: string }>;
    expect(blocks.indexOf(block as never)).toBe(1);
  });

  it('`share` shows them too', async () => {
    const { posted } = await postIn('C0SALES', 'share Office Hours');
    expect(textOf(posted.blocks)).toContain(officeHours.url);
    expect(dateTokens(JSON.stringify(nextOpenBlock(posted.blocks)))).toEqual(await zoomNextThree(officeHours.id));
  });

  it('when Zoom cannot say (404 as under Server-to-Server, licence, error) the link goes out without them', async () => {
    for (const fault of [
      { status: 404, body: { code: 3001, message: 'Schedule does not exist.' } },
      { status: 401, body: { code: 401, message: 'Invalid license type' } },
      { status: 400, body: { code: 300, message: 'Invalid request.' } },
    ]) {
      pastReuseWindow();
      stack.zoom.faults.enqueue({ method: 'GET', path: /available_times/, ...fault });
      const { posted } = await postIn('C0GENERAL', 'link Office Hours');
      expect(posted.text).toMatch(/scheduler\.zoom\.us\/manage\//);
      expect(nextOpenBlock(posted.blocks)).toBeUndefined();
      expect(textOf(posted.blocks)).toContain('This link works for one booking only');
    }
  });

  it('when Zoom is slow the post is not held back past the short timeout', async () => {
    pastReuseWindow();
    stack.zoom.faults.enqueue({ method: 'GET', path: /available_times/, delayMs: 2500 });
    const { posted, elapsedMs } = await postIn('C0GENERAL', 'link Office Hours');
    expect(posted.text).toMatch(/scheduler\.zoom\.us\/manage\//);
    expect(nextOpenBlock(posted.blocks)).toBeUndefined();
    expect(elapsedMs).toBeLessThan(2000);
  });
});

describe('next open slots in App Home', () => {
  const homeOf = (userId: string) => stack.slack.views.find((v) => v.type === 'home' && v.userId === userId);

  async function openHome(userId: string): Promise<FakeView> {
    const versionsBefore = homeOf(userId)?.history.length ?? 0;
    await stack.event({ type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home' });
    return stack.waitFor(() => {
      const home = homeOf(userId);
      return home && home.history.length > versionsBefore ? home : undefined;
    }, `the Home of ${userId}`);
  }

  it('shows each listed schedule with its next open times under it', async () => {
    const home = await openHome('U0ALICE');
    const blocks = home.view.blocks as Array<{ type: string; text?: { text?: string }; accessory?: { action_id?: string } }>;
    const at = blocks.findIndex((b) => b.accessory?.action_id === 'share_schedule' && b.text?.text?.includes('Office Hours'));
    expect(at).toBeGreaterThan(0);
    const under = blocks[at + 1];
    expect(under?.type).toBe('context');
    expect(dateTokens(JSON.stringify(under))).toEqual(await zoomNextThree(officeHours.id));
  });
});
