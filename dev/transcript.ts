/**
 * Renders what Slack would show as readable terminal text: messages (in-channel, ephemeral, updated, in a
 * thread), modals and App Home. Used by `npm run demo`; pure functions over Block Kit JSON, so they render
 * whatever the app sent, not what we expect it to send.
 */

type Json = Record<string, unknown>;

/** Ids → names, so `<@U0ALICE>` reads `@alice` and `<#C0SALES>` reads `#sales`. */
export interface Directory {
  users?: Readonly<Record<string, string>>;
  channels?: Readonly<Record<string, string>>;
}

export interface RenderOptions {
  directory?: Directory;
  /** Longer URLs are shortened (query dropped, then the middle of the path); default 60. */
  urlMax?: number;
}

const DEFAULT_URL_MAX = 60;

/** The emoji the app's views use; others stay as `:name:`. */
const EMOJI: Readonly<Record<string, string>> = {
  calendar: '📅',
  white_check_mark: '✅',
  warning: '⚠️',
  x: '❌',
  no_entry_sign: '🚫',
  information_source: 'ℹ️',
  hourglass_flowing_sand: '⏳',
  wave: '👋',
  bell: '🔔',
  chart_with_upwards_trend: '📈',
  bar_chart: '📊',
  link: '🔗',
  tada: '🎉',
  arrows_counterclockwise: '🔄',
};

const ELLIPSIS = '…';

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isJson) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The `text` of a text object (`plain_text` or `mrkdwn`), rendered. */
function textOf(value: unknown, options: RenderOptions): string {
  if (!isJson(value)) return '';
  const text = str(value.text) ?? '';
  return value.type === 'mrkdwn' ? mrkdwnToText(text, options) : unescapeEntities(text);
}

/**
 * Shortens a URL for reading: keeps scheme, host and path, drops a long query (`?…`), then cuts the middle of
 * a long path. URLs within `max` stay whole.
 */
export function shortenUrl(url: string, max: number = DEFAULT_URL_MAX): string {
  if (url.length <= max) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url.slice(0, Math.max(1, max - 1))}${ELLIPSIS}`;
  }
  const origin = parsed.protocol === 'mailto:' ? 'mailto:' : `${parsed.protocol}//${parsed.host}`;
  const query = parsed.search || parsed.hash ? `?${ELLIPSIS}` : '';
  const path = parsed.pathname;
  if (origin.length + path.length + query.length <= max) return `${origin}${path}${query}`;
  const room = Math.max(8, max - origin.length - query.length - 1);
  const head = Math.ceil(room / 2);
  const tail = room - head;
  return `${origin}${path.slice(0, head)}${ELLIPSIS}${path.slice(path.length - tail)}${query}`;
}

function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One `<…>` control sequence of mrkdwn, rendered. */
function renderToken(inner: string, options: RenderOptions): string {
  const [target = '', label] = splitOnce(inner, '|');
  const users = options.directory?.users ?? {};
  const channels = options.directory?.channels ?? {};
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `@${label ?? users[id] ?? id}`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `#${label ?? channels[id] ?? id}`;
  }
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!subteam^')) return `@${label ?? target.slice('!subteam^'.length)}`;
  if (target.startsWith('!')) return `@${label ?? target.slice(1)}`;
  const url = shortenUrl(unescapeEntities(target), options.urlMax);
  return label === undefined ? url : `${label} (${url})`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * mrkdwn → plain text, kept light: links read `label (url)`, mentions `@name`/`#name`, date tokens their
 * fallback, `*bold*` and `_italic_` lose their markers, `~strike~` and `code` keep theirs (the meaning
 * matters), code fences are dropped, `:emoji:` become characters.
 */
export function mrkdwnToText(text: string, options: RenderOptions = {}): string {
  // Tokens first, parked behind placeholders, so emphasis never reaches into URLs (`a_b_c`).
  const tokens: string[] = [];
  let out = text.replace(/<([^<>]+)>/g, (_, inner: string) => {
    tokens.push(renderToken(inner, options));
    return `\u0000${tokens.length - 1}\u0000`;
  });
  out = out
    .replace(/```\n?([\s\S]*?)\n?```/g, '$1')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/(^|[^\w])_([^_\n]+)_(?=[^\w]|$)/g, '$1$2')
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
  // NUL cannot occur in Slack text, so it delimits the placeholders of the spans set aside above.
  // eslint-disable-next-line no-control-regex
  out = out.replace(/\u0000(\d+)\u0000/g, (_, index: string) => tokens[Number(index)] ?? '');
  return unescapeEntities(out);
}

