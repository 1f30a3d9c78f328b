import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { GRAMMAR, SLASH_COMMAND, SUBCOMMANDS, usageHint } from '../src/slack/command/grammar';
import { CALLBACK_IDS } from '../src/slack/command/ids';
import { SCHEDULER_BOOKING_HOST } from '../src/core/booking-link-lookup';

const root = join(__dirname, '..');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));
const schema = JSON.parse(readFileSync(join(root, 'schemas/slack-manifest.schema.json'), 'utf8'));

interface SlashCommandEntry {
  command: string;
  description: string;
  usage_hint: string;
  url: string;
  should_escape: boolean;
}

const command: SlashCommandEntry = manifest.features.slash_commands[0];

describe('manifest.yml', () => {
  it("validates against Slack's manifest JSON Schema (draft-07)", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('keeps display information within Slack limits', () => {
    const info = manifest.display_information;
    expect(info.name.length).toBeGreaterThanOrEqual(1);
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.long_description.length).toBeGreaterThanOrEqual(175);
    expect(info.long_description.length).toBeLessThanOrEqual(4000);
  });

  it('declares /zoom-schedule with escaping and a usage hint generated from the grammar', () => {
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(command.command).toBe(SLASH_COMMAND);
    expect(command.command).toMatch(/^\/.{1,31}$/);
    expect(command.should_escape).toBe(true);
    expect(command.url).toBe('https://YOUR-HOST/slack/events');
    expect(command.usage_hint).toBe(usageHint());
    expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it('mentions every subcommand and every usage of the grammar in the usage hint', () => {
    const hintUsages = command.usage_hint.split(' | ');
    expect(hintUsages).toEqual(GRAMMAR.map((entry) => entry.usage));
    for (const subcommand of SUBCOMMANDS) {
      expect(hintUsages.some((usage) => usage.split(' ')[0] === subcommand)).toBe(true);
    }
  });

  it('asks for exactly the bot scopes the app needs', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      // users:read.email: Server-to-Server Zoom mode links Slack users to Zoom users by e-mail.
      // links:read + links:write: link_shared and chat.unfurl for scheduler.zoom.us booking links.
      [
        'channels:history',
        'channels:read',
        'chat:write',
        'chat:write.public',
        'commands',
        'groups:history',
        'groups:read',
        'im:history',
        'im:write',
        'links:read',
        'links:write',
        'users:read',
        'users:read.email',
      ].sort(),
    );
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://YOUR-HOST/slack/oauth_redirect']);
  });

  it('subscribes to the events the app handles and uses one HTTP endpoint', () => {
    const settings = manifest.settings;
    expect([...settings.event_subscriptions.bot_events].sort()).toEqual(
      ['app_home_opened', 'app_uninstalled', 'link_shared', 'tokens_revoked'].sort(),
    );
    expect(settings.event_subscriptions.request_url).toBe('https://YOUR-HOST/slack/events');
    expect(settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://YOUR-HOST/slack/events' });
    expect(settings.org_deploy_enabled).toBe(false);
    expect(settings.socket_mode_enabled).toBe(false);
    expect(settings.token_rotation_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });
});

describe('shortcuts and unfurls', () => {
  it("declares the two shortcuts the app answers, within Slack's limits", () => {
    const shortcuts = manifest.features.shortcuts as Array<{ name: string; type: string; callback_id: string; description: string }>;
    expect(shortcuts.map((s) => [s.type, s.callback_id])).toEqual([
      ['global', CALLBACK_IDS.shareBookingLinkShortcut],
      ['message', CALLBACK_IDS.replyWithBookingLinkShortcut],
    ]);
    for (const shortcut of shortcuts) {
      expect(shortcut.name.length).toBeLessThanOrEqual(24);
      expect(shortcut.description.length).toBeLessThanOrEqual(150);
    }
  });

  it('unfurls Zoom Scheduler booking pages', () => {
    expect(manifest.features.unfurl_domains).toEqual([SCHEDULER_BOOKING_HOST]);
  });
});

describe("Slack's manifest schema, as used above", () => {
  it('rejects a manifest Slack would refuse (long name, command without slash)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const broken = structuredClone(manifest);
    broken.display_information.name = 'Z'.repeat(36);
    broken.features.slash_commands[0].command = 'zoom-schedule';
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((error) => error.instancePath);
    expect(paths).toContain('/display_information/name');
    expect(paths).toContain('/features/slash_commands/0/command');
  });
});
