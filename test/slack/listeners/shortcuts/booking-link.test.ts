import { startLocalStack, type LocalStack } from '../../../../dev/local-stack';
import { globalShortcutBody, messageShortcutBody } from '../../../../dev/slack-signing';
import type { FakeView } from '../../../../dev/fake-slack';
import { BOOKING_LINK_BLOCKS, CALLBACK_IDS } from '../../../../src/slack/command/ids';
import type { ScheduleSummary } from '../../../../src/slack/blocks';
import { modalShowing } from '../schedules/helpers';

let stack: LocalStack;
let officeHours: ScheduleSummary;

beforeAll(async () => {
  stack = await startLocalStack();
  await stack.connectZoom('U0ALICE');
  officeHours = (await stack.app.services.schedules.list(stack.teamId, 'U0ALICE')).find((s) => s.title === 'Office Hours')!;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const SINGLE_USE = /https:\/\/scheduler\.zoom\.us\/manage\/[a-z0-9]+/;

function values(scheduleId: string, channelId?: string) {
  return {
    [BOOKING_LINK_BLOCKS.schedule]: {
      [`${BOOKING_LINK_BLOCKS.schedule}_input`]: {
        type: 'static_select',
        selected_option: { value: scheduleId, text: { type: 'plain_text', text: 'x' } },
      },
    },
    ...(channelId
      ? {
          [BOOKING_LINK_BLOCKS.channel]: {
            [`${BOOKING_LINK_BLOCKS.channel}_input`]: { type: 'conversations_select', selected_conversation: channelId },
          },
        }
      : {}),
  };
}

function scheduleOptions(view: FakeView): string[] {
  const block = (view.view.blocks as Array<Record<string, any>>).find((b) => b.block_id === BOOKING_LINK_BLOCKS.schedule);
  return (block?.element?.options ?? []).map((o: { value: string }) => o.value);
}

describe('global shortcut “Share a booking link”', () => {
  it('opens a modal with the user’s schedules and a channel picker, then posts a single-use link there', async () => {
    const viewsBefore = stack.slack.views.length;
    const sent = await stack.send(
      globalShortcutBody({ teamId: stack.teamId, userId: 'U0ALICE', callbackId: CALLBACK_IDS.shareBookingLinkShortcut }),
    );
    expect(sent).toEqual({ status: 200, body: '' });
    const modal = await modalShowing(stack, viewsBefore, CALLBACK_IDS.bookingLinkModal);
    expect(scheduleOptions(modal)).toContain(officeHours.id);
    expect(JSON.stringify(modal.view.blocks)).toContain('conversations_select');

    const before = stack.slack.messagesIn('C0SALES').length;
    const ack = await stack.submitView('U0ALICE', modal, values(officeHours.id, 'C0SALES'));
    expect(ack).toBeUndefined();
    const [posted] = await stack.waitFor(() => {
      const fresh = stack.slack.messagesIn('C0SALES').slice(before);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the link');
    expect(posted!.text).toMatch(SINGLE_USE);
    expect(posted!.text).toContain('Office Hours');
    expect(posted!.thread_ts).toBeUndefined();
  });

  it('keeps the modal open with the reason on the field when the bot cannot post in the channel', async () => {
    const viewsBefore = stack.slack.views.length;
    await stack.send(globalShortcutBody({ teamId: stack.teamId, userId: 'U0ALICE', callbackId: CALLBACK_IDS.shareBookingLinkShortcut }));
    const modal = await modalShowing(stack, viewsBefore, CALLBACK_IDS.bookingLinkModal);
    const ack = await stack.submitView('U0ALICE', modal, values(officeHours.id, 'G0SECRET'));
    expect(ack?.response_action).toBe('errors');
    expect(JSON.stringify(ack)).toContain(BOOKING_LINK_BLOCKS.channel);
    expect(stack.slack.messagesIn('G0SECRET')).toEqual([]);
  });

  it('a user without Zoom sees why in the modal and gets the connect button by DM', async () => {
    const viewsBefore = stack.slack.views.length;
    await stack.send(globalShortcutBody({ teamId: stack.teamId, userId: 'U0BOB', callbackId: CALLBACK_IDS.shareBookingLinkShortcut }));
    const modal = await stack.waitFor(() => {
      const view = stack.slack.views.slice(viewsBefore).find((v) => v.type === 'modal');
      return view && view.history.length >= 2 ? view : undefined;
    }, 'the notice');
    expect(JSON.stringify(modal.view.blocks)).toMatch(/[Cc]onnect/);
    await stack.waitFor(() => stack.slack.messagesIn(stack.slack.dmChannelId('U0BOB')).length > 0, 'the connect DM');
  });
});

describe('message shortcut “Reply with booking link”', () => {
  it('posts a single-use link in the thread of the message it was used on', async () => {
    const viewsBefore = stack.slack.views.length;
    const messageTs = '1796200000.000100';
    const sent = await stack.send(
      messageShortcutBody({
        teamId: stack.teamId,
        userId: 'U0ALICE',
        callbackId: CALLBACK_IDS.replyWithBookingLinkShortcut,
        channelId: 'C0GENERAL',
        messageTs,
        responseUrl: stack.slack.responseUrl('msg-shortcut'),
      }),
    );
    expect(sent).toEqual({ status: 200, body: '' });
    const modal = await modalShowing(stack, viewsBefore, CALLBACK_IDS.bookingLinkModal);
    expect(JSON.stringify(modal.view.blocks)).not.toContain('conversations_select');

    const before = stack.slack.messagesIn('C0GENERAL').length;
    expect(await stack.submitView('U0ALICE', modal, values(officeHours.id))).toBeUndefined();
    const [posted] = await stack.waitFor(() => {
      const fresh = stack.slack.messagesIn('C0GENERAL').slice(before);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the reply');
    expect(posted!.thread_ts).toBe(messageTs);
    expect(posted!.text).toMatch(SINGLE_USE);
  });

  it('used on a reply, answers in that reply’s thread', async () => {
    const viewsBefore = stack.slack.views.length;
    await stack.send(
      messageShortcutBody({
        teamId: stack.teamId,
        userId: 'U0ALICE',
        callbackId: CALLBACK_IDS.replyWithBookingLinkShortcut,
        channelId: 'C0GENERAL',
        messageTs: '1796200000.000300',
        threadTs: '1796200000.000200',
        responseUrl: stack.slack.responseUrl('msg-shortcut-2'),
      }),
    );
    const modal = await modalShowing(stack, viewsBefore, CALLBACK_IDS.bookingLinkModal);
    const before = stack.slack.messagesIn('C0GENERAL').length;
    await stack.submitView('U0ALICE', modal, values(officeHours.id));
    const [posted] = await stack.waitFor(() => {
      const fresh = stack.slack.messagesIn('C0GENERAL').slice(before);
      return fresh.length > 0 ? fresh : undefined;
    }, 'the reply');
    expect(posted!.thread_ts).toBe('1796200000.000200');
  });
});
