import { ACTION_IDS } from '../../command/ids';
import { button, context, section, type SlackMessage } from '../blocks';
import { escapeMrkdwn, slackDate } from '../format';
import { truncate } from '../limits';

/**
 * - `connect`: the user asked to connect;
 * - `not_connected`: the user ran a command that needs Zoom first;
 * - `reconnect`: Zoom refused the stored refresh token (`invalid_grant`), so the user must authorize again.
 */
export type ConnectReason = 'connect' | 'not_connected' | 'reconnect';

const INTRO: Record<ConnectReason, string> = {
  connect: 'Connect your Zoom account to create schedules and share booking links from Slack.',
  not_connected: 'You need to connect your Zoom account first.',
  reconnect: 'Zoom no longer accepts your connection (it was revoked or expired). Connect again to continue.',
};

export function connectPromptMessage(input: { authorizeUrl: string; reason: ConnectReason }): SlackMessage {
  const label = input.reason === 'reconnect' ? 'Reconnect Zoom' : 'Connect Zoom';
  return {
    text: `${INTRO[input.reason]} ${label}: ${input.authorizeUrl}`,
    blocks: [
      section(INTRO[input.reason], button({ actionId: ACTION_IDS.connectZoom, text: label, url: input.authorizeUrl, style: 'primary' })),
      context('The link works once and expires in 10 minutes. Only you can see this message.'),
    ],
  };
}

export interface ConnectionStatus {
  displayName: string;
  email?: string;
  /** The user's personal Zoom Scheduler page, when Zoom reports one. */
  schedulingUrl?: string;
  /** Zoom refuses this user Scheduler (no licence, no profile): what to do about it. */
  schedulerRefusal?: string;
  /** Where booking announcements go: the default and each schedule routed to its own channel. */
  notifications?: NotificationRouting;
  /** When Zoom last accepted the connection, and the zone its fallback text is written in. */
  lastVerified?: { at: Date; timeZone: string };
}

function lastVerifiedLine(status: ConnectionStatus): string[] {
  return status.lastVerified ? [`Last verified with Zoom: ${slackDate(status.lastVerified.at, status.lastVerified.timeZone)}.`] : [];
}

export interface NotificationRouting {
  /** Null: a DM. */
  defaultChannelId: string | null;
  routes: ReadonlyArray<{ scheduleTitle: string; channelId: string }>;
  noShowPrompts: boolean;
}

const ROUTES_SHOWN = 20;

/** `<#C…>` renders as the channel's name for each reader. */
function routingBlock(routing: NotificationRouting) {
  const where = routing.defaultChannelId ? `<#${routing.defaultChannelId}>` : 'a DM to you';
  const lines = [`Bookings are announced in ${where}.`];
  for (const route of routing.routes.slice(0, ROUTES_SHOWN)) {
    lines.push(`• ${escapeMrkdwn(truncate(route.scheduleTitle, 100))} → <#${route.channelId}>`);
  }
  if (routing.routes.length > ROUTES_SHOWN) lines.push(`…and ${routing.routes.length - ROUTES_SHOWN} more.`);
  lines.push(routing.noShowPrompts ? 'After each booked meeting I ask whether the invitee attended.' : 'Attendance questions are off.');
  return section(lines.join('\n'));
}

export function statusMessage(status: ConnectionStatus): SlackMessage {
  const who = status.email ? `${status.displayName} (${status.email})` : status.displayName;
  if (status.schedulerRefusal) {
    return {
      text: `Connected to Zoom as ${escapeMrkdwn(who)}, but Zoom won't let it use Scheduler yet.`,
      blocks: [
        section(`:warning: Connected to Zoom as *${escapeMrkdwn(who)}*, but Zoom won't let it use Scheduler yet.`),
        section(escapeMrkdwn(status.schedulerRefusal)),
        ...(status.notifications ? [routingBlock(status.notifications)] : []),
        ...(status.lastVerified ? [context(lastVerifiedLine(status).join(' '))] : []),
      ],
    };
  }
  const lines = [`:white_check_mark: Connected to Zoom as *${escapeMrkdwn(who)}*.`];
  if (status.schedulingUrl) lines.push(`Your scheduling page: ${status.schedulingUrl}`);
  return {
    text: `Connected to Zoom as ${escapeMrkdwn(who)}.`,
    blocks: [
      section(lines.join('\n')),
      ...(status.notifications ? [routingBlock(status.notifications)] : []),
      context([...lastVerifiedLine(status), '`/zoom-schedule disconnect` removes the connection and your tokens.'].join(' ')),
    ],
  };
}
