/**
 * The Zoom connect flow's pages in headless Chromium, reached through the real app on the local stack (the
 * licence page, which no route serves yet, through sendHtmlPage on a loopback server). Each page: a
 * screenshot in test-artifacts/connect-pages/, its key text, a "Back to Slack" link that works, no sideways
 * scrolling at 375 px, its security headers, its style allowed by the CSP, and no request to anyone but the app.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { buttonUrl, startLocalStack, type LocalStack } from '../../dev/local-stack';
import { CONTENT_SECURITY_POLICY, sendHtmlPage } from '../../src/routes/html-page';
import { licenceMissingPage, OPEN_SLACK_URL } from '../../src/routes/zoom-connect-pages';
import { describeWithChromium, launchChromium, type Browser } from '../support/chromium';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/connect-pages');
const ALICE = 'U0ALICE';
const PHONE_WIDTH = 375;

describeWithChromium('Zoom connect pages in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  let licenceServer: Server;
  let licenceUrl: string;
  let page: Page;
  let consoleErrors: string[];
  let foreignRequests: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [stack, browser] = await Promise.all([startLocalStack(), launchChromium()]);
    licenceServer = createServer((_req, res) => sendHtmlPage(res, 200, licenceMissingPage()));
    await new Promise<void>((resolve) => licenceServer.listen(0, '127.0.0.1', resolve));
    licenceUrl = `http://127.0.0.1:${(licenceServer.address() as AddressInfo).port}/`;
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => licenceServer?.close(resolve));
    await stack?.stop();
  });

  beforeEach(async () => {
    page = await browser.context.newPage();
    consoleErrors = [];
    foreignRequests = [];
    page.on('console', (message) => {
      // The refusal pages answer 400, which Chromium reports as a failed load; any other error (a CSP refusal) counts.
      if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 400/.test(message.text())) {
        consoleErrors.push(message.text());
      }
    });
    // The Zoom mock's authorize page redirects to the app; everything else must come from the app itself.
    const allowed = new Set([new URL(stack.baseUrl).origin, new URL(stack.zoom.oauthBaseUrl).origin, new URL(licenceUrl).origin]);
    page.on('request', (request) => {
      if (!allowed.has(new URL(request.url()).origin)) foreignRequests.push(request.url());
    });
  });
  afterEach(async () => {
    await page.close();
  });

  async function connectLink(userId = ALICE): Promise<string> {
    const { reply } = await stack.command(userId, 'connect');
    return buttonUrl(reply.body.blocks, 'connect_zoom')!;
  }

  const callbackUrl = (query: Record<string, string>) => `${stack.baseUrl}/zoom/oauth/callback?${new URLSearchParams(query).toString()}`;

  /** What every page must do; returns the Back to Slack link's href. */
  async function checkPage(
    name: string,
    response: Response | null,
    expected: { status: number; heading: string; text: string[] },
  ): Promise<string> {
    expect(response).not.toBeNull();
    expect(response!.status()).toBe(expected.status);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

    expect(await page.locator('h1').innerText()).toBe(expected.heading);
    const body = await page.locator('body').innerText();
    for (const text of expected.text) expect(body).toContain(text);

    // The hashed style applied (the CSP did not block it): the link is drawn as Slack's aubergine button.
    const link = page.getByRole('link', { name: 'Back to Slack' });
    expect(await link.count()).toBe(1);
    // Expressions as strings: the project compiles without the DOM library; they run in the page.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('a')).backgroundColor")).toBe('rgb(74, 21, 75)');
    const box = (await link.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE_WIDTH);
    expect(box.height).toBeGreaterThanOrEqual(36);

    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_WIDTH);
    // No external anything: the only URL in the document is the Slack link.
    const urls = await page.evaluate<string[]>(
      "Array.from(document.querySelectorAll('[src],[href]'), (el) => el.getAttribute('src') ?? el.getAttribute('href'))",
    );
    expect(urls).toHaveLength(1);
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    return (await link.getAttribute('href'))!;
  }

  it('success: says who is connected and leads back to the DM in Slack', async () => {
    const response = await page.goto(await connectLink());
    expect(new URL(page.url()).pathname).toBe('/zoom/oauth/callback');
    const { email } = stack.zoom.defaultUser;
    const href = await checkPage('success', response, {
      status: 200,
      heading: 'Zoom is connected',
      text: [`You're connected to Zoom as`, email, 'You can close this tab and go back to Slack.'],
    });

    const target = new URL(href);
    expect(`${target.origin}${target.pathname}`).toBe('https://slack.com/app_redirect');
    expect(target.searchParams.get('team')).toBe(stack.teamId);
    expect(target.searchParams.get('channel')).toBe(stack.slack.dmChannelId(ALICE));
    // Following the link: Slack is stood in for by the test, and is not told where the user came from.
    let referer: string | undefined = 'not requested';
    await page.route('https://slack.com/**', (route) => {
      referer = route.request().headers()['referer'];
      return route.fulfill({ status: 200, contentType: 'text/plain', body: 'slack' });
    });
    await Promise.all([page.waitForURL(href), page.getByRole('link', { name: 'Back to Slack' }).click()]);
    expect(referer).toBeUndefined();
  });

  it('denied consent: nothing connected, how to try again', async () => {
    const state = new URL(await connectLink()).searchParams.get('state')!;
    const href = await checkPage('denied', await page.goto(callbackUrl({ error: 'access_denied', state })), {
      status: 400,
      heading: 'Zoom access was not granted',
      text: ['run /zoom-schedule connect to get a new link'],
    });
    expect(href).toBe(OPEN_SLACK_URL);
  });

  it('expired state', async () => {
    const state = await stack.app.store.createOAuthState({
      teamId: stack.teamId,
      slackUserId: ALICE,
      codeVerifier: 'v'.repeat(43),
      ttlMs: -1000,
    });
    const href = await checkPage('expired', await page.goto(callbackUrl({ code: 'any-code', state })), {
      status: 400,
      heading: 'This connect link has expired',
      text: ['Connect links work for 10 minutes.', 'run /zoom-schedule connect'],
    });
    expect(href).toBe(OPEN_SLACK_URL);
  });

  it('invalid state', async () => {
    const href = await checkPage('invalid-state', await page.goto(callbackUrl({ code: 'any-code', state: 'not-a-state-we-issued' })), {
      status: 400,
      heading: "This connect link isn't valid",
      text: ['run /zoom-schedule connect'],
    });
    expect(href).toBe(OPEN_SLACK_URL);
  });

  it('Marketplace-initiated install: a code without a state says to connect from Slack', async () => {
    const href = await checkPage('marketplace-install', await page.goto(callbackUrl({ code: 'code-from-the-marketplace' })), {
      status: 400,
      heading: 'Finish connecting Zoom from Slack',
      text: ['In Slack, run /zoom-schedule connect'],
    });
    expect(href).toBe(OPEN_SLACK_URL);
  });

  it('licence missing', async () => {
    const href = await checkPage('licence-missing', await page.goto(licenceUrl), {
      status: 200,
      heading: 'Zoom Scheduler licence missing',
      text: ['Ask your Zoom admin to assign a Scheduler licence, open the Scheduler tab in Zoom once, then run /zoom-schedule status'],
    });
    expect(href).toBe(OPEN_SLACK_URL);
  });
});
