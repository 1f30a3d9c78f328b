/** Small readers over Block Kit JSON, so assertions name what they check. */
type Json = Record<string, unknown>;

export function blocksOf(payload: unknown): Json[] {
  return ((payload as { blocks?: Json[] }).blocks ?? []) as Json[];
}

/** Every interactive element (accessories, actions elements, input elements), in order. */
export function elementsOf(payload: unknown): Json[] {
  return blocksOf(payload).flatMap((block) => {
    if (block.type === 'actions') return block.elements as Json[];
    if (block.type === 'section' && block.accessory) return [block.accessory as Json];
    if (block.type === 'input') return [block.element as Json];
    return [];
  });
}

export function buttons(payload: unknown, actionId?: string): Json[] {
  return elementsOf(payload).filter((e) => e.type === 'button' && (actionId === undefined || e.action_id === actionId));
}

export function buttonText(button: Json): string {
  return (button.text as { text: string }).text;
}

/** All text of all blocks joined, for "contains" checks. */
export function allText(payload: unknown): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'text' && typeof child === 'string') texts.push(child);
        else walk(child);
      }
    }
  };
  walk(blocksOf(payload));
  return texts.join('\n');
}

export function inputBlock(payload: unknown, blockId: string): Json {
  const block = blocksOf(payload).find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no block ${blockId}`);
  return block;
}
