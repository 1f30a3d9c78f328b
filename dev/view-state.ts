/**
 * What Slack sends as `view.state.values` when a user submits a modal: every input's current value. The demo
 * and end-to-end tests start from the values the modal was opened with and change only what the "user" typed.
 */

type Json = Record<string, unknown>;
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionsOf(element: Json): Json[] {
  return Array.isArray(element.options) ? element.options.filter(isJson) : [];
}

/** An option chosen by its value or its visible text. */
function findOption(element: Json, wanted: string): Json {
  const found = optionsOf(element).find((option) => option.value === wanted || (isJson(option.text) && option.text.text === wanted));
  if (!found) throw new Error(`no option "${wanted}" in ${String(element.action_id)}`);
  return found;
}

/** One element's state entry, from its initial value or from what the user entered (`typed`). */
function elementState(element: Json, typed: string | undefined): Record<string, unknown> {
  const type = element.type;
  switch (type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: typed ?? (typeof element.initial_value === 'string' ? element.initial_value : null) };
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: typed !== undefined ? findOption(element, typed) : (element.initial_option ?? null) };
    case 'conversations_select':
      return { type, selected_conversation: typed ?? element.initial_conversation ?? null };
    case 'channels_select':
      return { type, selected_channel: typed ?? element.initial_channel ?? null };
    case 'users_select':
      return { type, selected_user: typed ?? element.initial_user ?? null };
    case 'checkboxes':
      return { type, selected_options: typed !== undefined ? [findOption(element, typed)] : (element.initial_options ?? []) };
    case 'timepicker':
      return { type, selected_time: typed ?? element.initial_time ?? null };
    case 'datepicker':
      return { type, selected_date: typed ?? element.initial_date ?? null };
    default:
      throw new Error(`cannot fill a ${String(type)} input`);
  }
}

/**
 * The state of every input block of `view`: initial values, except `typed` (block_id → text typed, option
 * value or label picked, or conversation id chosen). Unknown block ids in `typed` are an error, so a renamed
 * block cannot make a script silently submit the defaults.
 */
export function submittedValues(view: Json, typed: Readonly<Record<string, string>> = {}): ViewStateValues {
  const values: ViewStateValues = {};
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isJson) : [];
  for (const block of blocks) {
    if (block.type !== 'input' || !isJson(block.element) || typeof block.block_id !== 'string') continue;
    const actionId = String(block.element.action_id);
    values[block.block_id] = { [actionId]: elementState(block.element, typed[block.block_id]) };
  }
  const unknown = Object.keys(typed).filter((blockId) => !(blockId in values));
  if (unknown.length > 0) throw new Error(`the modal has no input ${unknown.join(', ')}`);
  return values;
}
