import type { ModalView } from '@slack/types';
import { CALLBACK_IDS } from '../../command/ids';
import { plain, section } from '../blocks';
import { escapeMrkdwn } from '../format';
import { LIMITS } from '../limits';

/**
 * Opened at once from the trigger_id (which lives 3 s), then replaced with `views.update` when the data that
 * the real modal needs has arrived.
 */
export function loadingModal(title = 'Zoom Scheduler'): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.loadingModal,
    title: plain(title, LIMITS.modalTitle),
    close: plain('Cancel'),
    blocks: [section(':hourglass_flowing_sand: Loading…')],
  };
}

/** Replaces a modal with a sentence, e.g. when Zoom failed while the modal was loading. */
export function noticeModal(input: { title: string; sentence: string }): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.loadingModal,
    title: plain(input.title, LIMITS.modalTitle),
    close: plain('Close'),
    blocks: [section(escapeMrkdwn(input.sentence))],
  };
}
