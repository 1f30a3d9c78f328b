import type { ConnectResult } from '../core/zoom-accounts';
import type { HtmlPage } from './html-page';

/** The pages a browser lands on after Zoom's consent screen. Plain text only: html-page.ts escapes it. */

export type ConnectRefusal = Extract<ConnectResult, { ok: false }>['reason'];

const TRY_AGAIN = 'Nothing was stored. In Slack, run /zoom-schedule connect to get a new link.';

/** Opens the Slack app where nothing tells which workspace the browser came from (a refused state names none). */
export const OPEN_SLACK_URL = 'slack://open';

const backToSlack = (href: string = OPEN_SLACK_URL) => ({ href, label: 'Back to Slack' });

const REFUSALS: Record<ConnectRefusal, { heading: string; detail: string }> = {
  unknown: {
    heading: "This connect link isn't valid",
    detail: 'It was not issued by this app, or it was changed or cut short on the way.',
  },
  expired: {
    heading: 'This connect link has expired',
    detail: 'Connect links work for 10 minutes.',
  },
  used: {
    heading: 'This connect link was already used',
    detail: 'Each connect link works once.',
  },
  denied: {
    heading: 'Zoom access was not granted',
    detail: "You declined on Zoom's page, so your Zoom account was not connected.",
  },
  exchange_failed: {
    heading: "Zoom didn't complete the connection",
    detail: 'Zoom did not hand over access: the authorization may have expired, or Zoom is not answering right now.',
  },
};

export function refusedPage(reason: ConnectRefusal): HtmlPage {
  const { heading, detail } = REFUSALS[reason];
  return { title: 'Zoom not connected', heading, paragraphs: [detail, TRY_AGAIN], link: backToSlack() };
}

export function failedPage(): HtmlPage {
  return {
    title: 'Zoom not connected',
    heading: 'Something went wrong while connecting Zoom',
    paragraphs: ['We could not finish saving your connection; please try again in a minute.', TRY_AGAIN],
    link: backToSlack(),
  };
}

export function connectedPage(input: { displayName: string; email: string | null; slackUrl: string }): HtmlPage {
  const who = input.email ? `${input.displayName} (${input.email})` : input.displayName;
  return {
    title: 'Zoom connected',
    heading: 'Zoom is connected',
    paragraphs: [`You're connected to Zoom as ${who}.`, 'You can close this tab and go back to Slack.'],
    link: backToSlack(input.slackUrl),
  };
}

/**
 * Zoom connected the account, but the user has no Zoom Scheduler licence (or has never opened Scheduler, which
 * is when Zoom sets it up), so every Scheduler call would fail. `slackUrl`: where "Back to Slack" leads, when known.
 */
export function licenceMissingPage(input: { slackUrl?: string } = {}): HtmlPage {
  return {
    title: 'Zoom Scheduler licence missing',
    heading: 'Zoom Scheduler licence missing',
    paragraphs: [
      'Your Zoom account is connected, but it has no Zoom Scheduler licence yet, so there are no schedules to show.',
      'Ask your Zoom admin to assign a Scheduler licence, open the Scheduler tab in Zoom once, then run /zoom-schedule status in Slack.',
    ],
    link: backToSlack(input.slackUrl),
  };
}

/**
 * Zoom connected the account, which has a Scheduler licence but no Scheduler profile yet: Zoom creates it the
 * first time the user opens the Scheduler tab (zoom-live.md §B5).
 */
export function schedulerProfileMissingPage(input: { slackUrl?: string } = {}): HtmlPage {
  return {
    title: 'Zoom Scheduler not set up yet',
    heading: 'Zoom Scheduler is not set up for your account yet',
    paragraphs: [
      'Your Zoom account is connected, but Zoom Scheduler has not been set up for it, so Zoom refuses to show or create schedules.',
      'Open the Scheduler tab in Zoom once (if Zoom says you have no licence, ask your Zoom admin to assign one), then run /zoom-schedule status in Slack.',
    ],
    link: backToSlack(input.slackUrl),
  };
}

/**
 * Installing from the Zoom App Marketplace sends the browser here with a code but without a state this app
 * issued, so the code cannot be tied to a Slack user and is never exchanged. Connecting starts from Slack.
 */
export function marketplaceInstallPage(): HtmlPage {
  return {
    title: 'Finish connecting in Slack',
    heading: 'Finish connecting Zoom from Slack',
    paragraphs: [
      "Zoom sent you here from the App Marketplace, so this app can't tell which Slack user you are. Nothing was stored.",
      'In Slack, run /zoom-schedule connect and use the Connect Zoom button it shows.',
    ],
    link: backToSlack(),
  };
}
