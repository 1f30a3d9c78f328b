import { WebClient } from '@slack/web-api';
import { makeTriggerId, startFakeSlack, type FakeSlack } from '../../../dev/fake-slack';
import { createLogger } from '../../../src/logger';
import { createScheduleFromModal, type NewScheduleFlowDeps, type NewScheduleRequest } from '../../../src/slack/flows/new-schedule';
import { NotConnectedError } from '../../../src/core/zoom-accounts';
import { loadingModal, noticeMessage, type NewScheduleInput, type ScheduleSummary, type SlackMessage } from '../../../src/slack/blocks';

/**
 * The branches the end-to-end tests cannot reach with a healthy stack: Slack refusing the ephemeral offer or the
 * post after the pre-ack check, App Home (no origin channel), Zoom asking for a connection, a closed modal.
 */
const USER = 'U0ALICE';
const created: ScheduleSummary = { id: 'sched-1', title: 'Intro call', durationMinutes: 30, url: 'https://zoom.example/s/intro' };

let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await startFakeSlack({
    users: [{ id: USER, name: 'alice', tz: 'America/New_York' }],
    channels: [
      { id: 'C0GENERAL', name: 'general', isPrivate: false, botIsMember: true },
      { id: 'C0SALES', name: 'sales', isPrivate: false, botIsMember: false },
      { id: 'G0SECRET', name: 'secret', isPrivate: true, botIsMember: false },
    ],
  });
  client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());
afterEach(() => expect(slack.violations).toEqual([]));

interface Recorded {
  deps: NewScheduleFlowDeps;
  refreshed: Array<{ teamId: string; userId: string }>;
  failuresAsked: Array<{ who: { teamId: string; userId: string }; error: unknown }>;
}

function deps(create: () => Promise<ScheduleSummary>): Recorded {
  const refreshed: Recorded['refreshed'] = [];
  const failuresAsked: Recorded['failuresAsked'] = [];
  return {
    refreshed,
    failuresAsked,
    deps: {
      schedules: { create },
      home: { refresh: async (target) => void refreshed.push(target) },
      logger: createLogger({ level: 'silent' }),
      failureMessage: async (who, error): Promise<SlackMessage> => {
        failuresAsked.push({ who: { teamId: who.teamId, userId: who.userId }, error });
        return noticeMessage('Connect button here', 'error');
      },
    },
  };
}

async function openModal(): Promise<string> {
  const opened = await client.views.open({ trigger_id: makeTriggerId(), view: loadingModal('New schedule') });
  return opened.view!.id!;
}

function modalText(viewId: string): string {
  return JSON.stringify(slack.views.find((v) => v.id === viewId)?.view.blocks);
}

function dms(): string[] {
  return slack.messagesIn(slack.dmChannelId(USER)).map((m) => JSON.stringify(m.blocks));
}

function input(fields: Partial<NewScheduleInput> = {}): NewScheduleInput {
  return {
    title: 'Intro call',
    durationMinutes: 30,
    availability: { kind: 'existing', availabilityId: 'avail-1' },
    meetingType: 'zoomMeeting',
    ...fields,
  };
}

function request(viewId: string, fields: Partial<NewScheduleRequest> = {}): NewScheduleRequest {
  return {
    client,
    teamId: 'T1',
    userId: USER,
    viewId,
    input: input(),
    timeZone: 'America/New_York',
    originChannelId: 'C0GENERAL',
    postChannelName: undefined,
    availabilityLabel: 'Working Hours',
    ...fields,
  };
}

describe('createScheduleFromModal', () => {
  it('from App Home (no origin channel, no channel chosen) sends the link by DM with a Post link button', async () => {
    const viewId = await openModal();
    const { deps: flowDeps, refreshed } = deps(async () => created);
    await createScheduleFromModal(flowDeps, request(viewId, { originChannelId: undefined }));

    expect(slack.ephemerals).toEqual([]);
    const [dm, ...others] = dms();
    expect(others).toEqual([]);
    expect(dm).toContain(created.url);
    expect(dm).toContain('"action_id":"post_link"');
    expect(modalText(viewId)).toContain("Created “Intro call”. I've sent you its booking link, with a button to post it.");
    expect(refreshed).toEqual([{ teamId: 'T1', userId: USER }]);
  });

  it('falls back to a DM when Slack refuses the ephemeral offer where the command ran', async () => {
    const viewId = await openModal();
    slack.failNext('chat.postEphemeral', 'user_not_in_channel');
    await createScheduleFromModal(deps(async () => created).deps, request(viewId));

    expect(slack.ephemerals).toEqual([]);
    expect(dms()).toHaveLength(1);
    expect(dms()[0]).toContain(created.url);
    expect(modalText(viewId)).toContain("I've sent you its booking link");
  });

  it('offers the link privately with the invite sentence when the chosen channel turns out unreachable', async () => {
    const viewId = await openModal();
    await createScheduleFromModal(deps(async () => created).deps, request(viewId, { input: input({ postChannelId: 'G0SECRET' }) }));

    expect(slack.messagesIn('G0SECRET')).toEqual([]);
    const [offer, ...others] = slack.ephemerals;
    expect(others).toEqual([]);
    expect(offer?.channel).toBe('C0GENERAL');
    expect(JSON.stringify(offer?.blocks)).toContain("I'm not in that private channel");
    expect(modalText(viewId)).toContain(
      "Created “Intro call”. I'm not in that private channel — invite me with /invite @zoom-scheduler, or pick another channel. I've sent you the link instead.",
    );
  });

  it('explains a post that failed for another reason, and still hands over the link', async () => {
    const viewId = await openModal();
    slack.failNext('chat.postMessage', 'fatal_error');
    await createScheduleFromModal(deps(async () => created).deps, request(viewId, { input: input({ postChannelId: 'C0SALES' }) }));

    expect(slack.messagesIn('C0SALES')).toEqual([]);
    expect(slack.ephemerals).toHaveLength(1);
    expect(JSON.stringify(slack.ephemerals[0]?.blocks)).toContain(created.url);
    expect(modalText(viewId)).toMatch(
      /Created “Intro call”\. I couldn't post it in the channel you chose: .+ I've sent you the link instead\./,
    );
  });

  it('without Zoom: keeps what was entered in a DM, then sends the connect message, and says so in the modal', async () => {
    const viewId = await openModal();
    const error = new NotConnectedError();
    const recorded = deps(async () => {
      throw error;
    });
    await createScheduleFromModal(recorded.deps, request(viewId, { input: input({ description: 'Keep this text' }) }));

    const [entered, connect, ...others] = dms();
    expect(others).toEqual([]);
    expect(entered).toContain('Keep this text');
    expect(entered).toContain('Working Hours');
    expect(connect).toContain('Connect button here');
    expect(recorded.failuresAsked).toEqual([{ who: { teamId: 'T1', userId: USER }, error }]);
    expect(recorded.refreshed).toEqual([]);
    expect(modalText(viewId)).toContain(
      "I couldn't create “Intro call”: Connect your Zoom account first. What you entered is in a DM from me.",
    );
  });

  it('still delivers the link and refreshes Home when the modal was closed meanwhile', async () => {
    const { deps: flowDeps, refreshed } = deps(async () => created);
    await expect(createScheduleFromModal(flowDeps, request('V-closed'))).resolves.toBeUndefined();

    expect(slack.ephemerals).toHaveLength(1);
    expect(JSON.stringify(slack.ephemerals[0]?.blocks)).toContain(created.url);
    expect(refreshed).toEqual([{ teamId: 'T1', userId: USER }]);
  });
});
