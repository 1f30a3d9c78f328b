import { AppError } from '../errors';
import type { AvailabilityChoice, NewScheduleInput, ScheduleSummary, WeeklyHours } from './model';
import { WEEKDAYS } from './model';
import {
  isAvailabilityReferenceRejection,
  referencedAvailabilityIds,
  withInlineAvailability,
  ZoomApiError,
  ZOOM_MAX_PAGE_SIZE,
  type ZoomScheduleInput,
  type ZoomScheduleSummary,
  type ZoomSchedulerApi,
  type ZoomWeeklyHours,
} from '../zoom';
import { listAvailabilities } from './availability';
import type { ZoomAccess, ZoomAccounts } from './zoom-accounts';
import { firstOpenSlots, nextOpenSlots, OPEN_SLOTS_TIMEOUT_MS, upcomingOpenStarts, withinTimeout } from './open-slots';
import { TtlCache } from '../lib/ttl-cache';
import { scheduleForBookingLink } from './booking-link-lookup';
import { NotConnectedError } from './zoom-accounts';

/** Zoom's error sentences quote the query; a pasted paragraph must not become a wall of text. */
const QUERY_ECHO_MAX = 80;

/** A schedule just created; `hoursCopied`: its availability's hours were copied in rather than linked. */
export interface CreatedSchedule extends ScheduleSummary {
  hoursCopied?: boolean;
}

export type ScheduleMatch = { kind: 'one'; schedule: ScheduleSummary } | { kind: 'ambiguous'; matches: ScheduleSummary[] };

export class ScheduleNotFoundError extends AppError {
  constructor(query: string) {
    const shown = query.length > QUERY_ECHO_MAX ? `${query.slice(0, QUERY_ECHO_MAX - 1)}…` : query;
    super('schedule_not_found', `I couldn't find a schedule called “${shown}”. \`/zoom-schedule list\` shows yours.`);
  }
}

/**
 * Picks the schedule a user meant by `query`: its id, else a case-insensitive exact title, else a title that
 * contains the query. Several equally good candidates are handed back for the user to choose from.
 */
export function matchSchedule(schedules: readonly ScheduleSummary[], query: string): ScheduleMatch {
  const wanted = query.trim().toLowerCase();
  const byId = schedules.find((s) => s.id.toLowerCase() === wanted);
  if (byId) return { kind: 'one', schedule: byId };
  for (const matches of [
    schedules.filter((s) => s.title.toLowerCase() === wanted),
    schedules.filter((s) => s.title.toLowerCase().includes(wanted)),
  ]) {
    const [first] = matches;
    if (first && matches.length === 1) return { kind: 'one', schedule: first };
    if (matches.length > 1) return { kind: 'ambiguous', matches };
  }
  throw new ScheduleNotFoundError(query.trim());
}

/**
 * THE list of a user's schedules, for `list`, `link`, `share` and App Home alike: every page, in Zoom's order,
 * without deactivated, cancelled or URL-less schedules (nothing anyone could book).
 */
export async function listScheduleSummaries(api: ZoomSchedulerApi, filter: { search?: string } = {}): Promise<ScheduleSummary[]> {
  const schedules: ScheduleSummary[] = [];
  for await (const schedule of api.iterateSchedules({ page_size: ZOOM_MAX_PAGE_SIZE, ...filter })) {
    const summary = schedule.active === false ? null : toScheduleSummary(schedule);
    if (summary) schedules.push(summary);
  }
  return schedules;
}

export function toScheduleSummary(schedule: ZoomScheduleSummary): ScheduleSummary | null {
  if (schedule.status === 'cancelled' || !schedule.scheduling_url) return null;
  return {
    id: schedule.schedule_id,
    title: schedule.summary?.trim() || 'Untitled schedule',
    durationMinutes: schedule.duration ?? 0,
    url: schedule.scheduling_url,
  };
}

