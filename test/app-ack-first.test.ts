/**
 * Nothing before the ack: on every kind of request Slack sends (commands, actions, views, shortcuts, events,
 * options), the app answers Slack's HTTP request while every Slack Web API and response_url answer is held, so no
 * path can be waiting on Slack before its ack; where the work after the ack goes to Zoom first, nothing reached
 * Slack at all before the ack did.
 */
import { startLocalStack, type LocalStack } from '../dev/local-stack';
import {
  blockActionBody,
  eventCallbackBody,
  globalShortcutBody,
  messageShortcutBody,
  slashCommandBody,
  viewSubmissionBody,
  type BuiltRequest,
} from '../dev/slack-signing';
import { ACTION_IDS, CALLBACK_IDS } from '../src/slack/command/ids';
import { capturingLogger } from './support/log-capture';

const ALICE = 'U0ALICE';
/** Far below Bolt's own 3 s unhandled-request timeout: an ack that waited on a held Slack answer never comes. */
const ACK_WITHIN_MS = 1500;

let stack: LocalStack;
let scheduleId: string;
const { logger, lines } = capturingLogger('info');
const finishedRequests = () => lines.filter((line) => line.msg === 'request finished').length;

beforeAll(async () => {
  stack = await startLocalStack({ logger, digestScheduler: { autoStart: false } });
  await stack.connectZoom(ALICE);
  scheduleId = (await stack.app.services.schedules.list(stack.teamId, ALICE))[0]!.id;
});
afterAll(() => stack.stop());

function blockSuggestionBody(teamId: string, userId: string): BuiltRequest {
  const payload = {
    type: 'block_suggestion',
    team: { id: teamId, domain: 'fakeworks' },
    user: { id: userId, team_id: teamId },
    api_app_id: 'A0FAKEAPP',
    action_id: 'some_external_select',
    block_id: 'some_block',
    value: 'off',
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/**
 * The work after an ack is done: every request sent has written its finished line (which waits for its listener,
 * post-ack work included), and Slack has then heard nothing new for a while (work a listener left running).
 * The next request is measured alone, however slow the machine.
 */
async function settled(requestsSent: number, quietMs = 150): Promise<void> {
  await stack.waitFor(() => finishedRequests() >= requestsSent, `${requestsSent} finished requests`, 10_000);
  let seen = -1;
  while (seen !== stack.slack.calls.length + stack.slack.responses.length) {
    seen = stack.slack.calls.length + stack.slack.responses.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

const response = (id: string) => stack.slack.responseUrl(id);

/** Each request, and whether its first step after the ack is Zoom or the response_url (true) or Slack's Web API. */
const requests: Array<[string, () => BuiltRequest, { zoomFirst: boolean }]> = [
  [
    'command help',
    () => slashCommandBody({ teamId: stack.teamId, userId: ALICE, text: 'help', responseUrl: response('a1') }),
    { zoomFirst: true },
  ],
  [
    'command with an argument error',
    () => slashCommandBody({ teamId: stack.teamId, userId: ALICE, text: 'digest on 25:00', responseUrl: response('a2') }),
    { zoomFirst: true },
  ],
  [
    'command link <id>',
    () =>
      slashCommandBody({
        teamId: stack.teamId,
        userId: ALICE,
        text: `link ${scheduleId}`,
        channelId: 'C0SALES',
        responseUrl: response('a3'),
      }),
    { zoomFirst: true },
  ],
  [
    'command list',
    () => slashCommandBody({ teamId: stack.teamId, userId: ALICE, text: 'list', responseUrl: response('a4') }),
    { zoomFirst: true },
  ],
  [
    'command new (opens a modal)',
    () => slashCommandBody({ teamId: stack.teamId, userId: ALICE, text: 'new Intro call', responseUrl: response('a5') }),
    { zoomFirst: false },
  ],
  [
    'button Post link',
    () =>
      blockActionBody({
        teamId: stack.teamId,
        userId: ALICE,
        actionId: ACTION_IDS.postLink,
        value: scheduleId,
        channelId: 'C0SALES',
        responseUrl: response('a6'),
      }),
    { zoomFirst: true },
  ],
  [
    'view submission',
    () =>
      viewSubmissionBody({
        teamId: stack.teamId,
        userId: ALICE,
        view: { callback_id: CALLBACK_IDS.newScheduleModal, private_metadata: '{}' },
        values: {},
      }),
    { zoomFirst: true },
  ],
  [
    'global shortcut',
    () => globalShortcutBody({ teamId: stack.teamId, userId: ALICE, callbackId: 'share_booking_link' }),
    { zoomFirst: false },
  ],
  [
    'message shortcut',
    () =>
      messageShortcutBody({
        teamId: stack.teamId,
        userId: ALICE,
        callbackId: 'reply_with_booking_link',
        channelId: 'C0SALES',
        messageTs: '1700000000.000100',
        responseUrl: response('a7'),
      }),
    { zoomFirst: false },
  ],
  [
    'event app_home_opened',
    () => eventCallbackBody({ teamId: stack.teamId, event: { type: 'app_home_opened', user: ALICE, channel: 'D0ALICE', tab: 'home' } }),
    { zoomFirst: false },
  ],
  ['options (block_suggestion)', () => blockSuggestionBody(stack.teamId, ALICE), { zoomFirst: true }],
];

describe('the ack comes before any Slack call', () => {
  beforeAll(() => settled(0));
  it.each(requests)('%s', async (_name, build, { zoomFirst }) => {
    const sentBefore = finishedRequests();
    const hold = stack.slack.holdAnswers();
    try {
      const sentAt = Date.now();
      const answer = await Promise.race([
        stack.send(build()),
        new Promise<'no ack'>((resolve) => setTimeout(() => resolve('no ack'), ACK_WITHIN_MS)),
      ]);
      const ackedAt = Date.now();
      expect(answer).not.toBe('no ack');
      expect((answer as { status: number }).status).toBe(200);
      const beforeAck = hold.arrivals.filter((arrival) => arrival.receivedAt >= sentAt && arrival.receivedAt < ackedAt);
      // A modal or App Home view is opened right after the ack and may race it to the fake; it cannot precede it.
      if (zoomFirst) expect(beforeAck).toEqual([]);
    } finally {
      hold.release();
    }
    await settled(sentBefore + 1);
  });
});
