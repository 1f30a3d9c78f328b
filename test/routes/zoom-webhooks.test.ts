import { createHmac, randomUUID } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../../dev/local-stack';
import type { FakeMessage } from '../../dev/fake-slack';
import { signZoomWebhook } from '../../src/zoom';
import { zoomAs } from '../slack/listeners/e2e-helpers';

jest.setTimeout(30_000);

const ALICE = 'U0ALICE';
const ALICE_DM = 'DU0ALICE';

let stack: LocalStack;
let hostZoomUserId: string;
let scheduleId: string;
let scheduleTitle: string;

beforeAll(async () => {
  stack = await startLocalStack();
  hostZoomUserId = stack.zoom.defaultUser.id;
  const connected = await stack.connectZoom(ALICE);
  expect(connected.status).toBe(200);
  const { items } = await zoomAs(stack).listSchedules({ page_size: 10 });
  const schedule = items[0];
  if (!schedule?.schedule_id || !schedule.summary) throw new Error('the mock seeds no schedule');
  scheduleId = schedule.schedule_id;
  scheduleTitle = schedule.summary;
});
afterAll(() => stack.stop());
afterEach(() => {
  expect(stack.slack.violations).toEqual([]);
  expect(stack.zoom.violations).toEqual([]);
});

const secret = () => {
  const token = stack.app.services.zoom.webhookSecretToken;
  if (!token) throw new Error('the local stack configures a webhook secret');
  return token;
};
const settle = () => stack.app.services.zoomWebhooks.idle();
const webhookUrl = () => `${stack.baseUrl}/zoom/webhooks`;