/** Zoom takes only the days that have hours; an empty list would read as "closed" on some clients anyway. */
function toZoomWeeklyHours(weekly: WeeklyHours): ZoomWeeklyHours {
  const hours: ZoomWeeklyHours = {};
  for (const day of WEEKDAYS) {
    if (weekly[day].length > 0) hours[day] = weekly[day].map(({ start, end }) => ({ start, end }));
  }
  return hours;
}

/**
 * The request body for a new schedule. Custom hours override the availability templates
 * (`availability_override: true`); an existing availability is used as is. One invitee per slot (capacity 1).
 */
export function scheduleRequest(input: NewScheduleInput, timeZone: string): ZoomScheduleInput {
  const rule: ZoomScheduleInput['availability_rules'][number] =
    input.availability.kind === 'existing'
      ? { use_custom: false, availability_id: input.availability.availabilityId }
      : { use_custom: true, time_zone: timeZone, segments_recurrence: toZoomWeeklyHours(input.availability.weekly) };
  const body: ZoomScheduleInput = {
    summary: input.title,
    duration: input.durationMinutes,
    capacity: 1,
    add_on_type: input.meetingType,
    availability_override: input.availability.kind === 'custom',
    availability_rules: [rule],
    time_zone: timeZone,
  };
  if (input.location !== undefined) body.location = input.location;
  if (input.description !== undefined) body.description = input.description;
  return body;
}

/** Zoom's scheduler ids: 26 lowercase letters and digits (`x3h1u4id4liffdyszsp8kpxl80`); no title is asked about like that. */
const SCHEDULE_ID = /^[a-z0-9]{26}$/;

/**
 * How long a schedule's title, duration and URL, and its next open times, are reused for `link` and `share`.
 * Every Scheduler call is one of Zoom's light calls, counted per account across all its users and apps (Pro:
 * 30/s), so reading the schedule and its times on every post would cut a burst of posts to a third of what the
 * single-use links alone allow. A minute keeps a rename in Zoom or a slot just booked visible within a minute;
 * the booking page itself is always current, and a schedule deleted in Zoom shows at once (see singleUseLinkWithSlots).
 */
export const SCHEDULE_REUSE_MS = 60_000;

/** What `link` and `share` reuse between posts, per connection and schedule (the same for every request). */
export class ScheduleReuse {
  readonly summaries: TtlCache<ScheduleSummary | null>;
  readonly openStarts: TtlCache<number[]>;

  constructor(now: () => number, ttlMs = SCHEDULE_REUSE_MS) {
    // A schedule Zoom did not find is asked for again: it may be created, or the id mistyped, a moment later.
    this.summaries = new TtlCache<ScheduleSummary | null>({ ttlMs, now, keep: (summary) => summary !== null });
    this.openStarts = new TtlCache<number[]>({ ttlMs, now });
  }

  forget(key: string): void {
    this.summaries.delete(key);
    this.openStarts.delete(key);
  }
}

/** A user's schedules at Zoom: listing, finding by title, creating, and booking links. */
export class ScheduleService {
  constructor(
    private readonly zoomAccounts: Pick<ZoomAccounts, 'access'>,
    private readonly slotOptions: { now: () => number; timeoutMs?: number } = { now: Date.now },
    private readonly reuse: ScheduleReuse = new ScheduleReuse(slotOptions.now),
  ) {}

  /** Every active schedule of the user, all pages. */
  async list(teamId: string, userId: string): Promise<ScheduleSummary[]> {
    return listScheduleSummaries(await this.api(teamId, userId));
  }

  /**
   * By id or title; throws {@link ScheduleNotFoundError} with a sentence naming the query. An id goes straight to
   * the schedule; a title is looked up with Zoom's `search` filter, so neither pages through every schedule.
   * Only an id that neither finds (Zoom resolves ids only within the token owner, as in Server-to-Server mode)
   * is matched against the whole list.
   */
  async find(teamId: string, userId: string, query: string): Promise<ScheduleMatch> {
    const access = await this.zoomAccounts.access(teamId, userId);
    const { api } = access;
    const wanted = query.trim();
    const idLike = SCHEDULE_ID.test(wanted.toLowerCase());
    if (idLike) {
      const scheduleId = wanted.toLowerCase();
      const byId = await this.reuse.summaries.get(reuseKey(access, scheduleId), () => this.scheduleIfExists(api, scheduleId));
      if (byId) return { kind: 'one', schedule: byId };
    }
    const candidates = await listScheduleSummaries(api, { search: wanted });
    if (candidates.length > 0 || !idLike) return matchSchedule(candidates, query);
    return matchSchedule(await listScheduleSummaries(api), query);
  }

