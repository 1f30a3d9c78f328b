/**
 * The hot path of `/zoom-schedule link`: one database read for the user's connection and tokens, and only the
 * Zoom calls the answer needs (the schedule by id or by Zoom's title search, then the single-use link). The
 * schedule and its next open times are reused for a minute (SCHEDULE_REUSE_MS); the single-use link never is.
 */
import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { blockActionBody } from '../../../../dev/slack-signing';
import { ACTION_IDS } from '../../../../src/slack/command/ids';
import type { ObservedQuery } from '../../../../src/store';
import type { ScheduleSummary } from '../../../../src/slack/blocks';
import { SCHEDULE_REUSE_MS, scheduleRequest } from '../../../../src/core/schedules';
import { zoomAs } from '../e2e-helpers';
import { schedulesOf, slash } from './helpers';

const ALICE = 'U0ALICE';
const CHANNEL = 'C0SALES';

let stack: LocalStack;
let officeHours: ScheduleSummary;
const queries: ObservedQuery[] = [];
/** The app's clock runs this far ahead of the wall clock: moved past the reuse window, it asks Zoom afresh. */
let aheadMs = 0;
const pastReuseWindow = () => (aheadMs += SCHEDULE_REUSE_MS + 1000);

beforeAll(async () => {
  // The digest scheduler's own ticks are not the command's work.
  stack = await startLocalStack({
    onDatabaseQuery: (query) => queries.push(query),
    digestScheduler: { autoStart: false },
    now: () => Date.now() + aheadMs,
  });
  await stack.connectZoom(ALICE);
  officeHours = (await schedulesOf(stack)).find((s) => s.title === 'Office Hours')!;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

/**
 * The mock records a request when it has answered it, and a post may go out before a slow `available_times`
 * answer (the times have their own short timeout): so the Zoom work of a link is read once the mock is quiet.
 */
async function zoomQuiet(): Promise<void> {
  await stack.waitFor(async () => {
    const answered = stack.zoom.stats.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return stack.zoom.stats.requests.length === answered;
  }, 'the Zoom mock to be quiet');
}

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
  await zoomQuiet();
  const zoomCalls = stack.zoom.stats.requests.slice(zoomBefore).map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);
  return { posted: posted!, queries: [...queries], zoomCalls };
}

const connectionReads = (queries: ObservedQuery[]) => queries.filter((q) => q.model === 'ZoomConnection' && q.operation.startsWith('find'));
// The job runner polls BackgroundJob on its own timer; a poll that falls inside the measured link is not the link's read.
const reads = (queries: ObservedQuery[]) =>
  queries.filter((q) => q.model !== 'BackgroundJob' && /^(find|count|aggregate|groupBy|query)/i.test(q.operation));
const scheduleReads = (calls: string[], scheduleId: string) =>
  calls.filter((call) => call.endsWith(`GET /v2/scheduler/schedules/${scheduleId}`));
const linkCreations = (calls: string[]) => calls.filter((call) => call.startsWith('POST') && call.includes('single_use_link'));
const timesAsked = (calls: string[]) => calls.filter((call) => call.includes('/available_times'));