/** Posts a body signed as Zoom signs it (or as told), like Zoom's delivery would. */
async function deliver(
  body: unknown,
  options: { requestId?: string; timestampSeconds?: number; secretToken?: string; signature?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const rawBody = JSON.stringify(body);
  const signed = signZoomWebhook({
    secretToken: options.secretToken ?? secret(),
    rawBody,
    timestampSeconds: options.timestampSeconds ?? Date.now() / 1000,
  });
  const response = await fetch(webhookUrl(), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signed,
      ...(options.signature ? { 'x-zm-signature': options.signature } : {}),
      'x-zm-request-id': options.requestId ?? randomUUID(),
    },
    body: rawBody,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A `scheduler.scheduled_event_created` body as in Zoom's webhooks.json. */
function createdEvent(input: { eventId: string; zoomUserId?: string; firstName?: string }) {
  return {
    event: 'scheduler.scheduled_event_created',
    event_ts: Date.now(),
    payload: {
      account_id: stack.zoom.accountId,
      user_id: input.zoomUserId ?? hostZoomUserId,
      object: {
        invitee_email: 'dana@example.com',
        invitee_first_name: input.firstName ?? 'Dana',
        invitee_last_name: 'Scully',
        time_zone: 'America/New_York',
        questions_and_answers: [{ question: 'Topic?', position: 0, answer: ['Budget review'] }],
        scheduled_event: {
          event_id: input.eventId,
          summary: 'Hand-made booking',
          start_date_time: '2031-03-04T10:00:00-05:00',
          end_date_time: '2031-03-04T10:30:00-05:00',
          status: 'confirmed',
        },
      },
    },
  };
}

const dmMessages = () => stack.slack.messagesIn(ALICE_DM);
const textOf = (message: FakeMessage | undefined) => JSON.stringify([message?.text, message?.blocks]);

describe('POST /zoom/webhooks: booking notifications', () => {
  it('announces a new booking in a DM by default, with invitee, schedule, date token and answers', async () => {
    const before = dmMessages().length;
    const booked = await stack.zoom.book({
      scheduleId,
      invitee: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
      answers: [{ question: 'What should we discuss?', answer: ['Analytical engines'] }],
    });
    await settle();

    expect(stack.zoom.webhookDeliveries.at(-1)).toMatchObject({ event: 'scheduler.scheduled_event_created', status: 200 });
    const posted = dmMessages().slice(before);
    expect(posted).toHaveLength(1);
    const content = textOf(posted[0]);
    expect(content).toContain('Ada Lovelace');
    expect(content).toContain(scheduleTitle);
    expect(content).toContain(`<!date^${Math.floor(Date.parse(booked.start_date_time) / 1000)}^`);
    expect(content).toContain('What should we discuss?');
    expect(content).toContain('Analytical engines');

    const saved = await stack.app.store.findBookingNotification(booked.event_id, hostZoomUserId);
    expect(saved).toMatchObject({ channelId: ALICE_DM, messageTs: posted[0]!.ts, teamId: stack.teamId, status: 'scheduled' });
  });

  it('posts in the channel chosen with `notify #channel`, and in the DM again after `notify off`', async () => {
    const { reply } = await stack.command(ALICE, 'notify <#C0SALES|sales>');
    expect(reply.body.text).toContain('#sales');
    expect((await stack.app.store.getSlackUser(stack.teamId, ALICE))?.notifyChannelId).toBe('C0SALES');

    const before = stack.slack.messagesIn('C0SALES').length;
    const dmBefore = dmMessages().length;
    await stack.zoom.book({ scheduleId, invitee: { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' } });
    await settle();
    const inSales = stack.slack.messagesIn('C0SALES').slice(before);
    expect(inSales).toHaveLength(1);
    expect(textOf(inSales[0])).toContain('Grace Hopper');
    expect(dmMessages()).toHaveLength(dmBefore);

    const off = await stack.command(ALICE, 'notify off');
    expect(off.reply.body.text).toContain('direct message');
    expect((await stack.app.store.getSlackUser(stack.teamId, ALICE))?.notifyChannelId).toBeNull();
  });

  it('edits the same message when the booking is cancelled, and threads a reply under it', async () => {
    const booked = await stack.zoom.book({ scheduleId, invitee: { email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing' } });
    await settle();
    const original = dmMessages().at(-1)!;
    expect(textOf(original)).toContain('Alan Turing');

    await stack.zoom.cancelEvent(booked.event_id, { canceler: 'invitee', reason: 'Travelling that week' });
    await settle();

    expect(original.updates).toHaveLength(1);
    expect(textOf(original)).toContain('Cancelled');
    expect(textOf(original)).toContain('Travelling that week');
    expect(textOf(original)).toContain('Alan Turing');
    const updateCall = stack.slack.calls.filter((c) => c.method === 'chat.update').at(-1);
    expect(updateCall?.args).toMatchObject({ channel: ALICE_DM, ts: original.ts });

    const reply = dmMessages().at(-1)!;
    expect(reply.thread_ts).toBe(original.ts);
    expect(reply.text).toContain('Cancelled by Alan Turing');
    expect(reply.text).toContain('Travelling that week');
    expect((await stack.app.store.findBookingNotification(booked.event_id, hostZoomUserId))?.status).toBe('cancelled');
  });

  it('posts a fresh cancelled notice when the booking was never announced', async () => {
    const before = dmMessages().length;
    const eventId = `never-announced-${randomUUID()}`;
    const body = createdEvent({ eventId });
    const cancelled = { ...body, event: 'scheduler.scheduled_event_canceled' };
    cancelled.payload.object = {
      ...body.payload.object,
      cancellation: { canceled_by: 'Dana Scully', canceler_type: 'invitee', reason: 'Sick' },
    } as typeof body.payload.object;
    expect(await deliver(cancelled)).toEqual({ status: 200, body: { status: 'accepted' } });
    await settle();

    const posted = dmMessages().slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.thread_ts).toBeUndefined();
    expect(textOf(posted[0])).toContain('Cancelled');
    expect(textOf(posted[0])).toContain('Sick');
  });

  it('falls back to a DM that says why when the notify channel became unreachable', async () => {
    await stack.command(ALICE, 'notify <#G0TEAM|team-private>');
    stack.slack.addChannel({ id: 'G0TEAM', name: 'team-private', isPrivate: true, botIsMember: false });
    try {
      const before = dmMessages().length;
      const eventId = `fallback-${randomUUID()}`;
      await deliver(createdEvent({ eventId, firstName: 'Fox' }));
      await settle();

      const posted = dmMessages().slice(before);
      expect(posted).toHaveLength(2);
      expect(textOf(posted[0])).toContain('Fox Scully');
      expect(posted[1]!.text).toContain("couldn't post in your booking-notification channel");
      expect(posted[1]!.text).toContain('/invite @zoom-scheduler');
      expect(stack.slack.messagesIn('G0TEAM')).toHaveLength(0);
      expect(await stack.app.store.findBookingNotification(eventId, hostZoomUserId)).toMatchObject({
        channelId: ALICE_DM,
        messageTs: posted[0]!.ts,
      });
    } finally {
      stack.slack.addChannel({ id: 'G0TEAM', name: 'team-private', isPrivate: true, botIsMember: true });
      await stack.command(ALICE, 'notify off');
    }
  });

  it('acknowledges an event of a Zoom user nobody connected and posts nothing', async () => {
    const messagesBefore = stack.slack.messages.length;
    const answer = await deliver(createdEvent({ eventId: `stranger-${randomUUID()}`, zoomUserId: 'nobody-connected-this' }));
    await settle();
    expect(answer).toEqual({ status: 200, body: { status: 'accepted' } });
    expect(stack.slack.messages).toHaveLength(messagesBefore);
  });
});

describe('POST /zoom/webhooks: verification and de-duplication', () => {
  it('refuses a forged signature and posts nothing', async () => {
    const messagesBefore = stack.slack.messages.length;
    const forged = await deliver(createdEvent({ eventId: `forged-${randomUUID()}` }), { secretToken: 'not-the-secret' });
    const garbled = await deliver(createdEvent({ eventId: `garbled-${randomUUID()}` }), { signature: `v0=${'0'.repeat(64)}` });
    await settle();
    expect(forged).toEqual({ status: 401, body: { error: 'invalid signature or timestamp' } });
    expect(garbled.status).toBe(401);
    expect(stack.slack.messages).toHaveLength(messagesBefore);
  });

  it('refuses a correctly signed request whose timestamp is 6 minutes old', async () => {
    const messagesBefore = stack.slack.messages.length;
    const stale = await deliver(createdEvent({ eventId: `stale-${randomUUID()}` }), { timestampSeconds: Date.now() / 1000 - 6 * 60 });
    await settle();
    expect(stale).toEqual({ status: 401, body: { error: 'invalid signature or timestamp' } });
    expect(stack.slack.messages).toHaveLength(messagesBefore);
  });

  it('posts once for a replayed request and for a retried event with a new request id', async () => {
    const eventId = `replayed-${randomUUID()}`;
    const body = createdEvent({ eventId, firstName: 'Replay' });
    const requestId = randomUUID();
    const before = dmMessages().length;

    expect(await deliver(body, { requestId })).toEqual({ status: 200, body: { status: 'accepted' } });
    expect(await deliver(body, { requestId })).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await deliver(body, { requestId: randomUUID() })).toEqual({ status: 200, body: { status: 'duplicate' } });
    await settle();

    const posted = dmMessages().slice(before);
    expect(posted).toHaveLength(1);
    expect(textOf(posted[0])).toContain('Replay Scully');
  });

  it('answers endpoint.url_validation with the HMAC of the plain token', async () => {
    const plainToken = `plain-${randomUUID()}`;
    const answer = await deliver({ event: 'endpoint.url_validation', event_ts: Date.now(), payload: { plainToken } });
    const encryptedToken = createHmac('sha256', secret()).update(plainToken).digest('hex');
    expect(answer).toEqual({ status: 200, body: { plainToken, encryptedToken } });

    const unsigned = await deliver(
      { event: 'endpoint.url_validation', event_ts: Date.now(), payload: { plainToken } },
      { secretToken: 'wrong' },
    );
    expect(unsigned).toEqual({ status: 401, body: { error: 'invalid signature or timestamp' } });
  });
});

describe('app_deauthorized', () => {
  it('deletes every row of that Zoom user, tells the Slack user, and a repeat is harmless', async () => {
    const { store } = stack.app;
    const bobZoom = stack.zoom.addUser({ email: 'bob@example.com', displayName: 'Bob Builder', slug: 'bob-builder' });
    expect((await stack.connectZoom('U0BOB', { zoomUserId: bobZoom.id })).status).toBe(200);
    await store.upsertDigestSubscription({
      teamId: stack.teamId,
      slackUserId: 'U0BOB',
      localTime: '09:00',
      timeZone: 'Europe/Berlin',
      channelId: null,
    });
    const bobEvent = `bob-event-${randomUUID()}`;
    await deliver(createdEvent({ eventId: bobEvent, zoomUserId: bobZoom.id }));
    await settle();
    expect(await store.findBookingNotification(bobEvent, bobZoom.id)).not.toBeNull();
    expect(await store.findSeenBookings(bobEvent, bobZoom.id)).toHaveLength(1);
    expect(await store.findConnectionsByZoomUserId(bobZoom.id)).toHaveLength(1);

    await stack.zoom.deauthorize(bobZoom.id);
    await settle();

    expect(stack.zoom.webhookDeliveries.at(-1)).toMatchObject({ event: 'app_deauthorized', status: 200 });
    expect(await store.findConnectionsByZoomUserId(bobZoom.id)).toEqual([]);
    expect(await store.getZoomConnection(stack.teamId, 'U0BOB')).toBeNull();
    expect(await store.getDigestSubscription(stack.teamId, 'U0BOB')).toBeNull();
    expect(await store.findBookingNotification(bobEvent, bobZoom.id)).toBeNull();
    expect(await store.findSeenBookings(bobEvent, bobZoom.id)).toEqual([]);
    const told = stack.slack.messagesIn('DU0BOB').at(-1);
    expect(told?.text).toContain('Your Zoom account was disconnected');

    // Alice's connection is someone else's: untouched.
    expect(await store.getZoomConnection(stack.teamId, ALICE)).not.toBeNull();

    const bobMessages = stack.slack.messagesIn('DU0BOB').length;
    await stack.zoom.deauthorize(bobZoom.id);
    await settle();
    expect(stack.zoom.webhookDeliveries.at(-1)).toMatchObject({ event: 'app_deauthorized', status: 200 });
    expect(stack.slack.messagesIn('DU0BOB')).toHaveLength(bobMessages);
    expect(await store.getZoomConnection(stack.teamId, ALICE)).not.toBeNull();
  });
});
