import { ACTION_IDS } from '../../command/ids';
import { button, context, section, type SlackMessage } from '../blocks';
import { escapeMrkdwn, slackDate } from '../format';
import { BOT_HANDLE } from './schedule-results';

/**
 * The digest's answers and notices: the `digest on|off|now` confirmations and the DM a subscriber gets when
 * their digest could not be delivered, each with the fix.
 */

const CHANGE_HINT = '`/zoom-schedule digest on HH:MM #channel` changes the time or place; `/zoom-schedule digest off` stops it.';

/** Where a digest goes: a channel, or the user's DM with the app. */
function destination(channelId: string | null): string {
  return channelId ? `<#${channelId}>` : 'your DMs';
}

export interface DigestScheduleInput {
  localTime: string;
  timeZone: string;
  channelId: string | null;
  /** The next delivery; `soon` when today's time has passed and today's digest is still owed. */
  next: { atMs: number; soon: boolean };
}

export function digestScheduledMessage(input: DigestScheduleInput): SlackMessage {
  const when = input.next.soon
    ? "Today's time has passed, so today's digest arrives within a minute."
    : `Next one: ${slackDate(new Date(input.next.atMs), input.timeZone)}.`;
  const sentence = `:white_check_mark: Daily digest on: every day at *${input.localTime}* (${input.timeZone}) in ${destination(input.channelId)}. ${when}`;
  return {
    text: `Daily digest on: every day at ${input.localTime} (${input.timeZone}) in ${input.channelId ? 'a channel' : 'your DMs'}.`,
    blocks: [section(sentence), context(CHANGE_HINT)],
  };
}

export function digestOffMessage(hadSubscription: boolean): SlackMessage {
  const sentence = hadSubscription
    ? 'Daily digest off. `/zoom-schedule digest on` turns it back on.'
    : 'You have no daily digest. `/zoom-schedule digest on [HH:MM] [#channel]` starts one.';
  return { text: sentence, blocks: [section(`:white_check_mark: ${sentence}`)] };
}

/** `digest now` is an extra copy: it never uses up the scheduled digest of the day. */
export function digestSentNowMessage(input: {
  channelId: string | null;
  timeZone: string;
  /** The subscription's next delivery; absent without a daily digest. */
  scheduled?: { atMs: number; soon: boolean };
}): SlackMessage {
  const { scheduled } = input;
  const after =
    scheduled === undefined
      ? 'Get one every day with `/zoom-schedule digest on [HH:MM] [#channel]`.'
      : `This extra copy doesn't replace your scheduled digest, which still arrives ${
          scheduled.soon ? 'within a minute' : slackDate(new Date(scheduled.atMs), input.timeZone)
        }.`;
  const sentence = `:white_check_mark: Sent today's digest to ${destination(input.channelId)}. ${after}`;
  return { text: `Sent today's digest to ${input.channelId ? 'the channel' : 'your DMs'}.`, blocks: [section(sentence)] };
}

/** `#name` typed by hand: resolving a name needs scopes the app does not ask for, so the user picks it instead. */
export function digestChannelByNameMessage(name: string): SlackMessage {
  const sentence = `I can't look up #${name} by its name: type \`#\` and pick the channel from Slack's suggestions, so that it arrives as a link.`;
  return { text: sentence, blocks: [section(`:information_source: ${sentence}`)] };
}

export type DigestFailureFix =
  | { kind: 'connect'; authorizeUrl: string; reconnect: boolean }
  | { kind: 'channel'; channelId: string }
  | { kind: 'none'; sentence: string };

/** The DM a subscriber gets when today's digest could not be delivered, with what to do about it. */
export function digestFailureMessage(fix: DigestFailureFix): SlackMessage {
  if (fix.kind === 'connect') {
    const why = fix.reconnect ? 'Zoom no longer accepts your connection (it was revoked or expired)' : 'your Zoom account is not connected';
    const label = fix.reconnect ? 'Reconnect Zoom' : 'Connect Zoom';
    const sentence = `I couldn't send today's Zoom digest: ${why}. ${label} and your digests resume tomorrow.`;
    return {
      text: `${sentence} ${label}: ${fix.authorizeUrl}`,
      blocks: [
        section(
          `:warning: ${sentence}`,
          button({ actionId: ACTION_IDS.connectZoom, text: label, url: fix.authorizeUrl, style: 'primary' }),
        ),
        context('The link works once and expires in 10 minutes. `/zoom-schedule digest off` stops the digest.'),
      ],
    };
  }
  const sentence =
    fix.kind === 'channel'
      ? `I couldn't post today's Zoom digest in <#${fix.channelId}>: it was deleted or archived, or I'm not a member. Invite me with /invite @${BOT_HANDLE}, or pick another channel with \`/zoom-schedule digest on HH:MM #channel\`.`
      : `I couldn't send today's Zoom digest: ${escapeMrkdwn(fix.sentence)}`;
  return { text: sentence, blocks: [section(`:warning: ${sentence}`), context(CHANGE_HINT)] };
}
