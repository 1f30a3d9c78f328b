import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import type { SlackDeps } from '../deps';
import { availabilityModalData } from '../../core/availability';
import { NEW_AVAILABILITY_VALUE } from '../command/ids';
import { userMessageFor } from '../failures';
import { availabilityModal, loadingModal, noticeModal } from '../blocks';

const TITLE = 'Availability';

export interface ModalTarget {
  services: SlackDeps;
  client: WebClient;
  logger: Logger;
  teamId: string;
  userId: string;
}

export type ModalOutcome = { ok: true } | { ok: false; error: unknown };

/**
 * Opens the availability modal from a trigger: the loading view goes out first (the trigger lives 3 s), then
 * the user's availabilities and the default one replace it. A failure replaces it with the sentence and is
 * returned, so a caller with a response_url can add a (re)connect button.
 */
export async function openAvailabilityModal(target: ModalTarget, triggerId: string): Promise<ModalOutcome> {
  const opened = await target.client.views.open({ trigger_id: triggerId, view: loadingModal(TITLE) });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  return fillAvailabilityModal(target, { viewId, ...(opened.view?.hash ? { hash: opened.view.hash } : {}) });
}

/**
 * Loads `selected` (an availability id or the "new" value; absent = the default) into an open modal.
 * `revision` changes the inputs' ids so Slack shows the newly loaded values instead of what was typed.
 */
export async function fillAvailabilityModal(
  target: ModalTarget,
  view: { viewId: string; hash?: string },
  choice: { selected?: string; revision?: string } = {},
): Promise<ModalOutcome> {
  const hash = view.hash ? { hash: view.hash } : {};
  try {
    const timeZone = await target.services.slackUsers.timeZone(target.client, target.teamId, target.userId);
    const { api } = await target.services.zoomAccounts.access(target.teamId, target.userId);
    const selected = choice.selected === NEW_AVAILABILITY_VALUE ? 'blank' : choice.selected ? { id: choice.selected } : undefined;
    const data = await availabilityModalData(api, { timeZone, ...(selected ? { selected } : {}) });
    const modal = availabilityModal({ ...data, ...(choice.revision ? { revision: choice.revision } : {}) });
    await target.client.views.update({ view_id: view.viewId, ...hash, view: modal });
    return { ok: true };
  } catch (error) {
    target.logger.warn({ err: error }, 'availability modal could not be loaded');
    await target.client.views
      .update({ view_id: view.viewId, view: noticeModal({ title: TITLE, sentence: userMessageFor(error) }) })
      .catch((updateError: unknown) => target.logger.warn({ err: updateError }, 'could not show the failure in the modal'));
    return { ok: false, error };
  }
}
