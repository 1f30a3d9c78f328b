import type { SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps';
import { DATABASE_UNAVAILABLE } from '../../failures';

/**
 * Before a modal closes: while the database is down the submission is refused on `blockId` with the outage
 * sentence, so the modal stays open with what the user typed and they can submit again in a minute. True when it
 * refused (and acked).
 */
export async function refusedWhileDatabaseDown(
  deps: Pick<SlackDeps, 'databaseReachable'>,
  ack: SlackViewMiddlewareArgs<ViewSubmitAction>['ack'],
  blockId: string,
): Promise<boolean> {
  if (await deps.databaseReachable()) return false;
  await ack({ response_action: 'errors', errors: { [blockId]: DATABASE_UNAVAILABLE } });
  return true;
}
