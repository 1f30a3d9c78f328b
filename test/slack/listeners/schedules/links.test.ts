import { buttonUrl, startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { blockActionBody } from '../../../../dev/slack-signing';
import { CALLBACK_IDS, SHARE_SCHEDULE_BLOCKS } from '../../../../src/slack/command/ids';
import type { ScheduleSummary } from '../../../../src/slack/blocks';
import { buttonValues, homeButton, modalShowing, schedulesOf, slash, textOf } from './helpers';

let stack: LocalStack;
let officeHours: ScheduleSummary;
let syncs: ScheduleSummary[];

beforeAll(async () => {
  stack = await startLocalStack();
  await stack.connectZoom('U0ALICE');
  const create = (title: string) =>
    stack.app.services.schedules.create(
      stack.teamId,
      'U0ALICE',
      {
        title,
        durationMinutes: 30,
        availability: {
          kind: 'custom',
          weekly: { mon: [{ start: '09:00', end: '10:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
        },
        meetingType: 'zoomMeeting',
      },
      'America/New_York',
    );
  syncs = [await create('Weekly sync'), await create('Design sync')];
  officeHours = (await schedulesOf(stack)).find((s) => s.title === 'Office Hours')!;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const SINGLE_USE = /https:\/\/scheduler\.zoom\.us\/manage\/[a-z0-9]+/;

function newMessagesIn(channelId: string, before: number) {
  return stack.slack.messagesIn(channelId).slice(before);
}

describe('/zoom-schedule list', () => {
  it('lists every schedule ephemerally, each with Post link and Copy URL', async () => {
    const { reply } = await stack.command('U0ALICE', 'list');
    expect(reply.body.response_type).toBe('ephemeral');
    const all = await schedulesOf(stack);
    expect(all.map((s) => s.title)).toEqual(['30 Minute Meeting', 'Office Hours', 'Weekly sync', 'Design sync']);
    expect(buttonValues(reply.body.blocks, 'post_link')).toEqual(all.map((s) => s.id));
    expect(buttonValues(reply.body.blocks, 'copy_url')).toEqual(all.map((s) => s.id));
    for (const schedule of all) expect(textOf(reply.body.blocks)).toContain(schedule.url);
  });

  it('Post link posts a fresh single-use link visibly in the channel the list was shown in', async () => {
    const before = stack.slack.messagesIn('C0GENERAL').length;
    await stack.send(
      blockActionBody({
        teamId: stack.teamId,
        userId: 'U0ALICE',
        actionId: 'post_link',
        value: officeHours.id,
        channelId: 'C0GENERAL',
        responseUrl: stack.slack.responseUrl('post-link-1'),
      }),
    );
    const [posted] = await stack.waitFor(() => {
      const fresh = newMessagesIn('C0GENERAL', before);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the posted link');
    expect(posted!.text).toMatch(SINGLE_USE);
    expect(posted!.text).toContain('Office Hours');
    expect(posted!.text).toContain('<@U0ALICE>');
  });

  it('Post link in a private channel without the bot answers with the invite sentence and posts nothing', async () => {
    const { reply } = await stack.action('U0ALICE', { actionId: 'post_link', value: officeHours.id, channelId: 'G0SECRET' });
    expect(reply.body.response_type).toBe('ephemeral');
    expect(textOf(reply.body.blocks)).toContain("I'm not in <#G0SECRET>");
    expect(textOf(reply.body.blocks)).toContain('/invite <@U0FAKEBOT>');
    expect(stack.slack.messagesIn('G0SECRET')).toEqual([]);
  });

  it('Copy URL answers with the reusable URL alone', async () => {
    const { reply } = await stack.action('U0ALICE', { actionId: 'copy_url', value: officeHours.id, channelId: 'C0GENERAL' });
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toBe(officeHours.url);
  });
});

describe('/zoom-schedule link', () => {
  it('posts a single-use link visibly, a different one each time, for a title in another case', async () => {
    const before = stack.slack.messagesIn('C0GENERAL').length;
    const first = await slash(stack, 'U0ALICE', 'link office hours');
    const second = await slash(stack, 'U0ALICE', 'link OFFICE HOURS');
    const posted = await stack.waitFor(() => {
      const fresh = newMessagesIn('C0GENERAL', before);
      return fresh.length === 2 ? fresh : undefined;
    }, 'two links');
    const urls = posted.map((m) => m.text?.match(SINGLE_USE)?.[0]);
    expect(urls[0]).toBeDefined();
    expect(urls[1]).toBeDefined();
    expect(urls[0]).not.toBe(urls[1]);
    expect(textOf(posted[0]!.blocks)).toContain('Book a time');
    expect(first.responses()).toEqual([]);
    expect(second.responses()).toEqual([]);
  });

  it('finds a schedule by id', async () => {
    const before = stack.slack.messagesIn('C0SALES').length;
    await slash(stack, 'U0ALICE', `link ${syncs[0]!.id}`, 'C0SALES');
    const [posted] = await stack.waitFor(() => {
      const fresh = newMessagesIn('C0SALES', before);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the link');
    expect(posted!.text).toContain('Weekly sync');
  });

  it('answers the invite sentence in a private channel without the bot, posting nothing', async () => {
    const { reply } = await stack.command('U0ALICE', 'link Office Hours', { channelId: 'G0SECRET' });
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toContain('Invite me with /invite @zoom-scheduler');
    expect(textOf(reply.body.blocks)).toContain('<#G0SECRET>');
    expect(stack.slack.messagesIn('G0SECRET')).toEqual([]);
  });

  it('gives the link privately in a DM the bot cannot post in', async () => {
    const { reply } = await stack.command('U0ALICE', 'link Office Hours', { channelId: 'D0ALICEBOB' });
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.text).toMatch(SINGLE_USE);
  });

  it('offers the matches of an ambiguous title, and the chosen one is posted', async () => {
    const { reply } = await stack.command('U0ALICE', 'link sync');
    expect(reply.body.text).toContain('2 schedules match “sync”');
    const choices = buttonValues(reply.body.blocks, 'choose_schedule_for_link');
    expect(choices).toEqual(syncs.map((s) => s.id));

    const before = stack.slack.messagesIn('C0GENERAL').length;
    const choice = await stack.action('U0ALICE', { actionId: 'choose_schedule_for_link', value: syncs[1]!.id, channelId: 'C0GENERAL' });
    expect(choice.reply.body).toEqual({ delete_original: true });
    const [posted] = newMessagesIn('C0GENERAL', before);
    expect(posted?.text).toContain('Design sync');
    expect(posted?.text).toMatch(SINGLE_USE);
  });

  it('names an unknown title in one sentence', async () => {
    const { reply } = await stack.command('U0ALICE', 'link Board meeting');
    expect(reply.body.text).toContain("I couldn't find a schedule called “Board meeting”");
    expect(stack.slack.messages.some((m) => m.text?.includes('Board meeting'))).toBe(false);
  });

  it('answers a user without Zoom with the connect button', async () => {
    const { reply } = await stack.command('U0BOB', 'link Office Hours');
    expect(buttonUrl(reply.body.blocks, 'connect_zoom')).toMatch(/\/oauth\/authorize\?/);
    expect(
      stack.slack.messages.some((m) => m.text?.includes('Office Hours') && m.channel === 'C0GENERAL' && m.text.includes('U0BOB')),
    ).toBe(false);
  });
});

describe('/zoom-schedule share', () => {
  it('posts the reusable URL visibly', async () => {
    const before = stack.slack.messagesIn('C0GENERAL').length;
    await slash(stack, 'U0ALICE', 'share office hours');
    const [posted] = await stack.waitFor(() => {
      const fresh = newMessagesIn('C0GENERAL', before);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the shared URL');
    expect(posted!.text).toContain(officeHours.url);
    expect(posted!.text).not.toMatch(SINGLE_USE);
  });

  it('lets the user choose among ambiguous matches', async () => {
    const { reply } = await stack.command('U0ALICE', 'share SYNC');
    expect(buttonValues(reply.body.blocks, 'choose_schedule_for_share')).toEqual(syncs.map((s) => s.id));
    const before = stack.slack.messagesIn('C0SALES').length;
    await stack.action('U0ALICE', { actionId: 'choose_schedule_for_share', value: syncs[0]!.id, channelId: 'C0SALES' });
    expect(newMessagesIn('C0SALES', before)[0]?.text).toContain(syncs[0]!.url);
  });
});

describe('App Home Share button', () => {
  it('opens the share modal, refuses a private channel without the bot inline, then posts where asked', async () => {
    const before = stack.slack.views.length;
    await homeButton(stack, 'U0ALICE', 'share_schedule', officeHours.id);
    const modal = await modalShowing(stack, before, CALLBACK_IDS.shareScheduleModal);
    expect(modal.history[0]?.view.callback_id).toBe(CALLBACK_IDS.loadingModal);
    expect(textOf(modal.view.blocks)).toContain('Office Hours');

    const pick = (channel: string) => ({
      [SHARE_SCHEDULE_BLOCKS.channel]: {
        [`${SHARE_SCHEDULE_BLOCKS.channel}_input`]: { type: 'conversations_select', selected_conversation: channel },
      },
    });
    const refused = await stack.submitView('U0ALICE', modal, pick('G0SECRET'));
    expect(refused?.response_action).toBe('errors');
    expect((refused?.errors as Record<string, string>)[SHARE_SCHEDULE_BLOCKS.channel]).toContain('invite me with /invite @zoom-scheduler');

    const beforePosts = stack.slack.messagesIn('C0SALES').length;
    expect(await stack.submitView('U0ALICE', modal, pick('C0SALES'))).toBeUndefined();
    const [posted] = await stack.waitFor(() => {
      const fresh = newMessagesIn('C0SALES', beforePosts);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the shared URL');
    expect(posted!.text).toContain(officeHours.url);
  });
});
