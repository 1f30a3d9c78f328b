/**
 * `npm run readme:grammar`: rewrites the README's `/zoom-schedule` table from src/slack/command/grammar.ts, the one
 * source of the grammar (test/readme.test.ts fails until the README matches it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { grammarMarkdownTable } from '../src/slack/command/grammar';

const README = path.resolve(__dirname, '../../README.md');
const BLOCK = /(<!-- grammar:start[^>]*-->\n)[\s\S]*?(\n<!-- grammar:end -->)/;

const readme = readFileSync(README, 'utf8');
if (!BLOCK.test(readme)) {
  process.stderr.write('README.md has no <!-- grammar:start --> … <!-- grammar:end --> block.\n');
  process.exitCode = 1;
} else {
  writeFileSync(
    README,
    readme.replace(BLOCK, (_, start: string, end: string) => `${start}${grammarMarkdownTable()}${end}`),
  );
  process.stdout.write('README.md: /zoom-schedule table updated from src/slack/command/grammar.ts\n');
}