  /** The same service for one request: the user's Zoom access is looked up once, however many calls follow. */
  forOneRequest(): ScheduleService {
    const accesses = new Map<string, Promise<ZoomAccess>>();
    const access = (teamId: string, userId: string): Promise<ZoomAccess> => {
      const key = `${teamId}\u0000${userId}`;
      let found = accesses.get(key);
      if (!found) {
        found = this.zoomAccounts.access(teamId, userId);
        accesses.set(key, found);
        found.catch(() => accesses.delete(key));
      }
      return found;
    };
    return new ScheduleService({ access }, this.slotOptions, this.reuse);
  }

  /** The schedule when Zoom has it and anyone could book it; null for Zoom's 404. */
  private async scheduleIfExists(api: ZoomSchedulerApi, scheduleId: string): Promise<ScheduleSummary | null> {
    try {
      const schedule = await api.getSchedule(scheduleId);
      return schedule.active === false ? null : toScheduleSummary(schedule);
    } catch (error) {
      if (error instanceof ZoomApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** One schedule by id (a button's value); Zoom's 404 becomes the usual "may have been deleted" sentence. */
  async get(teamId: string, userId: string, scheduleId: string): Promise<ScheduleSummary> {
    const access = await this.zoomAccounts.access(teamId, userId);
    const summary = await this.reuse.summaries.get(reuseKey(access, scheduleId), async () =>
      toScheduleSummary(await access.api.getSchedule(scheduleId)),
    );
    if (!summary) throw new AppError('schedule_not_found', 'That schedule has been deleted in Zoom.');
    return summary;
  }

  /** The availabilities a new schedule can use, the default first. */
  async availabilities(teamId: string, userId: string): Promise<AvailabilityChoice[]> {
    const found = await listAvailabilities(await this.api(teamId, userId));
    return [...found].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map(({ id, name }) => ({ id, name }));
  }

  /**
   * Creates the schedule, then reads back its scheduling URL when the create answer lacks it. Live Zoom refuses a
   * reference to a saved availability (zoom-live.md §B2): then the availability's hours are copied inline, once,
   * and `hoursCopied` says so, since the page no longer follows later edits of that availability. Only Zoom's 400
   * is answered that way: a timeout may have created the schedule, so it is never retried.
   */
  async create(teamId: string, userId: string, input: NewScheduleInput, timeZone: string): Promise<CreatedSchedule> {
    const api = await this.api(teamId, userId);
    const request = scheduleRequest(input, timeZone);
    let created;
    let hoursCopied = false;
    try {
      created = await api.createSchedule(request);
    } catch (error) {
      if (!isAvailabilityReferenceRejection(error, request)) throw error;
      const [availabilityId] = referencedAvailabilityIds(request);
      const availability = await api.getAvailability(availabilityId!);
      created = await api.createSchedule(withInlineAvailability(request, availability));
      hoursCopied = true;
    }
    const url = created.scheduling_url ?? (await api.getSchedule(created.schedule_id)).scheduling_url;
    if (!url) {
      throw new AppError('zoom_rejected', 'Zoom created the schedule but sent no booking URL; find it in Zoom Scheduler.');
    }
    return {
      id: created.schedule_id,
      title: created.summary ?? input.title,
      durationMinutes: created.duration ?? input.durationMinutes,
      url,
      ...(hoursCopied ? { hoursCopied } : {}),
    };
  }

  /** A booking URL that Zoom accepts for one booking only; a new one each call. */
  async singleUseLink(teamId: string, userId: string, scheduleId: string): Promise<string> {
    const api = await this.api(teamId, userId);
    return (await api.createSingleUseLink(scheduleId)).scheduling_url;
  }

  /**
   * A single-use link, always a fresh one from Zoom, and the schedule's next open times (reused for a minute, see
   * {@link SCHEDULE_REUSE_MS}), asked side by side on one access (one connection read), so the times never delay
   * the link past their short timeout. Zoom's 404 for the link means the schedule is gone: what is kept of it
   * goes too, so the next `link` asks Zoom rather than offering it again.
   */
  async singleUseLinkWithSlots(teamId: string, userId: string, scheduleId: string): Promise<{ singleUseUrl: string; openSlots: Date[] }> {
    const access = await this.zoomAccounts.access(teamId, userId);
    const key = reuseKey(access, scheduleId);
    const link = access.api.createSingleUseLink(scheduleId).catch((error: unknown) => {
      if (error instanceof ZoomApiError && error.status === 404) this.reuse.forget(key);
      throw error;
    });
    const [{ scheduling_url: singleUseUrl }, openSlots] = await Promise.all([link, this.reusedSlots(access, scheduleId)]);
    return { singleUseUrl, openSlots };
  }

  /** The next open times of a schedule (reused for a minute); empty when Zoom cannot say in time (see {@link nextOpenSlots}). */
  async openSlots(teamId: string, userId: string, scheduleId: string): Promise<Date[]> {
    return this.reusedSlots(await this.zoomAccounts.access(teamId, userId), scheduleId);
  }

  /** One `available_times` call per schedule a minute, however many posts ask at once; each waits only its own timeout. */
  private async reusedSlots(access: ZoomAccess, scheduleId: string): Promise<Date[]> {
    const { now, timeoutMs = OPEN_SLOTS_TIMEOUT_MS } = this.slotOptions;
    const starts = this.reuse.openStarts.get(reuseKey(access, scheduleId), () => upcomingOpenStarts(access.api, scheduleId, now()));
    return firstOpenSlots(await withinTimeout(starts, timeoutMs, []), now());
  }

  /**
   * The pasted booking links that are the user's own schedules, each with its next open times. A user who
   * has not connected their own Zoom (the shared account does not count) resolves nothing, and neither does a
   * link Zoom does not list for them.
   */
  async resolveBookingLinks(
    teamId: string,
    userId: string,
    urls: readonly string[],
  ): Promise<Array<{ url: string; schedule: ScheduleSummary; openSlots: Date[] }>> {
    let access;
    try {
      access = await this.zoomAccounts.access(teamId, userId);
    } catch (error) {
      if (error instanceof NotConnectedError) return [];
      throw error;
    }
    if (access.kind === 'shared') return [];
    const schedules = await listScheduleSummaries(access.api);
    const found = urls.flatMap((url) => {
      const schedule = scheduleForBookingLink(schedules, url);
      return schedule ? [{ url, schedule }] : [];
    });
    const slots = await Promise.all(found.map(({ schedule }) => this.slotsOf(access.api, schedule.id)));
    return found.map((entry, i) => ({ ...entry, openSlots: slots[i] ?? [] }));
  }

  /** Open times for schedules already listed with `api` (App Home), without another connection read. */
  slotsOf(api: ZoomSchedulerApi, scheduleId: string): Promise<Date[]> {
    const { now, timeoutMs } = this.slotOptions;
    return nextOpenSlots(api, scheduleId, { nowMs: now(), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  }

  private async api(teamId: string, userId: string): Promise<ZoomSchedulerApi> {
    return (await this.zoomAccounts.access(teamId, userId)).api;
  }
}

/** Per Zoom identity: users on the shared account see the same schedules, and no one else's are ever served. */
function reuseKey(access: ZoomAccess, scheduleId: string): string {
  return `${access.connectionId ?? `zoom-user:${access.zoomUserId}`}\u0000${scheduleId}`;
}
