import { isNoShowPromptPayload } from '../../core/attendance';
import { slackOwnersOf } from '../../core/zoom-accounts';
import type { Logger } from '../../logger';
import { inTeam, noteRequestTeam } from '../../lib/request-context';
import type { SeenBookingRecord, Store } from '../../store';
import { noShowPromptMessage } from '../blocks/messages/no-show';
import type { SlackClients } from '../web/clients';
import { sendDirectMessage } from '../web/post';
import type { SlackUsers } from '../web/users';

export interface NoShowPromptsOptions {
  store: Store;
  slackClients: SlackClients;
  slackUsers: SlackUsers;
  logger: Logger;
}

/**
 * The `no-show-prompt` job, due when a booked meeting ends: DMs each Slack user connected to the host "Did <invitee>
 * attend?", once. A booking cancelled or moved since is skipped; the claim is a conditional write, so a job taken
 * over after a crash (the runner is at-least-once) does not ask twice.
 */
export class NoShowPrompts {
  private readonly logger: Logger;

  constructor(private readonly options: NoShowPromptsOptions) {
    this.logger = options.logger.child({ component: 'no-show-prompts' });
  }

  async run(payload: unknown): Promise<void> {
    if (!isNoShowPromptPayload(payload)) {
      this.logger.warn('no-show prompt job without a booking id: dropped');
      return;
    }
    const { store } = this.options;
    const booking = await store.getSeenBooking(payload.seenBookingId);
    if (!booking || booking.status !== 'scheduled' || booking.noShowAnswer !== null) return;
    const owners = await slackOwnersOf(store, booking.zoomUserId);
    noteRequestTeam(owners.map((owner) => owner.teamId));
    if (!(await store.claimNoShowPrompt(booking.id))) return;
    try {
      for (const owner of owners) {
        await inTeam(owner.teamId, () => this.prompt(owner, booking));
      }
    } catch (error) {
      // The job is retried with backoff; giving the claim back lets the retry ask.
      await store.releaseNoShowPrompt(booking.id);
      throw error;
    }
  }

  private async prompt(owner: { teamId: string; userId: string }, booking: SeenBookingRecord): Promise<void> {
    if (!(await this.options.store.noShowPromptsEnabled(owner.teamId, owner.userId))) return;
    const client = await this.options.slackClients.forTeam(owner.teamId);
    if (!client) return;
    const timeZone = await this.options.slackUsers.timeZone(client, owner.teamId, owner.userId);
    await sendDirectMessage(
      client,
      owner.userId,
      noShowPromptMessage({
        seenBookingId: booking.id,
        inviteeName: booking.inviteeName,
        title: booking.title,
        start: booking.startAt,
        timeZone,
      }),
    );
  }
}
