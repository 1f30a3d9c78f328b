/**
 * Zoom connects users it will not serve Scheduler to (zoom-live.md §B5), and Marketplace installs arrive without
 * our state (§B6). End to end, under both mock profiles: the callback page, the DM, later commands and `status`
 * say what to do; fixing it at Zoom and running `status` shows the account as working.
 */
import { startLocalStack, type LocalStack } from '../../dev/local-stack';
import type { MockProfile } from '../../src/zoom/mock';

const ALICE = 'U0ALICE';

function textOf(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []);
}

describe.each<MockProfile>(['spec', 'live'])('Scheduler licence and profile checks (%s profile)', (profile) => {
  let stack: LocalStack;

  beforeEach(async () => {
    stack = await startLocalStack({ zoomProfile: profile });
  });
  afterEach(async () => {
    expect(stack.slack.violations).toEqual([]);
    await stack.stop();
  });

  const schedulerCalls = () => stack.zoom.stats.requests.filter((r) => r.path.startsWith('/v2/scheduler/'));

  it('no licence: the callback page, the DM, a later command and status say what to do; status re-checks', async () => {
    const user = stack.zoom.addUser({ email: 'nolicence@example.com', schedulerAccess: 'unlicensed' });
    const page = await stack.connectZoom(ALICE, { zoomUserId: user.id });
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Zoom Scheduler licence missing</h1>');
    expect(page.html).toContain('Ask your Zoom admin to assign a Scheduler licence, open the Scheduler tab in Zoom once');
    expect(schedulerCalls().some((r) => r.path === '/v2/scheduler/users/me' && r.status === 401)).toBe(true);

    const dm = stack.slack.dmChannelId(ALICE);
    const confirmation = await stack.waitFor(() => stack.slack.messagesIn(dm)[0], 'the connect DM');
    expect(confirmation.text).toContain("is connected, but Zoom won't let it use Scheduler yet");
    expect(JSON.stringify(confirmation.blocks)).toContain('ask your Zoom admin to assign you one, open the Scheduler tab in Zoom once');

    const home = await stack.waitFor(
      () =>
        stack.slack.views.find((v) => v.type === 'home' && v.userId === ALICE && textOf(v.view).includes('no Zoom Scheduler licence yet')),
      'App Home saying what to do',
    );
    expect(textOf(home.view)).not.toMatch(/connect_zoom/);

    const list = await stack.command(ALICE, 'list');
    const listed = textOf(list.reply.body);
    expect(listed).toContain('no Zoom Scheduler licence yet');
    expect(listed).toContain('/zoom-schedule status');
    expect(listed).not.toMatch(/Reconnect|connect_zoom|Something went wrong|object Object/);

    const before = await stack.command(ALICE, 'status');
    expect(textOf(before.reply.body)).toContain("but Zoom won't let it use Scheduler yet");
    expect(textOf(before.reply.body)).toContain('no Zoom Scheduler licence yet');

    stack.zoom.control.setSchedulerAccess(user.id, 'ok');
    const after = await stack.command(ALICE, 'status');
    expect(textOf(after.reply.body)).toContain('Connected to Zoom as');
    expect(textOf(after.reply.body)).not.toContain('Scheduler yet');
  });

  it('no Scheduler profile: says to open the Scheduler tab once, then status', async () => {
    const user = stack.zoom.addUser({ email: 'noprofile@example.com', schedulerAccess: 'no-profile' });
    const page = await stack.connectZoom(ALICE, { zoomUserId: user.id });
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>Zoom Scheduler is not set up for your account yet</h1>');
    expect(page.html).toContain('Open the Scheduler tab in Zoom once');

    const events = await stack.command(ALICE, 'events week');
    expect(textOf(events.reply.body)).toContain(
      "Zoom Scheduler isn't set up for your Zoom account yet: open the Scheduler tab in Zoom once",
    );
    expect(textOf(events.reply.body)).not.toMatch(/Reconnect|connect_zoom/);
  });

  // The mock's XML switch acts on the live profile (live Zoom sends XML now and then); spec answers flat JSON.
  it(`reads the refusal from ${profile === 'live' ? 'an XML' : 'a flat JSON'} error body`, async () => {
    const user = stack.zoom.addUser({ email: 'xml@example.com', schedulerAccess: 'unlicensed' });
    await stack.connectZoom(ALICE, { zoomUserId: user.id });
    stack.zoom.control.xmlErrors(true);
    try {
      const list = await stack.command(ALICE, 'list');
      expect(textOf(list.reply.body)).toContain('no Zoom Scheduler licence yet');
      expect(textOf(list.reply.body)).not.toMatch(/<error>|object Object|Reconnect/);
    } finally {
      stack.zoom.control.xmlErrors(false);
    }
    const xmlAnswers = stack.zoom.stats.requests.filter((r) => r.path.startsWith('/v2/scheduler/') && r.status === 401);
    expect(xmlAnswers.length).toBeGreaterThan(0);
  });

  it('a licensed user gets the usual page and DM', async () => {
    const page = await stack.connectZoom(ALICE);
    expect(page.html).toContain('<h1>Zoom is connected</h1>');
    const dm = stack.slack.dmChannelId(ALICE);
    const confirmation = await stack.waitFor(() => stack.slack.messagesIn(dm)[0], 'the connect DM');
    expect(confirmation.text).toMatch(/is connected\.$/);
  });

  it('a Marketplace-initiated install (a code, no state) gets the 400 page and its code is never exchanged', async () => {
    const callbackUrl = stack.zoom.control.marketplaceInstallRedirect(`${stack.baseUrl}/zoom/oauth/callback`);
    expect(new URL(callbackUrl).searchParams.has('state')).toBe(false);
    const tokenRequestsBefore = JSON.stringify(stack.zoom.stats.tokenRequests);
    const page = await fetch(callbackUrl, { redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('<p>In Slack, run <code>/zoom-schedule connect</code>');
    expect(JSON.stringify(stack.zoom.stats.tokenRequests)).toBe(tokenRequestsBefore);
    expect(await stack.app.store.getZoomConnection(stack.teamId, ALICE)).toBeNull();
  });
});
