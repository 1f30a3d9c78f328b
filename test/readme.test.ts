import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { GRAMMAR, SLASH_COMMAND, grammarMarkdownTable, usageHint } from '../src/slack/command/grammar';
import { helpMessage } from '../src/slack/blocks';

const ROOT = path.join(__dirname, '..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const manifest = parse(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8'));

/** The README's generated command table, between its markers. */
function readmeGrammarTable(): string {
  const block = /<!-- grammar:start[^>]*-->\n([\s\S]*?)\n<!-- grammar:end -->/.exec(readme);
  if (!block) throw new Error('README.md has no <!-- grammar:start --> … <!-- grammar:end --> block');
  return block[1]!;
}

/** Each usage as a row of the README table reads it back: `/zoom-schedule events [today\|week]` → usage. */
function readmeUsages(table: string): string[] {
  return table
    .split('\n')
    .slice(2)
    .map((row) => /^\| `\/zoom-schedule (.+?)` \|/.exec(row)?.[1]?.replace(/\\\|/g, '|') ?? `unreadable row: ${row}`);
}

/** Each usage that help's plain text lists, in order (its lines are `/zoom-schedule <usage>`). */
function helpTextUsages(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${SLASH_COMMAND} `) && line !== `${SLASH_COMMAND} commands:`)
    .map((line) => line.slice(SLASH_COMMAND.length + 1));
}

describe('the /zoom-schedule grammar in help, the README and manifest.yml', () => {
  it('is the same list of usages, in the same order, in all three', () => {
    const usages = GRAMMAR.map((entry) => entry.usage);
    const table = readmeGrammarTable();
    const hint: string = manifest.features.slash_commands[0].usage_hint;

    // Help: every usage in its blocks, and exactly the usages in grammar order in its text.
    const help = helpMessage();
    const blocksText = JSON.stringify(help.blocks);
    for (const usage of usages) {
      expect([usage, help.text.includes(`${SLASH_COMMAND} ${usage}`)]).toEqual([usage, true]);
      expect([usage, blocksText.includes(`${SLASH_COMMAND} ${usage}`)]).toEqual([usage, true]);
    }
    expect(helpTextUsages(help.text)).toEqual(usages);

    // README: the generated table, exactly (run `npm run readme:grammar` after changing src/slack/command/grammar.ts).
    expect(table).toBe(grammarMarkdownTable());
    expect(readmeUsages(table)).toEqual(usages);

    // Manifest: the usage hint Slack shows while typing.
    expect(hint).toBe(usageHint());
    expect(hint.split(' | ')).toEqual(usages);
  });
});
