import { randomUUID } from 'node:crypto';
import type { LocalStack } from '../../../dev/local-stack';
import type { FakeView } from '../../../dev/fake-slack';
import { blockActionBody, slashCommandBody } from '../../../dev/slack-signing';
import { staticAccessToken, ZoomSchedulerClient, type ZoomSchedulerApi } from '../../../src/zoom';

/** The Zoom API as the mock user itself, to set up data and to check what the app wrote. */
export function zoomAs(stack: LocalStack, zoomUserId = stack.zoom.defaultUser.id): ZoomSchedulerApi {
  const token = stack.zoom.issueTokensFor(zoomUserId).access_token;
  return new ZoomSchedulerClient({ apiBaseUrl: stack.zoom.apiBaseUrl }).as(staticAccessToken(token));
}

/** Runs a command that answers with a modal (nothing goes to the response_url on success). */
export async function commandOpeningModal(
  stack: LocalStack,
  userId: string,
  text: string,
): Promise<{ responseId: string; status: number }> {
  const responseId = `cmd-${randomUUID()}`;
  const sent = await stack.send(slashCommandBody({ teamId: stack.teamId, userId, text, responseUrl: stack.slack.responseUrl(responseId) }));
  return { responseId, status: sent.status };
}

/** A block action inside an open modal (no response_url, as Slack sends it). */
export async function actionInView(
  stack: LocalStack,
  userId: string,
  view: FakeView,
  input: { actionId: string; blockId?: string; value?: string; selectedOptionValue?: string },
): Promise<number> {
  const sent = await stack.send(
    blockActionBody({ teamId: stack.teamId, userId, ...input, view: { ...view.view, id: view.id, hash: view.hash } }),
  );
  return sent.status;
}

/** The first modal opened after `viewsBefore` views existed, once it has `versions` versions. */
export function newModal(stack: LocalStack, viewsBefore: number, versions: number): Promise<FakeView> {
  return stack.waitFor(() => {
    const view = stack.slack.views.slice(viewsBefore).find((v) => v.type === 'modal');
    return view && view.history.length >= versions ? view : undefined;
  }, `a new modal with ${versions} versions`);
}

/** Fake Slack updates its view records in place: waits until `view` has `versions` versions. */
export function viewWithVersions(stack: LocalStack, view: FakeView, versions: number): Promise<FakeView> {
  return stack.waitFor(() => view.history.length >= versions && view, `${versions} versions of view ${view.id}`);
}

/** The input element of a block in a view. */
export function inputElement(view: Record<string, unknown>, blockId: string): Record<string, unknown> {
  const blocks = (view.blocks ?? []) as Array<Record<string, unknown>>;
  const block = blocks.find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no block ${blockId}`);
  return block.element as Record<string, unknown>;
}
