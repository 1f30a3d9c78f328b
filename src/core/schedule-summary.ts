import type { ScheduleSummary } from './model';
import type { ZoomScheduleSummary, ZoomSchedulerApi } from '../zoom';

const SCHEDULES_PAGE_SIZE = 300;

/** The user's live schedules (all pages), in Zoom's order; deleted ones and ones without a URL are left out. */
export async function listScheduleSummaries(api: ZoomSchedulerApi): Promise<ScheduleSummary[]> {
  const schedules: ScheduleSummary[] = [];
  for await (const schedule of api.iterateSchedules({ page_size: SCHEDULES_PAGE_SIZE })) {
    const summary = toScheduleSummary(schedule);
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
