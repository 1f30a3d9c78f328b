import { GRAMMAR, SUBCOMMANDS, grammarMarkdownTable, usageHint } from '../../../src/slack/command/grammar';
import { parseCommand } from '../../../src/slack/command/parse-command';
import { helpMessage } from '../../../src/slack/blocks/messages/help';

describe('the /zoom-schedule grammar', () => {
  it('lists the 13 subcommands of SPEC.md', () => {
    expect([...SUBCOMMANDS]).toEqual([
      'help',
      'connect',
      'disconnect',
      'status',
      'new',
      'list',
      'link',
      'share',
      'events',
      'availability',
      'analytics',
      'digest',
      'notify',
    ]);
  });

  it('has a usage that parseCommand accepts for each entry, once placeholders are filled in', () => {
    const examples: Record<string, string> = {
      'new [title]': 'new Intro call',
      'link <schedule title or id>': 'link Intro call',
      'share <schedule title or id>': 'share Intro call',
      'events [today|week]': 'events today',
      'analytics [7|14|30]': 'analytics 14',
      'digest on [HH:MM] [#channel]': 'digest on 09:00 <#C1|general>',
      'notify #channel': 'notify <#C1|general>',
    };
    for (const entry of GRAMMAR) {
      const parsed = parseCommand(examples[entry.usage] ?? entry.usage);
      expect([entry.usage, parsed.kind]).not.toEqual([entry.usage, 'unknown']);
      expect([entry.usage, parsed.kind]).not.toEqual([entry.usage, 'invalid']);
    }
  });

  it('renders the same usages in help, the usage hint and the README table', () => {
    const help = helpMessage();
    const table = grammarMarkdownTable();
    for (const entry of GRAMMAR) {
      expect(help.text).toContain(`/zoom-schedule ${entry.usage}`);
      expect(JSON.stringify(help.blocks)).toContain(`/zoom-schedule ${entry.usage}`);
      expect(usageHint()).toContain(entry.usage);
      expect(table).toContain(`\`/zoom-schedule ${entry.usage.replace(/\|/g, '\\|')}\` | ${entry.description} |`);
    }
    expect(table.split('\n')).toHaveLength(GRAMMAR.length + 2);
  });
});
