/**
 * Block Kit limits (see notes/slack-platform.md §2) as data, clamp helpers that keep dynamic content inside
 * them, and a checker used by the view tests and by the fake Slack server, so a payload Slack would reject with
 * `invalid_blocks` fails in our tests first.
 */

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  selectOptions: 100,
  radioOptions: 10,
  overflowOptions: 5,
  placeholder: 150,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  /** Undocumented cumulative limit (`msg_blocks_too_long`); Slack starts refusing around 12–13k characters. */
  messageCumulativeText: 12000,
  messageText: 40000,
} as const;

export type Surface = 'message' | 'modal' | 'home';

export interface LimitViolation {
  /** JSON pointer into the payload, as Slack reports it. */
  path: string;
  rule: string;
}

const ELLIPSIS = '…';

/** Cuts plain text to `max` characters, ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  // Never split an emoji (a UTF-16 surrogate pair) in half.
  if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

class Checker {
  readonly violations: LimitViolation[] = [];
  cumulativeText = 0;

  max(path: string, what: string, actual: number, limit: number): void {
    if (actual > limit) this.violations.push({ path, rule: `${what} is ${actual}, at most ${limit} allowed` });
  }

  text(path: string, what: string, value: unknown, limit: number, required = true): void {
    const text = textOf(value);
    if (text === undefined) {
      if (required || value !== undefined) this.violations.push({ path, rule: `${what} must be a text object` });
      return;
    }
    this.cumulativeText += text.length;
    if (text.length === 0) this.violations.push({ path, rule: `${what} must not be empty` });
    this.max(path, what, text.length, limit);
  }

  string(path: string, what: string, value: unknown, limit: number): void {
    if (typeof value === 'string') this.max(path, what, value.length, limit);
  }
}

/**
 * Lists every Block Kit limit the payload breaks (empty when Slack would accept it). `payload` is what goes to
 * `chat.postMessage`/`chat.update`/`respond` (`{ text, blocks }`) or a view (`{ type: 'modal' | 'home', … }`).
 */
export function assertWithinSlackLimits(surface: Surface, payload: unknown): LimitViolation[] {
  const check = new Checker();
  if (!isObject(payload)) return [{ path: '', rule: 'payload must be an object' }];
  const blocks = arrayOf(payload.blocks);
  check.max('/blocks', 'block count', blocks.length, surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks);

  const blockIds = new Set<string>();
  blocks.forEach((block, index) => checkBlock(check, `/blocks/${index}`, block, blockIds));

  if (surface === 'message') {
    if (typeof payload.text === 'string') check.max('/text', 'message text length', payload.text.length, LIMITS.messageText);
    check.max('/blocks', 'cumulative block text', check.cumulativeText, LIMITS.messageCumulativeText);
  } else {
    checkView(check, surface, payload, blocks);
  }
  return check.violations;
}

function checkView(check: Checker, surface: Surface, view: Json, blocks: unknown[]): void {
  if (view.type !== surface) check.violations.push({ path: '/type', rule: `view type must be ${surface}` });
  check.string('/private_metadata', 'private_metadata length', view.private_metadata, LIMITS.privateMetadata);
  check.string('/callback_id', 'callback_id length', view.callback_id, LIMITS.callbackId);
  if (surface !== 'modal') return;
  check.text('/title', 'modal title', view.title, LIMITS.modalTitle);
  check.text('/submit', 'modal submit', view.submit, LIMITS.modalButton, false);
  check.text('/close', 'modal close', view.close, LIMITS.modalButton, false);
  const hasInput = blocks.some((block) => isObject(block) && block.type === 'input');
  if (hasInput && view.submit === undefined) {
    check.violations.push({ path: '/submit', rule: 'a modal with input blocks must define submit' });
  }
}

