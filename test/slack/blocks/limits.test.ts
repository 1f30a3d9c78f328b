import { LIMITS, assertWithinSlackLimits, cumulativeTextLength, fitItems, truncate } from '../../../src/slack/blocks/limits';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, actionId = 'a') => ({ type: 'button', action_id: actionId, text: { type: 'plain_text', text } });
const opt = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });

function rules(surface: 'message' | 'modal' | 'home', payload: unknown): string[] {
  return assertWithinSlackLimits(surface, payload).map((v) => `${v.path}: ${v.rule}`);
}

describe('assertWithinSlackLimits', () => {
  it('accepts a plain valid message', () => {
    expect(rules('message', { text: 'hi', blocks: [section('hi'), { type: 'actions', elements: [button('Go')] }] })).toEqual([]);
  });

  it('counts blocks per surface', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(rules('message', { text: 'x', blocks })).toEqual(['/blocks: block count is 51, at most 50 allowed']);
    expect(rules('home', { type: 'home', blocks })).toEqual([]);
    expect(rules('home', { type: 'home', blocks: [...blocks, ...blocks] })).toEqual(['/blocks: block count is 102, at most 100 allowed']);
  });

  it('checks text lengths of sections, fields, headers, buttons and empty texts', () => {
    expect(
      rules('message', {
        text: 'x',
        blocks: [
          section('x'.repeat(3001)),
          { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
          { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
          { type: 'actions', elements: [button('b'.repeat(76))] },
          section(''),
        ],
      }),
    ).toEqual([
      '/blocks/0/text: section text is 3001, at most 3000 allowed',
      '/blocks/1/fields: section field count is 11, at most 10 allowed',
      '/blocks/2/text: header text is 151, at most 150 allowed',
      '/blocks/3/elements/0/text: button text is 76, at most 75 allowed',
      '/blocks/4/text: section text must not be empty',
    ]);
  });

  it('checks options: count, text, value and emptiness', () => {
    const options = Array.from({ length: 101 }, (_, i) => opt(`o${i}`, `v${i}`));
    options[0] = opt('t'.repeat(76), 'v'.repeat(76));
    options[1] = opt('ok', '');
    expect(
      rules('message', {
        text: 'x',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 's' }, accessory: { type: 'static_select', action_id: 's', options } }],
      }),
    ).toEqual([
      '/blocks/0/accessory/options: option count is 101, at most 100 allowed',
      '/blocks/0/accessory/options/0/text: option text is 76, at most 75 allowed',
      '/blocks/0/accessory/options/0/value: option value length is 76, at most 75 allowed',
      '/blocks/0/accessory/options/1/value: option value must be a non-empty string',
    ]);
  });

  it('checks ids: length and uniqueness', () => {
    expect(
      rules('message', {
        text: 'x',
        blocks: [
          { type: 'divider', block_id: 'same' },
          { type: 'divider', block_id: 'same' },
          { type: 'actions', block_id: 'b'.repeat(256), elements: [button('a', 'dup'), button('b', 'dup')] },
        ],
      }),
    ).toEqual([
      '/blocks/1/block_id: block_id must be unique',
      '/blocks/2/block_id: block_id length is 256, at most 255 allowed',
      '/blocks/2/elements/1/action_id: action_id must be unique within a block',
    ]);
  });

  it('checks actions and context element counts', () => {
    const elements = Array.from({ length: 26 }, (_, i) => button('b', `b${i}`));
    const contextElements = Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' }));
    expect(
      rules('message', {
        text: 'x',
        blocks: [
          { type: 'actions', elements },
          { type: 'context', elements: contextElements },
        ],
      }),
    ).toEqual([
      '/blocks/0/elements: actions element count is 26, at most 25 allowed',
      '/blocks/1/elements: context element count is 11, at most 10 allowed',
    ]);
  });

  it('checks modal title, submit, private_metadata and the submit-with-inputs rule', () => {
    const input = {
      type: 'input',
      block_id: 'i',
      label: { type: 'plain_text', text: 'L' },
      element: { type: 'plain_text_input', action_id: 'i' },
    };
    expect(
      rules('modal', {
        type: 'modal',
        title: { type: 'plain_text', text: 't'.repeat(25) },
        private_metadata: 'm'.repeat(3001),
        blocks: [input],
      }),
    ).toEqual([
      '/private_metadata: private_metadata length is 3001, at most 3000 allowed',
      '/title: modal title is 25, at most 24 allowed',
      '/submit: a modal with input blocks must define submit',
    ]);
    expect(rules('modal', { type: 'home', title: { type: 'plain_text', text: 't' }, blocks: [] })).toEqual([
      '/type: view type must be modal',
    ]);
  });

  it('checks the cumulative text of a message', () => {
    const blocks = Array.from({ length: 5 }, () => section('x'.repeat(2500)));
    expect(rules('message', { text: 'x', blocks })).toEqual([
      `/blocks: cumulative block text is 12500, at most ${LIMITS.messageCumulativeText} allowed`,
    ]);
  });

  it('refuses unknown block types and non-objects', () => {
    expect(rules('message', { text: 'x', blocks: [{ type: 'sectoin' }, 3] })).toEqual([
      '/blocks/0/type: unknown block type sectoin',
      '/blocks/1: block must be an object',
    ]);
    expect(rules('message', null)).toEqual([': payload must be an object']);
  });
});

describe('clamp helpers', () => {
  it('truncate keeps short text and ends cut text with an ellipsis within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a long sentence here', 10)).toBe('a long se…');
    expect(truncate('ab📅cd', 4)).toBe('ab…');
    expect(truncate('a long sentence here', 10).length).toBeLessThanOrEqual(10);
  });

  it('cumulativeTextLength sums every text string', () => {
    expect(cumulativeTextLength([section('abc'), { type: 'actions', elements: [button('de')] }])).toBe(5);
  });

  it('fitItems stops at the block budget or the text budget, keeping items whole', () => {
    const render = (n: number) => [section('x'.repeat(n)), { type: 'divider' }];
    expect(fitItems([1, 2, 3, 4], render, { maxBlocks: 5, maxText: 100 })).toEqual({ blocks: [...render(1), ...render(2)], rest: 2 });
    expect(fitItems([40, 40, 40], render, { maxBlocks: 50, maxText: 100 })).toEqual({ blocks: [...render(40), ...render(40)], rest: 1 });
    expect(fitItems([], render, { maxBlocks: 5, maxText: 100 })).toEqual({ blocks: [], rest: 0 });
  });
});
