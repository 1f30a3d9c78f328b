/**
 * Multi-workspace mode (SLACK_CLIENT_ID/SECRET/STATE_SECRET): Bolt's install flow over the app's store, then
 * requests from the installed team authorized from the stored installation.
 */
import { startLocalStack, type LocalStack } from '../dev/local-stack';
import { slashCommandBody } from '../dev/slack-signing';

const ALICE = 'U0ALICE';

/** A browser installing the app: /slack/install sets the state cookie, Slack sends it back with a code. */
async function install(stack: LocalStack, code = 'fake-code'): Promise<{ status: number; html: string }> {
  const start = await fetch(`${stack.baseUrl}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
  expect(authorize.searchParams.get('client_id')).toBe('1111.2222');
  expect(authorize.searchParams.get('scope')).toBe(
    'commands,chat:write,chat:write.public,im:write,users:read,users:read.email,channels:read,groups:read,channels:history,groups:history,im:history,links:read,links:write',
  );
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${stack.baseUrl}/slack/oauth_redirect`);
  const state = authorize.searchParams.get('state')!;
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  expect(cookie).toMatch(/^slack-app-oauth-state=/);

  const redirect = await fetch(`${stack.baseUrl}/slack/oauth_redirect?${new URLSearchParams({ code, state }).toString()}`, {
    headers: { cookie },
    redirect: 'manual',
  });
  return { status: redirect.status, html: await redirect.text() };
}

describe('multi-workspace install', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({
      env: {
        SLACK_BOT_TOKEN: '',
        SLACK_CLIENT_ID: '1111.2222',
        SLACK_CLIENT_SECRET: 'client-secret-x',
        SLACK_STATE_SECRET: 'state-secret-that-is-long-enough',
      },
    });
  });
  afterAll(() => stack.stop());
  afterEach(() => {
    expect(stack.slack.violations).toEqual([]);
    expect(stack.zoom.violations).toEqual([]);
  });

  it('is in multi-workspace mode and answers nobody before an install', async () => {
    expect(stack.app.services.config.slack.mode.kind).toBe('multi-workspace');
    expect(await stack.app.store.findInstallation({ teamId: stack.teamId, isEnterpriseInstall: false })).toBeNull();
    const sent = await stack.send(
      slashCommandBody({ teamId: stack.teamId, userId: ALICE, text: 'help', responseUrl: stack.slack.responseUrl('before-install') }),
    );
    expect(sent.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stack.slack.responses).toEqual([]);
  });

  it('refuses a redirect without the install cookie (an install not started in this browser)', async () => {
    const start = await fetch(`${stack.baseUrl}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const redirect = await fetch(`${stack.baseUrl}/slack/oauth_redirect?code=fake-code&state=${encodeURIComponent(state)}`, {
      redirect: 'manual',
    });
    expect(redirect.status).toBeGreaterThanOrEqual(400);
    expect(await stack.app.store.findInstallation({ teamId: stack.teamId, isEnterpriseInstall: false })).toBeNull();
    expect(stack.slack.calls.filter((c) => c.method === 'oauth.v2.access')).toEqual([]);
  });

  it('installs through /slack/install → /slack/oauth_redirect and then serves the team', async () => {
    const installed = await install(stack);
    expect(installed.status).toBe(200);
    const exchange = stack.slack.calls.filter((c) => c.method === 'oauth.v2.access');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]?.args.code).toBe('fake-code');

    const installation = await stack.app.store.findInstallation({ teamId: stack.teamId, isEnterpriseInstall: false });
    expect(installation?.team?.id).toBe(stack.teamId);
    expect(installation?.bot?.userId).toBe(stack.slack.botUserId);
    expect(installation?.bot?.token).toMatch(/^xoxb-fake-/);

    const { request, reply } = await stack.command(ALICE, 'help');
    expect(request.status).toBe(200);
    expect(JSON.stringify(reply.body.blocks)).toContain('/zoom-schedule connect');

    // Work outside a request (the Zoom connect DM) uses the stored bot token too.
    expect((await stack.connectZoom(ALICE)).status).toBe(200);
    expect(stack.slack.messagesIn(stack.slack.dmChannelId(ALICE)).at(-1)?.text).toBe(
      'Your Zoom account Alex Rivera (alex.rivera@example.com) is connected.',
    );
  });

  it('replaces the installation on a re-install (one row per team), and requests keep working', async () => {
    const before = await stack.app.store.findInstallation({ teamId: stack.teamId, isEnterpriseInstall: false });
    expect((await install(stack, 'second-code')).status).toBe(200);
    const after = await stack.app.store.findInstallation({ teamId: stack.teamId, isEnterpriseInstall: false });
    expect(after?.bot?.token).toMatch(/^xoxb-fake-/);
    expect(after?.bot?.token).not.toBe(before?.bot?.token);
    const { request } = await stack.command(ALICE, 'status');
    expect(request.status).toBe(200);
  });

  it('authorizes requests from the stored installation, with no auth.test per request', async () => {
    const installation = await stack.app.store.findInstallation({ teamId: stack.teamId, isEnterpriseInstall: false });
    expect(installation?.bot?.id).toBe('B0FAKEBOT');
    expect(installation?.bot?.userId).toBe(stack.slack.botUserId);
    stack.slack.reset();
    for (const text of ['help', 'list', 'status', 'analytics 5']) {
      const { request, reply } = await stack.command(ALICE, text);
      expect(request.status).toBe(200);
      expect(reply.body.text).toBeTruthy();
    }
    expect(stack.slack.calls.filter((c) => c.method === 'auth.test')).toEqual([]);
  });
});
