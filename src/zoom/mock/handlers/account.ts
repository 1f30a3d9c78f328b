import { notFound } from '../errors';
import { json } from '../http';
import { utcStamp } from '../time';
import { userJson } from '../json-shapes';
import { queryString, type ApiHandler } from './context';

export const getUser: ApiHandler = (ctx) => json(200, userJson(ctx.targetUser(ctx.params['userId'])));

export const listTeams: ApiHandler = (ctx) => {
  const user = ctx.targetUser(queryString(ctx, 'user_id'));
  const teams = ctx.state.teamsOf(user.id).map((t) => ({
    team_id: t.id,
    owner_id: t.ownerId,
    member_count: t.memberIds.length,
    name: t.name,
    slug: t.slug,
    timezone: t.timeZone,
  }));
  return json(200, { teams });
};

export const getRoutingResponse: ApiHandler = (ctx) => {
  const found = ctx.state.routingResponses.find(
    (r) => r.formId === ctx.params['formId'] && r.responseId === ctx.params['responseId'] && ctx.mayReach(r.ownerId),
  );
  if (!found) throw notFound('Routing form response not found.');
  return json(200, {
    booked: found.booked,
    booking_link: found.bookingLink,
    created_time: utcStamp(found.createdAt),
    creator_email: found.creatorEmail,
    form_id: found.formId,
    questions_and_answers: found.questionsAndAnswers,
    result_type: found.resultType,
    result_value: found.resultValue,
  });
};
