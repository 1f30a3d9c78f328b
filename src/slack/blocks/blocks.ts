import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { LIMITS, truncate } from './limits';

/** What a message view returns: blocks plus the plain-text fallback Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

/** `mrkdwn` must already be escaped; it is cut only as a last resort, since cutting can split a `<…>` token. */
export function section(mrkdwn: string, accessory?: Button): SectionBlock {
  const block: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText) } };
  if (accessory) block.accessory = accessory;
  return block;
}

export function fields(mrkdwnFields: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: mrkdwnFields
      .slice(0, LIMITS.sectionFields)
      .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, LIMITS.sectionFieldText) })),
  };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function context(...mrkdwn: string[]): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn
      .slice(0, LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, LIMITS.sectionText) })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function actions(...elements: Button[]): ActionsBlock {
  return { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) };
}

export interface ButtonOptions {
  actionId: string;
  text: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export function button({ actionId, text, value, url, style }: ButtonOptions): Button {
  const element: Button = { type: 'button', action_id: actionId, text: plain(text, LIMITS.buttonText) };
  if (value !== undefined) element.value = value;
  if (url !== undefined) element.url = url;
  if (style !== undefined) element.style = style;
  return element;
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value };
}