function buttonLabel(element: Json, options: RenderOptions): string {
  const label = textOf(element.text, options);
  const url = str(element.url);
  return url ? `[ ${label} → ${shortenUrl(url, options.urlMax)} ]` : `[ ${label} ]`;
}

function optionLabel(option: unknown, options: RenderOptions): string {
  return isJson(option) ? textOf(option.text, options) : '';
}

/** An interactive element as it sits in a message or an actions block. */
function elementLabel(element: Json, options: RenderOptions): string {
  switch (element.type) {
    case 'button':
      return buttonLabel(element, options);
    case 'static_select':
    case 'external_select': {
      const chosen = optionLabel(element.initial_option, options) || textOf(element.placeholder, options) || 'Select';
      const choices = asArray(element.options).map((o) => optionLabel(o, options));
      return `[ ${chosen} ▾ ]${choices.length > 0 ? ` (${choices.join(' | ')})` : ''}`;
    }
    case 'overflow':
      return '[ ⋯ ]';
    case 'image':
      return `[image: ${str(element.alt_text) ?? ''}]`;
    default:
      return `[${String(element.type)}]`;
  }
}

function indent(lines: string[], prefix = '  '): string[] {
  return lines.map((line) => `${prefix}${line}`);
}

/** A section field: `*Label*\nvalue` reads `Label: value`. */
function fieldText(field: unknown, options: RenderOptions): string {
  const lines = textOf(field, options)
    .split('\n')
    .filter((line) => line.trim() !== '');
  if (lines.length <= 1) return lines[0] ?? '';
  return `${lines[0]}: ${lines.slice(1).join(' ')}`;
}

/** Fields sit two per row in Slack. */
function fieldRows(fields: string[]): string[] {
  const width = Math.max(0, ...fields.filter((_, i) => i % 2 === 0).map((f) => f.length));
  const rows: string[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const right = fields[i + 1];
    rows.push(right === undefined ? fields[i]! : `${fields[i]!.padEnd(width)}   ${right}`);
  }
  return rows;
}

function sectionLines(block: Json, options: RenderOptions): string[] {
  const lines = block.text ? textOf(block.text, options).split('\n') : [];
  lines.push(...fieldRows(asArray(block.fields).map((f) => fieldText(f, options))));
  if (isJson(block.accessory)) {
    const accessory = elementLabel(block.accessory, options);
    if (lines.length === 0) lines.push(accessory);
    else lines[0] = `${lines[0]}   ${accessory}`;
  }
  return lines;
}

function contextLine(block: Json, options: RenderOptions): string {
  const parts = asArray(block.elements).map((element) =>
    element.type === 'image' ? `[image: ${str(element.alt_text) ?? ''}]` : textOf(element, options),
  );
  return `· ${parts.join('  ')}`;
}

/** Current value of a modal input: the submitted state when given, else the element's initial value. */
function inputValue(element: Json, state: Json | undefined, options: RenderOptions): string {
  if (state) {
    if (typeof state.value === 'string' || state.value === null) return state.value ?? '';
    if (isJson(state.selected_option)) return optionLabel(state.selected_option, options);
    if (typeof state.selected_conversation === 'string') return channelName(state.selected_conversation, options);
    if (typeof state.selected_channel === 'string') return channelName(state.selected_channel, options);
  }
  switch (element.type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return str(element.initial_value) ?? '';
    case 'static_select':
      return optionLabel(element.initial_option, options);
    case 'conversations_select':
    case 'channels_select': {
      const id = str(element.initial_conversation) ?? str(element.initial_channel);
      return id ? channelName(id, options) : '';
    }
    case 'timepicker':
      return str(element.initial_time) ?? '';
    case 'datepicker':
      return str(element.initial_date) ?? '';
    default:
      return '';
  }
}

function channelName(id: string, options: RenderOptions): string {
  return `#${options.directory?.channels?.[id] ?? id}`;
}

function radioLine(element: Json, selected: string, options: RenderOptions): string {
  return asArray(element.options)
    .map((o) => {
      const label = optionLabel(o, options);
      return `(${label === selected ? '•' : ' '}) ${label}`;
    })
    .join('  ');
}

export interface ModalState {
  /** `view.state.values` of a submission: shown instead of the initial values. */
  values?: Record<string, Record<string, unknown>>;
  /** `response_action: 'errors'`: block_id → the sentence Slack shows under that input. */
  errors?: Record<string, string>;
}

