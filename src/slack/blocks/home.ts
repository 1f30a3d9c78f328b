import type { HomeView, KnownBlock } from '@slack/types';
import { SLASH_COMMAND } from '../command/grammar';
import { ACTION_IDS } from '../command/ids';
import { actions, button, context, divider, header, section } from './blocks';
import { escapeMrkdwn, plural, slackDate } from './format';
import { fitItems } from './limits';
import type { BookingSummary, ChannelTarget, ScheduleSummary } from '../../core/model';
import type { ConnectReason } from './messages/connection';
import { bookingLine } from './messages/events';
import { scheduleLine } from './messages/schedules';
import { openSlotsLine } from './messages/links';

export type HomeConnection =
  | { connected: true; displayName: string; email?: string }
  /** No authorizeUrl in Server-to-Server mode: users link their Zoom user by running `connect`. */
  | { connected: false; authorizeUrl?: string; reason: ConnectReason };

export interface HomeData {
  connection: HomeConnection;
  timeZone: string;
  upcoming: readonly BookingSummary[];
  schedules: readonly ScheduleSummary[];
  /** Next open times by schedule id, for the schedules Zoom answered in time. */
  openSlots?: ReadonlyMap<string, readonly Date[]>;
  digest: { enabled: false } | { enabled: true; time: string; channel?: ChannelTarget; timeZone?: string; nextAt?: Date };
  /** Where bookings are announced; absent = a DM (the default). */
  notifyChannel?: ChannelTarget;
  /** Zoom could not be read: this sentence stands in for the bookings and schedules. */
  zoomUnavailable?: string;
  /** Zoom refuses the user Scheduler (licence removed, no profile): not an outage, so the banner says so. */
  zoomRefusesScheduler?: boolean;
}

const UPCOMING_BLOCKS = 10;
const SCHEDULE_BLOCKS = 50;
/** Views have no cumulative text limit but a 250 kB size limit; this keeps far below it. */
const SECTION_TEXT_BUDGET = 30000;

function channelLabel(channel: ChannelTarget | undefined): string {
  if (!channel) return 'a DM from me';
  return `<#${channel.id}>`;
}

function connectionBlocks(connection: HomeConnection): KnownBlock[] {
  if (!connection.connected && connection.authorizeUrl === undefined) {
    return [
      section(
        'Run `/zoom-schedule connect` to link your Zoom user (the one with your Slack e-mail address); then schedules and bookings show here.',
      ),
    ];
  }
  if (!connection.connected) {
    const label = connection.reason === 'reconnect' ? 'Reconnect Zoom' : 'Connect Zoom';
    const sentence =
      connection.reason === 'reconnect'
        ? ':warning: Zoom no longer accepts your connection. Connect again to continue.'
        : 'Connect your Zoom account to create schedules and share booking links from Slack.';
    return [section(sentence, button({ actionId: ACTION_IDS.connectZoom, text: label, url: connection.authorizeUrl, style: 'primary' }))];
  }
  const who = connection.email ? `${connection.displayName} (${connection.email})` : connection.displayName;
  return [
    section(`:white_check_mark: Connected to Zoom as *${escapeMrkdwn(who)}*`),
    actions(
      button({ actionId: ACTION_IDS.openNewSchedule, text: 'New schedule', style: 'primary' }),
      button({ actionId: ACTION_IDS.openAvailability, text: 'Edit availability' }),
    ),
  ];
}

function upcomingBlocks(data: HomeData): KnownBlock[] {
  if (data.upcoming.length === 0) return [section('*Next bookings*\nNo upcoming bookings.')];
  const page = fitItems(data.upcoming, (b) => [section(bookingLine(b, data.timeZone))], {
    maxBlocks: UPCOMING_BLOCKS,
    maxText: SECTION_TEXT_BUDGET,
  });
  const blocks: KnownBlock[] = [section('*Next bookings*'), ...page.blocks];
  if (page.rest > 0) blocks.push(context(`…and ${plural(page.rest, 'more booking')}: \`${SLASH_COMMAND} events week\``));
  return blocks;
}

function scheduleBlocks(data: HomeData): KnownBlock[] {
  if (data.schedules.length === 0) return [section(`*Schedules*\nNo schedules yet. Create one with *New schedule*.`)];
  const page = fitItems(
    data.schedules,
    (s) => {
      const slots = openSlotsLine(data.openSlots?.get(s.id));
      return [
        section(scheduleLine(s), button({ actionId: ACTION_IDS.shareSchedule, text: 'Share', value: s.id })),
        ...(slots ? [context(slots)] : []),
      ];
    },
    { maxBlocks: SCHEDULE_BLOCKS, maxText: SECTION_TEXT_BUDGET },
  );
  const blocks: KnownBlock[] = [section(`*Schedules* (${data.schedules.length})`), ...page.blocks];
  if (page.rest > 0) blocks.push(context(`…and ${plural(page.rest, 'more schedule')}: \`${SLASH_COMMAND} list\``));
  return blocks;
}

function settingsBlocks(data: HomeData): KnownBlock[] {
  const digest = data.digest.enabled
    ? `Daily digest at *${data.digest.time}* (${escapeMrkdwn(data.digest.timeZone ?? data.timeZone)}) to ${channelLabel(data.digest.channel)}` +
      (data.digest.nextAt ? ` · next ${slackDate(data.digest.nextAt, data.digest.timeZone ?? data.timeZone)}` : '')
    : 'Daily digest is *off*';
  return [
    section(`*Settings*\n${digest}\nNew and cancelled bookings go to ${channelLabel(data.notifyChannel)}`),
    context(`Change them with \`${SLASH_COMMAND} digest on [HH:MM] [#channel]\`, \`digest off\`, \`notify #channel\`, \`notify off\`.`),
  ];
}

/** The App Home tab, republished after each change. */
export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [header('Zoom Scheduler'), ...connectionBlocks(data.connection)];
  if (data.connection.connected) {
    const lead = data.zoomRefusesScheduler
      ? 'Zoom no longer lets your account use Scheduler, so I can’t announce bookings or send your digest, and nothing is shown here.'
      : 'Zoom is unavailable right now, so bookings and schedules are not shown.';
    const zoomBlocks = data.zoomUnavailable
      ? [section(`:warning: ${lead} ${escapeMrkdwn(data.zoomUnavailable)}`)]
      : [...upcomingBlocks(data), divider(), ...scheduleBlocks(data)];
    blocks.push(divider(), ...zoomBlocks, divider(), ...settingsBlocks(data));
  }
  return { type: 'home', blocks };
}
