import type { ScheduleSummary } from './model';

/** The host of Zoom Scheduler's booking pages; the manifest's `app_unfurl_domains` names it too. */
export const SCHEDULER_BOOKING_HOST = 'scheduler.zoom.us';

/**
 * What a pasted booking URL says about its schedule: Zoom's page URL `/<host slug>/<schedule slug>`, or a shared
 * link `/t/<code>/<schedule slug>`. A single-use link (`/manage/<id>`) and a host's own page (`/<host slug>`)
 * name no schedule, so they are not resolved.
 */
export type BookingLinkRef = { kind: 'page'; path: string; scheduleSlug: string } | { kind: 'shared'; scheduleSlug: string };

export function parseBookingLink(url: string): BookingLinkRef | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.hostname.toLowerCase() !== SCHEDULER_BOOKING_HOST) return undefined;
  const segments = parsed.pathname
    .split('/')
    .filter((s) => s !== '')
    .map(safeDecode);
  if (segments.some((s) => s === undefined)) return undefined;
  const parts = segments as string[];
  if (parts.length === 3 && parts[0] === 't') return { kind: 'shared', scheduleSlug: parts[2]!.toLowerCase() };
  if (parts.length === 2 && parts[0] !== 'manage' && parts[0] !== 't') {
    return { kind: 'page', path: `/${parts.join('/')}`.toLowerCase(), scheduleSlug: parts[1]!.toLowerCase() };
  }
  return undefined;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The user's own schedule a pasted link books, if any: the page URL must equal the schedule's (query and
 * trailing slash aside); a shared link matches by slug. Someone else's page is never guessed at.
 */
export function scheduleForBookingLink(schedules: readonly ScheduleSummary[], url: string): ScheduleSummary | undefined {
  const ref = parseBookingLink(url);
  if (!ref) return undefined;
  for (const schedule of schedules) {
    const own = parseBookingLink(schedule.url);
    if (own?.kind !== 'page') continue;
    if (ref.kind === 'page' ? own.path === ref.path : own.scheduleSlug === ref.scheduleSlug) return schedule;
  }
  return undefined;
}
