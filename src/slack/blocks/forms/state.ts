import type { ViewStateValue } from '@slack/bolt';

/** `view.state.values` as Slack sends it on view_submission. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

/** A form's outcome: the typed value, or one sentence per input block for `response_action: 'errors'`. */
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * The state of an input block, whatever its action_id: modals may change an input's action_id to make
 * Slack drop what the user typed and show a new initial value (Slack keeps state only for identical ids).
 */
export function readBlock(values: ViewStateValues, blockId: string): ViewStateValue | undefined {
  const actions = values[blockId];
  return actions ? Object.values(actions)[0] : undefined;
}

export function readText(values: ViewStateValues, blockId: string): string {
  return readBlock(values, blockId)?.value?.trim() ?? '';
}

export function readSelectedOption(values: ViewStateValues, blockId: string): string | undefined {
  return readBlock(values, blockId)?.selected_option?.value ?? undefined;
}

export function readConversation(values: ViewStateValues, blockId: string): string | undefined {
  const state = readBlock(values, blockId);
  return state?.selected_conversation ?? state?.selected_channel ?? undefined;
}