function inputLines(block: Json, options: RenderOptions, modal: ModalState): string[] {
  const element = isJson(block.element) ? block.element : {};
  const blockId = str(block.block_id) ?? '';
  const actionId = str(element.action_id) ?? '';
  const rawState = modal.values?.[blockId]?.[actionId];
  const state = isJson(rawState) ? rawState : undefined;
  const label = `${textOf(block.label, options)}${block.optional === true ? ' (optional)' : ''}`;
  const value = inputValue(element, state, options);
  const lines: string[] = [];
  if (element.type === 'radio_buttons' || element.type === 'checkboxes') {
    lines.push(`${label}: ${radioLine(element, value || optionLabel(element.initial_option, options), options)}`);
  } else if (element.type === 'static_select') {
    const choices = asArray(element.options).map((o) => optionLabel(o, options));
    lines.push(`${label}: [ ${value || '—'} ▾ ]  (${choices.join(' | ')})`);
  } else if (value.includes('\n')) {
    lines.push(`${label}:`, ...indent(value.split('\n'), '    '));
  } else {
    lines.push(`${label}: ${value === '' ? '—' : value}`);
  }
  const error = modal.errors?.[blockId];
  if (error) lines.push(`  ⚠️ ${error}`);
  else if (block.hint) lines.push(`  ${textOf(block.hint, options)}`);
  return lines;
}

/** Block Kit blocks → lines of text. */
export function renderBlocks(blocks: unknown, options: RenderOptions = {}, modal: ModalState = {}): string[] {
  return asArray(blocks).flatMap((block): string[] => {
    switch (block.type) {
      case 'header':
        return [`▌${textOf(block.text, options).toUpperCase()}`];
      case 'section':
        return sectionLines(block, options);
      case 'context':
        return [contextLine(block, options)];
      case 'divider':
        return ['────────────────────'];
      case 'actions':
        return [
          asArray(block.elements)
            .map((e) => elementLabel(e, options))
            .join(' '),
        ];
      case 'image':
        return [`[image: ${str(block.alt_text) ?? ''}]`];
      case 'input':
        return inputLines(block, options, modal);
      default:
        return [`[${String(block.type)} block]`];
    }
  });
}

function frame(title: string, body: string[], footer?: string): string {
  const lines = [`┌─ ${title}`, ...body.map((line) => `│ ${line}`.trimEnd()), footer ? `└─ ${footer}` : '└─'];
  return lines.join('\n');
}

export type MessageKind = 'message' | 'direct' | 'ephemeral' | 'update' | 'thread_reply' | 'replaced' | 'unfurl';

export interface MessageFrame {
  kind: MessageKind;
  /** Where it shows, e.g. `#sales` or `DM from the app`. */
  where: string;
}

const KIND_LABELS: Record<MessageKind, string> = {
  message: 'visible to everyone',
  direct: 'direct message',
  ephemeral: 'only visible to you',
  update: 'message updated',
  thread_reply: 'reply in thread',
  replaced: 'replaces the previous answer, only visible to you',
  unfurl: 'link preview under the message (chat.unfurl)',
};

/** A message: its blocks when it has them, else its `text` (as Slack does). */
export function renderMessage(message: { text?: unknown; blocks?: unknown }, where: MessageFrame, options: RenderOptions = {}): string {
  const blocks = asArray(message.blocks);
  const body = blocks.length > 0 ? renderBlocks(blocks, options) : mrkdwnToText(str(message.text) ?? '', options).split('\n');
  return frame(`${where.where} · ${KIND_LABELS[where.kind]}`, body);
}

/** A response_url answer: ephemeral unless `response_type: in_channel`; may replace the original. */
export function renderResponse(body: Json, where: string, options: RenderOptions = {}): string {
  const kind: MessageKind = body.response_type === 'in_channel' ? 'message' : body.replace_original === true ? 'replaced' : 'ephemeral';
  if (body.delete_original === true) return frame(`${where} · the previous answer is removed`, []);
  return renderMessage(body, { kind, where }, options);
}

/** A modal with its title, inputs (initial or submitted values, inline errors) and buttons. */
export function renderModal(view: Json, state: ModalState = {}, options: RenderOptions = {}, event = 'opened'): string {
  const buttons = [view.close, view.submit].filter(isJson).map((b) => `[ ${textOf(b, options)} ]`);
  return frame(`Modal “${textOf(view.title, options)}” (${event})`, renderBlocks(view.blocks, options, state), buttons.join(' '));
}

/** The App Home tab. */
export function renderHome(view: Json, options: RenderOptions = {}): string {
  return frame('App Home', renderBlocks(view.blocks, options));
}
