import type { Logger } from '../../logger';
import type { Store } from '../../store';
import { nextDigestInstant } from '../../time';
import { isSchedulerAccessError, ZoomReconnectRequiredError } from '../../zoom';
import type { HomeData } from '../blocks/home';
import type { BookingSummary, ScheduleSummary } from '../../core/model';
import { upcomingBookings } from '../../core/bookings';
import { listScheduleSummaries } from '../../core/schedules';
import { nextOpenSlots } from '../../core/open-slots';
import type { SlackClients } from '../web/clients';
import type { SlackUsers } from '../web/users';
import { userMessageFor } from '../failures';
import { NotConnectedError, type ZoomAccess, type ZoomAccounts } from '../../core/zoom-accounts';

export interface HomeServiceOptions {
  store: Store;
  zoomAccounts: ZoomAccounts;
  slackUsers: SlackUsers;
  slackClients: SlackClients;
  logger: Logger;
  now: () => number;
}

export interface HomeTarget {
  teamId: string;
  userId: string;
}

/** Home lists up to 50 schedules; open times are asked for the first few only, to keep Zoom calls per refresh few. */
const SCHEDULES_WITH_OPEN_SLOTS = 5;

type ZoomSide = { kind: 'connected'; access: ZoomAccess; email?: string } | { kind: 'not_connected'; reason: 'connect' | 'reconnect' };

/**
 * The App Home tab: built from the store and Zoom, published with `views.publish`. Called on `app_home_opened`
 * and after every change a user makes; it never throws, because a stale Home must not fail the change itself.
 */
export class HomeService {
  constructor(private readonly options: HomeServiceOptions) {}

  async refresh(target: HomeTarget): Promise<void> {
    const logger = this.options.logger.child({ component: 'home', teamId: target.teamId, userId: target.userId });
    try {
      const client = await this.options.slackClients.forTeam(target.teamId);
      if (!client) {
        logger.warn('no Slack installation for this team: App Home not published');
        return;
      }
      const timeZone = await this.options.slackUsers.timeZone(client, target.teamId, target.userId);
      const data = await this.build(target, timeZone, logger);
      await client.views.publish({ user_id: target.userId, view: homeViews().homeView(data) });
    } catch (error) {
      logger.warn({ err: error }, 'App Home could not be published');
    }
  }

  /** The Home's data; Zoom failures become a line on the page rather than a missing page. */
  private async build(target: HomeTarget, timeZone: string, logger: Logger): Promise<HomeData> {
    const zoom = await this.zoomSide(target);
    if (zoom.kind === 'not_connected') {
      const accounts = this.options.zoomAccounts;
      const authorizeUrl = accounts.isServerToServer ? undefined : await accounts.connectUrl(target.teamId, target.userId);
      const connection = { connected: false as const, reason: zoom.reason, ...(authorizeUrl ? { authorizeUrl } : {}) };
      return { ...(await this.settings(target)), connection, timeZone, upcoming: [], schedules: [] };
    }

    const displayName = zoom.access.displayName ?? zoom.access.zoomUserId;
    const connection = { connected: true as const, displayName, ...(zoom.email ? { email: zoom.email } : {}) };
    const [settings, zoomData] = await Promise.all([this.settings(target), this.zoomData(zoom.access, timeZone)]);
    if (!zoomData.ok) {
      logger.warn({ err: zoomData.error }, 'Zoom failed while building App Home');
      const refused = isSchedulerAccessError(zoomData.error);
      return {
        ...settings,
        connection,
        timeZone,
        upcoming: [],
        schedules: [],
        zoomUnavailable: userMessageFor(zoomData.error),
        ...(refused ? { zoomRefusesScheduler: true } : {}),
      };
    }
    return {
      ...settings,
      connection,
      timeZone,
      upcoming: zoomData.upcoming,
      schedules: zoomData.schedules,
      openSlots: zoomData.openSlots,
    };
  }

  private async zoomSide(target: HomeTarget): Promise<ZoomSide> {
    try {
      const access = await this.options.zoomAccounts.access(target.teamId, target.userId);
      const own = access.kind === 'shared' ? null : await this.options.zoomAccounts.connection(target.teamId, target.userId);
      return { kind: 'connected', access, ...(own?.email ? { email: own.email } : {}) };
    } catch (error) {
      if (error instanceof NotConnectedError) return { kind: 'not_connected', reason: 'connect' };
      if (error instanceof ZoomReconnectRequiredError) return { kind: 'not_connected', reason: 'reconnect' };
      throw error;
    }
  }

  private async zoomData(
    access: ZoomAccess,
    timeZone: string,
  ): Promise<
    { ok: true; upcoming: BookingSummary[]; schedules: ScheduleSummary[]; openSlots: Map<string, Date[]> } | { ok: false; error: unknown }
  > {
    try {
      const [upcoming, schedules] = await Promise.all([
        upcomingBookings(access.api, { nowMs: this.options.now(), zone: timeZone, span: 'week' }),
        listScheduleSummaries(access.api),
      ]);
      const nowMs = this.options.now();
      const shown = schedules.slice(0, SCHEDULES_WITH_OPEN_SLOTS);
      const slots = await Promise.all(shown.map((schedule) => nextOpenSlots(access.api, schedule.id, { nowMs })));
      return { ok: true, upcoming, schedules, openSlots: new Map(shown.map((schedule, i) => [schedule.id, slots[i] ?? []])) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private async settings(target: HomeTarget): Promise<Pick<HomeData, 'digest' | 'notifyChannel'>> {
    const [subscription, slackUser] = await Promise.all([
      this.options.store.getDigestSubscription(target.teamId, target.userId),
      this.options.store.getSlackUser(target.teamId, target.userId),
    ]);
    const digest: HomeData['digest'] =
      subscription?.enabled === true
        ? {
            enabled: true,
            time: subscription.localTime,
            timeZone: subscription.timeZone,
            nextAt: new Date(nextDigestInstant({ nowMs: this.options.now(), zone: subscription.timeZone, time: subscription.localTime })),
            ...(subscription.channelId ? { channel: { id: subscription.channelId } } : {}),
          }
        : { enabled: false };
    return { digest, ...(slackUser?.notifyChannelId ? { notifyChannel: { id: slackUser.notifyChannelId } } : {}) };
  }
}

// Required when a message is built, not at import: a start constructs this module but sends nothing, and these
// builders pull in most of the Block Kit views (about 20 ms of a cold start with the rest of the barrel).
function homeViews(): typeof import('../blocks/home') {
  return require('../blocks/home') as typeof import('../blocks/home');
}
