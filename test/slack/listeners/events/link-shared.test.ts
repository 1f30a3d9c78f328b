import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import type { ScheduleSummary } from '../../../../src/slack/blocks';
import { durationLabel } from '../../../../src/slack/blocks/format';

let stack: LocalStack;
let officeHours: ScheduleSummary;

beforeAll(async () => {
  stack = await startLocalStack();
  await stack.connectZoom('U0ALICE');
  officeHours = (await stack.app.services.schedules.list(stack.teamId, 'U0ALICE')).find((s) => s.title === 'Office Hours')!;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const unfurlCalls = () => stack.slack.calls.filter((c) => c.method === 'chat.unfurl');

/** Delivers `link_shared` signed and waits until the app has finished with it (the Zoom list call is the marker). */
async function paste(user: string, urls: string[], source?: 'composer' | 'conversations_history') {
  const zoomBefore = stack.zoom.stats.requests.length;
  const event = stack.slack.shareLinks({ channel: 'C0GENERAL', user, urls, ...(source ? { source } : {}) });
  const sent = await stack.event(event);
  expect(sent.status).toBe(200);
  return { event, zoomBefore };
}

describe('booking link unfurls (link_shared → chat.unfurl)', () => {
  it("unfurls a connected user's schedule page with title, duration, host and next open times", async () => {
    const before = stack.slack.unfurls.length;
    const { event } = await paste('U0ALICE', [officeHours.url]);
    const [unfurl] = await stack.waitFor(() => stack.slack.unfurls.length > before && stack.slack.unfurls.slice(before), 'the unfurl');
    expect(unfurl!.unfurlId).toBe(event.unfurl_id);
    const shown = JSON.stringify(unfurl!.unfurls[officeHours.url]);
    expect(shown).toContain('Office Hours');
    expect(shown).toContain(` · ${durationLabel(officeHours.durationMinutes)} · `);
    expect(shown).toContain('hosted by <@U0ALICE>');
    expect([...shown.matchAll(/<!date\^\d+\^/g)]).toHaveLength(3);
    expect(shown).toContain(officeHours.url);
    // Addressed as Slack prefers: unfurl_id + source, never both pairs at once.
    const call = unfurlCalls().at(-1)!;
    expect(call.args.unfurl_id).toBe(event.unfurl_id);
    expect(call.args.source).toBe('conversations_history');
  });

  it('unfurls in the composer too (source composer, no message yet)', async () => {
    const before = stack.slack.unfurls.length;
    await paste('U0ALICE', [officeHours.url], 'composer');
    const [unfurl] = await stack.waitFor(() => stack.slack.unfurls.length > before && stack.slack.unfurls.slice(before), 'the unfurl');
    expect(unfurl!.messageTs).toBeUndefined();
    expect(Object.keys(unfurl!.unfurls)).toEqual([officeHours.url]);
  });

  it('leaves an unknown scheduler.zoom.us link alone: no chat.unfurl call at all', async () => {
    const callsBefore = unfurlCalls().length;
    const { zoomBefore } = await paste('U0ALICE', [
      'https://scheduler.zoom.us/alex-rivera/no-such-page',
      'https://scheduler.zoom.us/manage/abc123',
      'https://scheduler.zoom.us/alex-rivera',
    ]);
    // The app asked Zoom for the user's schedules, found none of these, and stopped there.
    await stack.waitFor(
      () => stack.zoom.stats.requests.slice(zoomBefore).some((r) => r.path.endsWith('/scheduler/schedules')),
      'the lookup',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(unfurlCalls().length).toBe(callsBefore);
  });

  it('leaves a link alone when the person who pasted it has not connected Zoom', async () => {
    const callsBefore = unfurlCalls().length;
    await paste('U0BOB', [officeHours.url]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(unfurlCalls().length).toBe(callsBefore);
  });

  it('unfurls only the links it resolves when a message has several', async () => {
    const before = stack.slack.unfurls.length;
    await paste('U0ALICE', ['https://scheduler.zoom.us/someone-else/intro', officeHours.url]);
    const [unfurl] = await stack.waitFor(() => stack.slack.unfurls.length > before && stack.slack.unfurls.slice(before), 'the unfurl');
    expect(Object.keys(unfurl!.unfurls)).toEqual([officeHours.url]);
  });
});
