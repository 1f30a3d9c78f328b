import { randomUUID } from 'node:crypto';
import type { LocalStack } from '../../../../dev/local-stack';
import type { FakeView } from '../../../../dev/fake-slack';
import { blockActionBody, slashCommandBody } from '../../../../dev/slack-signing';
import { CALLBACK_IDS, NEW_SCHEDULE_BLOCKS as B } from '../../../../src/slack/command/ids';
import type { ScheduleSummary } from '../../../../src/slack/blocks';

type Json = Record<string, unknown>;

/**
 * `/zoom-schedule …` without waiting for a response_url answer: commands whose answer is a modal or a
 * channel message never send one. Returns a reader for whatever does arrive there.
 */
export async function slash(stack: LocalStack, userId: string, text: string, channelId = 'C0GENERAL') {
  const responseId = `cmd-${randomUUID()}`;
  const sent = await stack.send(
    slashCommandBody({ teamId: stack.teamId, userId, text, channelId, responseUrl: stack.slack.responseUrl(responseId) }),
  );
  expect(sent).toEqual({ status: 200, body: '' });
  return { responses: () => stack.slack.responses.filter((r) => r.id === responseId) };
}

/** An App Home button: no channel and no response_url, as Slack sends it from the Home tab. */
export async function homeButton(stack: LocalStack, userId: string, actionId: string, value?: string): Promise<void> {
  const sent = await stack.send(
    blockActionBody({ teamId: stack.teamId, userId, actionId, ...(value ? { value } : {}), view: { id: 'VHOME', type: 'home' } }),
  );
  expect(sent).toEqual({ status: 200, body: '' });
}

/** The modal opened after `before` views existed, once it shows `callbackId` (after the loading view). */
export function modalShowing(stack: LocalStack, before: number, callbackId: string): Promise<FakeView> {
  return stack.waitFor(
    () => stack.slack.views.slice(before).find((v) => v.type === 'modal' && v.view.callback_id === callbackId),
    `a ${callbackId} modal`,
  );
}

/** Runs `/zoom-schedule new [title]` and returns the modal once it has gone from loading to the form. */
export async function openNewScheduleModal(stack: LocalStack, userId: string, title = ''): Promise<FakeView> {
  const before = stack.slack.views.length;
  await slash(stack, userId, `new ${title}`.trim());
  return modalShowing(stack, before, CALLBACK_IDS.newScheduleModal);
}

export function schedulesOf(stack: LocalStack, userId = 'U0ALICE'): Promise<ScheduleSummary[]> {
  return stack.app.services.schedules.list(stack.teamId, userId);
}

/** The raw Zoom record, read with the user's own connection. */
export async function zoomSchedule(stack: LocalStack, scheduleId: string, userId = 'U0ALICE') {
  const access = await stack.app.services.zoomAccounts.access(stack.teamId, userId);
  return access.api.getSchedule(scheduleId);
}

export interface FormEntries {
  title?: string;
  duration?: string;
  availability?: { value: string; label: string };
  customHours?: string;
  meetingType?: 'zoomMeeting' | 'zoomPhone' | 'offline';
  location?: string;
  description?: string;
  channel?: string | null;
}

function text(blockId: string, value: string | undefined, type = 'plain_text_input'): Record<string, Json> {
  return { [`${blockId}_input`]: { type, value: value ?? null } };
}

/** `view.state.values` of the new-schedule modal, as Slack sends them. */
export function newScheduleValues(entries: FormEntries): Record<string, Record<string, Json>> {
  const option = (value: string, label: string) => ({ text: { type: 'plain_text', text: label }, value });
  return {
    [B.title]: text(B.title, entries.title),
    [B.duration]: text(B.duration, entries.duration ?? '30', 'number_input'),
    [B.availability]: {
      [`${B.availability}_input`]: {
        type: 'static_select',
        selected_option: entries.availability ? option(entries.availability.value, entries.availability.label) : null,
      },
    },
    [B.customHours]: text(B.customHours, entries.customHours),
    [B.meetingType]: {
      [`${B.meetingType}_input`]: { type: 'radio_buttons', selected_option: option(entries.meetingType ?? 'zoomMeeting', 'type') },
    },
    [B.location]: text(B.location, entries.location),
    [B.description]: text(B.description, entries.description),
    [B.postChannel]: { [`${B.postChannel}_input`]: { type: 'conversations_select', selected_conversation: entries.channel ?? null } },
  };
}

/** The options of the modal's availability select: `[label, value]`. */
export function availabilityOptions(view: FakeView): Array<[string, string]> {
  const blocks = view.view.blocks as Json[];
  const block = blocks.find((b) => b.block_id === B.availability) as {
    element: { options: Array<{ text: { text: string }; value: string }> };
  };
  return block.element.options.map((o) => [o.text.text, o.value]);
}

export const NEW_SCHEDULE = CALLBACK_IDS.newScheduleModal;

/** All text of a message or view's blocks, for "contains" checks. */
export function textOf(payload: unknown): string {
  return JSON.stringify(payload);
}

/** The values of every button with `actionId` in a list of blocks. */
export function buttonValues(blocks: unknown, actionId: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Json;
      if (record.type === 'button' && record.action_id === actionId && typeof record.value === 'string') found.push(record.value);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}
