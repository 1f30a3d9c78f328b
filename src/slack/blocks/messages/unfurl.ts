import type { KnownBlock } from '@slack/types';
import { ACTION_IDS } from '../../command/ids';
import { button, context, section } from '../blocks';
import { durationLabel, escapeMrkdwn } from '../format';
import { truncate } from '../limits';
import type { ScheduleSummary } from '../../../core/model';
import { openSlotsLine } from './links';

const TITLE_MAX = 200;

/** What a pasted booking link unfurls to: the schedule's title, length and host, and when it is next free. */
export function bookingLinkUnfurl(input: { url: string; schedule: ScheduleSummary; hostUserId: string; openSlots?: readonly Date[] }): {
  blocks: KnownBlock[];
} {
  const title = escapeMrkdwn(truncate(input.schedule.title, TITLE_MAX));
  const slots = openSlotsLine(input.openSlots);
  return {
    blocks: [
      section(
        `:calendar: *${title}* · ${durationLabel(input.schedule.durationMinutes)} · hosted by <@${input.hostUserId}>`,
        button({ actionId: ACTION_IDS.openBookingPage, text: 'Book a time', url: input.url }),
      ),
      context(slots ?? 'Zoom Scheduler booking page'),
    ],
  };
}
