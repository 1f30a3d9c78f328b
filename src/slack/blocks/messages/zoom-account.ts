import { ACTION_IDS } from '../../command/ids';
import { button, context, section, type SlackMessage } from '../blocks';
import { escapeMrkdwn } from '../format';
import { truncate } from '../limits';

/** A Zoom account as the user knows it: name, and email when Zoom gave one. */
export interface ZoomAccountName {
  displayName: string;
  email?: string | undefined;
}

/** Long enough for any real name and address; keeps a hostile profile from crowding out the message. */
const MAX_NAME = 200;

function who({ displayName, email }: ZoomAccountName): string {
  const name = truncate(displayName, MAX_NAME);
  return escapeMrkdwn(email ? `${name} (${truncate(email, MAX_NAME)})` : name);
}

const LINK_NOTE = 'The link works once and expires in 10 minutes. Only you can see this message.';

/** `connect` while a connection exists: who it is, and a button to connect another Zoom account instead. */
export function alreadyConnectedMessage(input: { account: ZoomAccountName; authorizeUrl: string }): SlackMessage {
  const intro = `You're already connected to Zoom as *${who(input.account)}*. To use a different Zoom account, reconnect.`;
  return {
    text: `You're already connected to Zoom as ${who(input.account)}.`,
    blocks: [
      section(intro, button({ actionId: ACTION_IDS.connectZoom, text: 'Reconnect Zoom', url: input.authorizeUrl })),
      context(LINK_NOTE),
    ],
  };
}

/** `status` of a user without their own connection who works through the team's shared Zoom account. */
export function sharedAccountStatusMessage(input: {
  account: ZoomAccountName;
  schedulingUrl?: string | undefined;
  authorizeUrl: string;
}): SlackMessage {
  const lines = [`You're using your team's shared Zoom account, *${who(input.account)}*.`];
  if (input.schedulingUrl) lines.push(`Its scheduling page: ${input.schedulingUrl}`);
  lines.push('Connect your own Zoom account to schedule as yourself.');
  return {
    text: `You're using your team's shared Zoom account, ${who(input.account)}.`,
    blocks: [
      section(
        lines.join('\n'),
        button({ actionId: ACTION_IDS.connectZoom, text: 'Connect my Zoom', url: input.authorizeUrl, style: 'primary' }),
      ),
      context(LINK_NOTE),
    ],
  };
}

/**
 * `disconnect` done: tokens revoked at Zoom and deleted here; or, in Server-to-Server mode (`linkOnly`), the
 * e-mail link removed (there were no tokens of the user's own).
 */
export function disconnectedMessage(account: ZoomAccountName, options: { linkOnly?: boolean } = {}): SlackMessage {
  const sentence = options.linkOnly
    ? `Unlinked your Zoom user *${who(account)}*: the app no longer acts for it.`
    : `Disconnected your Zoom account *${who(account)}*: its tokens are revoked at Zoom and deleted here.`;
  return {
    text: `Disconnected your Zoom account ${who(account)}.`,
    blocks: [section(`:white_check_mark: ${sentence}`), context('Run `/zoom-schedule connect` to connect again.')],
  };
}

/** The DM sent when the Zoom OAuth callback stored a new connection. */
export function connectedConfirmationMessage(account: ZoomAccountName, options: { schedulerRefusal?: string } = {}): SlackMessage {
  if (options.schedulerRefusal) {
    // Connected, but Zoom refuses this user Scheduler: the fix, not the usual "try /zoom-schedule new".
    return {
      text: `Your Zoom account ${who(account)} is connected, but Zoom won't let it use Scheduler yet.`,
      blocks: [
        section(`:warning: Your Zoom account *${who(account)}* is connected, but Zoom won't let it use Scheduler yet.`),
        section(escapeMrkdwn(options.schedulerRefusal)),
      ],
    };
  }
  return {
    text: `Your Zoom account ${who(account)} is connected.`,
    blocks: [
      section(`:white_check_mark: Your Zoom account *${who(account)}* is connected.`),
      context('Try `/zoom-schedule new` to create a scheduling page, or `/zoom-schedule help` for everything else.'),
    ],
  };
}
