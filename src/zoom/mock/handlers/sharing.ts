import { notFound } from '../errors';
import { json } from '../http';
import { schedulerId, shortCode } from '../ids';
import { SCHEDULER_HOST, type ScheduleRecord } from '../state';
import { bodyObject, queryString, type ApiContext, type ApiHandler } from './context';

function bookableSchedule(ctx: ApiContext): ScheduleRecord {
  const record = ctx.state.schedules.get(String(bodyObject(ctx)['schedule_id'] ?? ''));
  if (!record || record.deletedAt !== undefined || !ctx.mayReach(record.ownerId)) throw notFound('Schedule not found.');
  return record;
}

/** Links are random, and remembered so that two calls never hand out the same one. */
function uniqueLink(ctx: ApiContext, make: () => string): string {
  let link = make();
  while (ctx.state.issuedLinks.has(link)) link = make();
  ctx.state.issuedLinks.add(link);
  return link;
}

export const singleUseLink: ApiHandler = (ctx) => {
  const schedule = bookableSchedule(ctx);
  const teamId = queryString(ctx, 'team_id');
  if (teamId !== undefined && !ctx.state.teamsOf(schedule.ownerId).some((t) => t.id === teamId)) throw notFound('Team not found.');
  return json(201, { scheduling_url: uniqueLink(ctx, () => `${SCHEDULER_HOST}/manage/${schedulerId()}`) });
};

export const createShare: ApiHandler = (ctx) => {
  const schedule = bookableSchedule(ctx);
  return json(201, { scheduling_url: uniqueLink(ctx, () => `${SCHEDULER_HOST}/t/${shortCode()}/${schedule.slug}`) });
};
