import type { ConnectResult } from '../core/zoom-accounts';
import type { HtmlPage } from './html-page';

/** The pages a browser lands on after Zoom's consent screen. Plain text only: html-page.ts escapes it. */

export type ConnectRefusal = Extract<ConnectResult, { ok: false }>['reason'];

const TRY_AGAIN = 'Nothing was stored. In Slack, run /zoom-schedule connect to get a new link.';

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
  return { title: 'Zoom not connected', heading, paragraphs: [detail, TRY_AGAIN] };
}

export function failedPage(): HtmlPage {
  return {
    title: 'Zoom not connected',
    heading: 'Something went wrong while connecting Zoom',
    paragraphs: ['We could not finish saving your connection; please try again in a minute.', TRY_AGAIN],
  };
}

export function connectedPage(input: { displayName: string; email: string | null; slackUrl: string }): HtmlPage {
  const who = input.email ? `${input.displayName} (${input.email})` : input.displayName;
  return {
    title: 'Zoom connected',
    heading: 'Zoom is connected',
    paragraphs: [`You're connected to Zoom as ${who}.`, 'You can close this tab and go back to Slack.'],
    link: { href: input.slackUrl, label: 'Back to Slack' },
  };
}