function checkBlock(check: Checker, path: string, block: unknown, blockIds: Set<string>): void {
  if (!isObject(block)) {
    check.violations.push({ path, rule: 'block must be an object' });
    return;
  }
  if (typeof block.block_id === 'string') {
    check.max(`${path}/block_id`, 'block_id length', block.block_id.length, LIMITS.blockId);
    if (blockIds.has(block.block_id)) check.violations.push({ path: `${path}/block_id`, rule: 'block_id must be unique' });
    blockIds.add(block.block_id);
  }
  const actionIds = new Set<string>();
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        check.violations.push({ path, rule: 'section needs text or fields' });
      }
      check.text(`${path}/text`, 'section text', block.text, LIMITS.sectionText, false);
      const fields = arrayOf(block.fields);
      check.max(`${path}/fields`, 'section field count', fields.length, LIMITS.sectionFields);
      fields.forEach((field, i) => check.text(`${path}/fields/${i}`, 'section field', field, LIMITS.sectionFieldText));
      if (block.accessory !== undefined) checkElement(check, `${path}/accessory`, block.accessory, actionIds);
      return;
    }
    case 'header':
      check.text(`${path}/text`, 'header text', block.text, LIMITS.headerText);
      return;
    case 'context': {
      const elements = arrayOf(block.elements);
      check.max(`${path}/elements`, 'context element count', elements.length, LIMITS.contextElements);
      elements.forEach((element, i) => {
        if (isObject(element) && element.type !== 'image') {
          check.text(`${path}/elements/${i}`, 'context text', element, LIMITS.sectionText);
        }
      });
      return;
    }
    case 'actions': {
      const elements = arrayOf(block.elements);
      check.max(`${path}/elements`, 'actions element count', elements.length, LIMITS.actionsElements);
      elements.forEach((element, i) => checkElement(check, `${path}/elements/${i}`, element, actionIds));
      return;
    }
    case 'input':
      check.text(`${path}/label`, 'input label', block.label, LIMITS.inputLabel);
      check.text(`${path}/hint`, 'input hint', block.hint, LIMITS.inputHint, false);
      checkElement(check, `${path}/element`, block.element, actionIds);
      return;
    case 'divider':
    case 'image':
    case 'rich_text':
    case 'markdown':
      return;
    default:
      check.violations.push({ path: `${path}/type`, rule: `unknown block type ${String(block.type)}` });
  }
}

function checkElement(check: Checker, path: string, element: unknown, actionIds: Set<string>): void {
  if (!isObject(element)) {
    check.violations.push({ path, rule: 'element must be an object' });
    return;
  }
  if (typeof element.action_id === 'string') {
    check.max(`${path}/action_id`, 'action_id length', element.action_id.length, LIMITS.actionId);
    if (actionIds.has(element.action_id)) {
      check.violations.push({ path: `${path}/action_id`, rule: 'action_id must be unique within a block' });
    }
    actionIds.add(element.action_id);
  }
  check.text(`${path}/placeholder`, 'placeholder', element.placeholder, LIMITS.placeholder, false);
  if (element.type === 'button') {
    check.text(`${path}/text`, 'button text', element.text, LIMITS.buttonText);
    check.string(`${path}/value`, 'button value length', element.value, LIMITS.buttonValue);
    check.string(`${path}/url`, 'button url length', element.url, LIMITS.buttonUrl);
    return;
  }
  const options = arrayOf(element.options);
  const optionLimit =
    element.type === 'overflow'
      ? LIMITS.overflowOptions
      : element.type === 'radio_buttons' || element.type === 'checkboxes'
        ? LIMITS.radioOptions
        : LIMITS.selectOptions;
  check.max(`${path}/options`, 'option count', options.length, optionLimit);
  options.forEach((option, i) => checkOption(check, `${path}/options/${i}`, option));
  if (element.initial_option !== undefined) checkOption(check, `${path}/initial_option`, element.initial_option);
}

function checkOption(check: Checker, path: string, option: unknown): void {
  if (!isObject(option)) {
    check.violations.push({ path, rule: 'option must be an object' });
    return;
  }
  check.text(`${path}/text`, 'option text', option.text, LIMITS.optionText);
  check.text(`${path}/description`, 'option description', option.description, LIMITS.optionDescription, false);
  if (typeof option.value !== 'string' || option.value.length === 0) {
    check.violations.push({ path: `${path}/value`, rule: 'option value must be a non-empty string' });
  } else {
    check.max(`${path}/value`, 'option value length', option.value.length, LIMITS.optionValue);
  }
}

/** Sum of every `text` string in a block tree: what Slack's cumulative message limit counts. */
export function cumulativeTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + cumulativeTextLength(item), 0);
  if (!isObject(value)) return 0;
  return Object.entries(value).reduce(
    (sum, [key, child]) => sum + (key === 'text' && typeof child === 'string' ? child.length : cumulativeTextLength(child)),
    0,
  );
}

/**
 * Renders items until the next one would exceed the block or text budget; the caller says "and N more".
 * Each item's blocks are kept together, so a schedule never loses its buttons.
 */
export function fitItems<T, B>(
  items: readonly T[],
  render: (item: T) => B[],
  budget: { maxBlocks: number; maxText: number },
): { blocks: B[]; rest: number } {
  const blocks: B[] = [];
  let text = 0;
  let shown = 0;
  for (const item of items) {
    const rendered = render(item);
    const renderedText = cumulativeTextLength(rendered);
    if (blocks.length + rendered.length > budget.maxBlocks || text + renderedText > budget.maxText) break;
    blocks.push(...rendered);
    text += renderedText;
    shown += 1;
  }
  return { blocks, rest: items.length - shown };
}
