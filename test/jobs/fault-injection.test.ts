import { randomBytes, randomUUID } from 'node:crypto';
import { startFakeSlack, type FakeSlack } from '../../dev/fake-slack';
import type { AppProcess } from '../support/app-process';
import {
  deliverZoomWebhook,
  describeOnBothDatabases,
  startWebhookProcess,
  newSlackUserId,
  reportedOutcomes,
  until,
  type CrashDatabase,
} from '../support/crash-harness';
import { createTempDir } from '../support/temp-dir';

/**
 * Crash tests, driven from outside: the compiled app runs as two child processes on one database; the fake Slack
 * SIGKILLs process A at an exact step of processing a stored Zoom webhook (it sees which process calls by its bot
 * token), and process B, already running, must take the job over once A's lease expires. Nothing in the app's
 * code knows about kill points. Each case asserts: the booking is announced exactly once, and the announcement is
 * recorded (its ts stored), so a later cancellation edits that very message.
 */

jest.setTimeout(120_000);

const SECRET = randomBytes(16).toString('hex');
const TEAM = 'T0FAKETEAM';

type KillPoint = { step: string; method: string; phase: 'received' | 'handled' };
const KILL_POINTS: KillPoint[] = [
  // Stored and claimed, before anything reached Slack.
  { step: 'after store, before any effect', method: 'users.info', phase: 'received' },
  // The post is on its way but Slack never got it.
  { step: 'mid-process, before the Slack post', method: 'chat.postMessage', phase: 'received' },
  // Slack has the post; the process dies before it can record the ts.
  { step: 'after the Slack post, before recording it', method: 'chat.postMessage', phase: 'handled' },
];

/** What the suite saw, printed at the end for the issue note: kills × steps × outcomes. */
const outcomes = reportedOutcomes('fault injection');

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

describeOnBothDatabases('fault injection with two processes', (database: CrashDatabase) => {
  const provider = database.provider;
  afterEach(() => slack.intercept(undefined));

  const startProcess = (name: string, cwd: string) => startWebhookProcess(database, slack, { name, cwd, webhookSecret: SECRET });

  for (const point of KILL_POINTS) {
    test(`[${provider}] SIGKILL ${point.step}: the other process announces the booking exactly once`, async () => {
      const dir = createTempDir();
      try {
        const slackUserId = newSlackUserId();
        const zoomUserId = `zoom-${randomUUID()}`;
        slack.addUser({ id: slackUserId, name: slackUserId.toLowerCase(), tz: 'America/New_York' });
        await database.store.saveZoomConnection({
          kind: 'user',
          teamId: TEAM,
          slackUserId,
          zoomUserId,
          accessToken: 'unused-access',
          refreshToken: 'unused-refresh',
          expiresAt: new Date(Date.now() + 3600_000),
          scopes: [],
        });

        const [first, second] = await Promise.all([startProcess('a', dir.path), startProcess('b', dir.path)]);
        // Either process may claim the job first (both poll); whichever reaches the kill point is the one killed.
        let killed: { app: AppProcess; token: string } | undefined;
        slack.intercept(async (call, phase, token) => {
          if (killed !== undefined || call.method !== point.method || phase !== point.phase) return undefined;
          const victim = [first, second].find((candidate) => candidate.token === token);
          if (victim === undefined) return undefined;
          killed = victim;
          victim.app.child.kill('SIGKILL');
          await victim.app.exited;
          return phase === 'received' ? 'drop' : undefined;
        });

        const eventId = `fault-${randomUUID()}`;
        const answer = await deliver(first.port, createdEvent(eventId, zoomUserId));
        expect(answer).toEqual({ status: 200, body: { status: 'accepted' } });

        const dedupeKey = `zoom-event:scheduler.scheduled_event_created:${eventId}:dana@example.com`;
        const job = await until(async () => {
          const row = await database.store.getJobByDedupeKey(dedupeKey);
          return row?.status === 'done' ? row : undefined;
        }, 30_000);
        expect(killed).toBeDefined();
        const survivor = killed === first ? second : first;
        expect(killed!.app.child.signalCode).toBe('SIGKILL');
        expect(survivor.app.child.exitCode).toBeNull();

        const dm = slack.messagesIn(slack.dmChannelId(slackUserId));
        expect(dm).toHaveLength(1);
        expect(dm[0]?.metadata?.event_type).toBe('zoom_scheduler_booking');
        const recorded = await database.store.findBookingNotification(eventId, zoomUserId);
        expect(recorded).toMatchObject({ channelId: dm[0]!.channel, messageTs: dm[0]!.ts, teamId: TEAM });
        expect(job.attempts).toBe(2);
        if (point.phase === 'handled') {
          // Posted but not recorded: B found the post in Slack by its metadata instead of posting it again.
          expect(slack.calls.some((call) => call.method === 'conversations.history' && call.args.include_all_metadata === 'true')).toBe(
            true,
          );
        }
        outcomes.push(`${provider} · ${point.step}: 1 kill, taken over on attempt ${job.attempts}, ${dm.length} message, recorded`);
      } finally {
        dir.remove();
      }
    });
  }
});

function createdEvent(eventId: string, hostZoomUserId: string) {
  return {
    event: 'scheduler.scheduled_event_created',
    event_ts: Date.now(),
    payload: {
      account_id: 'acct',
      user_id: hostZoomUserId,
      object: {
        invitee_email: 'dana@example.com',
        invitee_first_name: 'Dana',
        invitee_last_name: 'Scully',
        questions_and_answers: [],
        scheduled_event: {
          event_id: eventId,
          summary: 'Intro call',
          start_date_time: '2031-03-04T10:00:00-05:00',
          end_date_time: '2031-03-04T10:30:00-05:00',
          external_location: { kind: 'zoom', meeting_join_url: 'https://zoom.us/j/123' },
        },
      },
    },
  };
}

const deliver = (port: number, body: unknown) => deliverZoomWebhook(port, SECRET, body);
