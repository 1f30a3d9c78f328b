/**
 * The hot path of `/zoom-schedule link`: one database read for the user's connection and tokens, and only the
 * Zoom calls the answer needs (the schedule by id or by Zoom's title search, then the single-use link).
 */
import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { blockActionBody } from '../../../../dev/slack-signing';
import { ACTION_IDS } from '../../../../src/slack/command/ids';
import type { ObservedQuery } from '../../../../src/store';
import type { ScheduleSummary } from '../../../../src/slack/blocks';
import { schedulesOf, slash } from './helpers';

const ALICE = 'U0ALICE';
const CHANNEL = 'C0SALES';

let stack: LocalStack;
let officeHours: ScheduleSummary;
const queries: ObservedQuery[] = [];

beforeAll(async () => {
  // The digest scheduler's own ticks are not the command's work.
  stack = await startLocalStack({ onDatabaseQuery: (query) => queries.push(query), digestScheduler: { autoStart: false } });
  await stack.connectZoom(ALICE);
  officeHours = (await schedulesOf(stack)).find((s) => s.title === 'Office Hours')!;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

/** Runs `link <query>` in #sales and waits for the posted link; returns the database and Zoom work it took. */
async function measuredLink(query: string) {
  const postsBefore = stack.slack.messagesIn(CHANNEL).length;
  const zoomBefore = stack.zoom.stats.requests.length;
  queries.length = 0;
  await slash(stack, ALICE, `link ${query}`, CHANNEL);
  const [posted] = await stack.waitFor(() => {
    const fresh = stack.slack.messagesIn(CHANNEL).slice(postsBefore);
    return fresh.length > 0 ? fresh : undefined;
  }, 'the posted single-use link');
  const zoomCalls = stack.zoom.stats.requests.slice(zoomBefore).map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);
  return { posted: posted!, queries: [...queries], zoomCalls };
}

const connectionReads = (queries: ObservedQuery[]) => queries.filter((q) => q.model === 'ZoomConnection' && q.operation.startsWith('find'));

describe('/zoom-schedule link, measured', () => {
  it('by id: one connection read (tokens kept by row version) and no listing of schedules', async () => {
    await measuredLink(officeHours.id); // the first use after start reads and decrypts the tokens once
    const { posted, queries: reads, zoomCalls } = await measuredLink(officeHours.id);
    expect(posted.text).toContain('Office Hours');
    expect(connectionReads(reads)).toHaveLength(1);
    // Nothing else touches the connection row: no token reload, no refresh lease.
    expect(reads.filter((q) => q.model === 'ZoomConnection')).toHaveLength(1);
    expect(zoomCalls.filter((call) => call.endsWith(`GET /v2/scheduler/schedules/${officeHours.id}`))).toHaveLength(1);
    expect(zoomCalls.filter((call) => call.startsWith('POST') && call.includes('single_use_link'))).toHaveLength(1);
    expect(zoomCalls.filter((call) => /GET \S*\/schedules(\?|$)/.test(call))).toEqual([]);
  });

  it('by title: Zoom is asked with its search filter, once, and the connection is still read once', async () => {
    const { posted, queries: reads, zoomCalls } = await measuredLink('office hours');
    expect(posted.text).toContain('Office Hours');
    expect(connectionReads(reads)).toHaveLength(1);
    const listings = zoomCalls.filter((call) => /GET \S*\/schedules(\?|$)/.test(call));
    expect(listings).toHaveLength(1);
    expect(listings[0]).toContain('search=office+hours');
    expect(zoomCalls.filter((call) => call.startsWith('POST') && call.includes('single_use_link'))).toHaveLength(1);
  });

  it('the Post link button: the schedule and its link on one connection read', async () => {
    await measuredLink(officeHours.id);
    const postsBefore = stack.slack.messagesIn(CHANNEL).length;
    queries.length = 0;
    const sent = await stack.send(
      blockActionBody({
        teamId: stack.teamId,
        userId: ALICE,
        actionId: ACTION_IDS.postLink,
        value: officeHours.id,
        channelId: CHANNEL,
        responseUrl: stack.slack.responseUrl('hot-path-button'),
      }),
    );
    expect(sent.status).toBe(200);
    await stack.waitFor(() => stack.slack.messagesIn(CHANNEL).length > postsBefore, 'the posted link');
    expect(connectionReads(queries)).toHaveLength(1);
  });

  it('a reconnect (new row version) is noticed: the link is made with the new grant, not the kept one', async () => {
    await stack.connectZoom(ALICE);
    const { posted, zoomCalls } = await measuredLink(officeHours.id);
    expect(posted.text).toContain('Office Hours');
    const linkRequests = stack.zoom.stats.requests.filter((r) => r.path.includes('single_use_link'));
    expect(linkRequests.at(-1)!.status).toBe(201);
    expect(zoomCalls.every((call) => !call.includes('/oauth/'))).toBe(true);
  });
});