describe('/zoom-schedule link, measured', () => {
  it('by id: one database read in all (the connection, tokens kept by row version) and no listing of schedules', async () => {
    pastReuseWindow();
    await measuredLink(officeHours.id); // the first use after start reads and decrypts the tokens once
    pastReuseWindow();
    const { posted, queries: observed, zoomCalls } = await measuredLink(officeHours.id);
    expect(posted.text).toContain('Office Hours');
    expect(connectionReads(observed)).toHaveLength(1);
    // Nothing else reads the database: no token reload, no refresh lease, no other table.
    expect(observed.filter((q) => q.model === 'ZoomConnection')).toHaveLength(1);
    expect(reads(observed)).toHaveLength(1);
    expect(scheduleReads(zoomCalls, officeHours.id)).toHaveLength(1);
    expect(linkCreations(zoomCalls)).toHaveLength(1);
    expect(timesAsked(zoomCalls)).toHaveLength(1);
    expect(zoomCalls.filter((call) => /GET \S*\/schedules(\?|$)/.test(call))).toEqual([]);
  });

  it('within a minute the schedule and its open times are reused: the link is the only Zoom call, and a new one', async () => {
    pastReuseWindow();
    const first = await measuredLink(officeHours.id);
    const again = await measuredLink(officeHours.id);
    expect(again.posted.text).toContain('Office Hours');
    expect(again.zoomCalls).toHaveLength(1);
    expect(linkCreations(again.zoomCalls)).toHaveLength(1);
    expect(reads(again.queries)).toHaveLength(1);
    const urlOf = (text: string | undefined) => text?.match(/https:\/\/scheduler\.zoom\.us\/\S+?(?=[>|\s]|$)/)?.[0];
    expect(urlOf(again.posted.text)).toBeDefined();
    expect(urlOf(again.posted.text)).not.toEqual(urlOf(first.posted.text));
    // The reused times are still the ones Zoom lists.
    expect(JSON.stringify(again.posted.blocks)).toContain('Next open:');
    pastReuseWindow();
    const later = await measuredLink(officeHours.id);
    expect(scheduleReads(later.zoomCalls, officeHours.id)).toHaveLength(1);
    expect(timesAsked(later.zoomCalls)).toHaveLength(1);
  });

  it('twenty links to one schedule at once: twenty fresh single-use links, one schedule read, one ask for open times', async () => {
    pastReuseWindow();
    const postsBefore = stack.slack.messagesIn(CHANNEL).length;
    const zoomBefore = stack.zoom.stats.requests.length;
    await Promise.all(Array.from({ length: 20 }, () => slash(stack, ALICE, `link ${officeHours.id}`, CHANNEL)));
    const posted = await stack.waitFor(() => {
      const fresh = stack.slack.messagesIn(CHANNEL).slice(postsBefore);
      return fresh.length >= 20 ? fresh : undefined;
    }, 'twenty posted links');
    await zoomQuiet();
    const zoomCalls = stack.zoom.stats.requests.slice(zoomBefore).map((r) => `${r.method} ${r.path}`);
    expect(linkCreations(zoomCalls)).toHaveLength(20);
    expect(scheduleReads(zoomCalls, officeHours.id)).toHaveLength(1);
    expect(timesAsked(zoomCalls)).toHaveLength(1);
    const urls = new Set(posted.map((p) => p.text?.match(/https:\/\/scheduler\.zoom\.us\/\S+?(?=[>|\s]|$)/)?.[0]));
    expect(urls.size).toBe(20);
  });

  it('a schedule deleted in Zoom while it is reused: Zoom refuses the link, the user is told, and the next link asks Zoom again', async () => {
    pastReuseWindow();
    const weekly = { mon: [{ start: '09:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const doomed = await zoomAs(stack).createSchedule(
      scheduleRequest(
        { title: 'Short-lived', durationMinutes: 30, availability: { kind: 'custom', weekly }, meetingType: 'zoomMeeting' },
        'UTC',
      ),
    );
    await measuredLink(doomed.schedule_id);
    await zoomAs(stack).deleteSchedule(doomed.schedule_id);
    const { responses } = await slash(stack, ALICE, `link ${doomed.schedule_id}`, CHANNEL);
    const [answer] = await stack.waitFor(() => (responses().length > 0 ? responses() : undefined), 'the answer to the user');
    expect(JSON.stringify(answer)).toMatch(/deleted/);
    const zoomBefore = stack.zoom.stats.requests.length;
    const { responses: next } = await slash(stack, ALICE, `link ${doomed.schedule_id}`, CHANNEL);
    await stack.waitFor(() => (next().length > 0 ? next() : undefined), 'the answer to the next link');
    const zoomCalls = stack.zoom.stats.requests.slice(zoomBefore).map((r) => `${r.method} ${r.path}`);
    expect(scheduleReads(zoomCalls, doomed.schedule_id)).toHaveLength(1);
    expect(linkCreations(zoomCalls)).toEqual([]);
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
