import { randomBytes, randomUUID } from 'node:crypto';
import { startFakeSlack, type FakeSlack } from '../../dev/fake-slack';
import type { Store } from '../../src/store';
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
 * A cancellation or a move edits the booking's message and replies in its thread. Here the process doing that is
 * SIGKILLed by the fake Slack right after Slack took the thread reply, before the job was recorded done: the
 * other process retries the job and must find the reply (conversations.replies, by its metadata) instead of
 * posting it again or editing the message a second time. Two compiled app processes on one database; nothing
 * in the app knows about the kill.
 */

jest.setTimeout(120_000);

const SECRET = randomBytes(16).toString('hex');
const TEAM = 'T0FAKETEAM';
const INVITEE = 'dana@example.com';

type Update = 'cancelled' | 'moved';
const UPDATES: Update[] = ['cancelled', 'moved'];

const outcomes = reportedOutcomes('thread-reply fault injection');

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

describeOnBothDatabases('thread replies survive a kill, two processes', (database: CrashDatabase) => {
  const provider = database.provider;
  afterEach(() => slack.intercept(undefined));

  const startProcess = (name: string, cwd: string) => startWebhookProcess(database, slack, { name, cwd, webhookSecret: SECRET });

  for (const update of UPDATES) {
    test(`[${provider}] SIGKILL after Slack took the ${update} thread reply: one reply, the message edited once`, async () => {
      const dir = createTempDir();
      const { store } = database;
      try {
        const slackUserId = newSlackUserId();
        const zoomUserId = `zoom-${randomUUID()}`;
        slack.addUser({ id: slackUserId, name: slackUserId.toLowerCase(), tz: 'America/New_York' });
        await store.saveZoomConnection({
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

        // The booking is announced first, with nothing in the way.
        const bookedId = `booked-${randomUUID()}`;
        expect(await deliver(first.port, bookingEvent('created', bookedId, zoomUserId))).toEqual({
          status: 200,
          body: { status: 'accepted' },
        });
        await doneJob(store, 'scheduler.scheduled_event_created', bookedId);
        const dmChannel = slack.dmChannelId(slackUserId);
        const announcement = await until(async () => slack.messagesIn(dmChannel)[0], 10_000);
        expect(await store.findBookingNotification(bookedId, zoomUserId)).toMatchObject({ messageTs: announcement.ts });

        // Whichever process posts the thread reply dies once Slack has it, before it can record the job done.
        let killed: { app: AppProcess; token: string } | undefined;
        slack.intercept(async (call, phase, token) => {
          if (killed !== undefined || phase !== 'handled' || call.method !== 'chat.postMessage' || call.args.thread_ts === undefined) {
            return undefined;
          }
          const victim = [first, second].find((candidate) => candidate.token === token);
          if (victim === undefined) return undefined;
          killed = victim;
          victim.app.child.kill('SIGKILL');
          await victim.app.exited;
          return undefined;
        });

        const updateEvent =
          update === 'cancelled'
            ? bookingEvent('cancelled', bookedId, zoomUserId)
            : bookingEvent('created', `moved-${randomUUID()}`, zoomUserId, { rescheduledFrom: bookedId });
        expect(await deliver(first.port, updateEvent)).toEqual({ status: 200, body: { status: 'accepted' } });
        const job = await doneJob(store, updateEvent.event, updateEvent.payload.object.scheduled_event.event_id);

        expect(killed).toBeDefined();
        expect(killed!.app.child.signalCode).toBe('SIGKILL');
        const survivor = killed === first ? second : first;
        expect(survivor.app.child.exitCode).toBeNull();

        const inDm = slack.messagesIn(dmChannel);
        const replies = inDm.filter((m) => m.thread_ts === announcement.ts);
        expect(inDm.filter((m) => m.thread_ts === undefined)).toEqual([announcement]);
        expect(replies).toHaveLength(1);
        expect(replies[0]?.metadata).toEqual({
          event_type: 'zoom_scheduler_booking_update',
          event_payload: { update: expect.stringContaining(`${update}:`), kind: update },
        });
        expect(announcement.updates).toHaveLength(1);
        // Taken over after the kill (a slow machine may add an attempt of its own; none may add a reply).
        expect(job.attempts).toBeGreaterThanOrEqual(2);
        expect(announcement.text).toMatch(update === 'cancelled' ? /^Cancelled: / : /^Rescheduled: /);
        // The survivor asked Slack's thread rather than trusting the store.
        expect(
          slack.calls.some(
            (call) =>
              call.method === 'conversations.replies' && call.args.ts === announcement.ts && call.args.include_all_metadata === 'true',
          ),
        ).toBe(true);
        if (update === 'cancelled') {
          expect(await store.findBookingNotification(bookedId, zoomUserId)).toMatchObject({ status: 'cancelled' });
        } else {
          // The new booking now leads to the same message, so its own cancellation edits it too.
          const movedId = updateEvent.payload.object.scheduled_event.event_id;
          expect(await store.findBookingNotification(movedId, zoomUserId)).toMatchObject({ messageTs: announcement.ts });
        }
        outcomes.push(`${provider} · ${update}: 1 kill after the thread reply, attempt ${job.attempts}, ${replies.length} reply, 1 edit`);
      } finally {
        dir.remove();
      }
    });
  }
});

const deliver = (port: number, body: unknown) => deliverZoomWebhook(port, SECRET, body);

function bookingEvent(kind: 'created' | 'cancelled', eventId: string, hostZoomUserId: string, options: { rescheduledFrom?: string } = {}) {
  const moved = options.rescheduledFrom !== undefined;
  return {
    event: kind === 'created' ? 'scheduler.scheduled_event_created' : 'scheduler.scheduled_event_canceled',
    event_ts: Date.now(),
    payload: {
      account_id: 'acct',
      user_id: hostZoomUserId,
      object: {
        invitee_email: INVITEE,
        invitee_first_name: 'Dana',
        invitee_last_name: 'Scully',
        questions_and_answers: [],
        ...(kind === 'cancelled' ? { cancellation: { canceler_type: 'invitee', reason: 'Something came up' } } : {}),
        ...(moved ? { rescheduled: true, rescheduled_from_event_id: options.rescheduledFrom } : {}),
        scheduled_event: {
          event_id: eventId,
          summary: 'Intro call',
          start_date_time: moved ? '2031-03-05T14:00:00-05:00' : '2031-03-04T10:00:00-05:00',
          end_date_time: moved ? '2031-03-05T14:30:00-05:00' : '2031-03-04T10:30:00-05:00',
          external_location: { kind: 'zoom', meeting_join_url: 'https://zoom.us/j/123' },
        },
      },
    },
  };
}

async function doneJob(store: Store, event: string, eventId: string) {
  const dedupeKey = `zoom-event:${event}:${eventId}:${INVITEE}`;
  return until(async () => {
    const row = await store.getJobByDedupeKey(dedupeKey);
    return row?.status === 'done' ? row : undefined;
  }, 30_000);
}
