/**
 * The listener router: a real Bolt app on loopback, real signed requests. Each request reaches the handler
 * registered for its id and no other, Bolt ends up with no listener of its own, and an id nobody registered
 * is left to the unclaimed fallback (here: nothing acks it, so Bolt answers 404 as it would without the router).
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  blockActionBody,
  eventCallbackBody,
  globalShortcutBody,
  sendSignedRequest,
  slashCommandBody,
  viewSubmissionBody,
} from '../../../dev/slack-signing';
import { handlersOf, ListenerRouter, type ListenerKind, type RegisterListeners } from '../../../src/slack/listeners/router';
import { LISTENER_MODULES } from '../../../src/slack/listeners';
import type { SlackDeps } from '../../../src/slack/deps';

const SECRET = 'router-test-secret';
const TEAM = 'T0ROUTER';
const USER = 'U0ALICE';

let app: App;
let url: string;
const heard: string[] = [];
const lazyLoads: string[] = [];

beforeAll(async () => {
  app = new App({
    // Bolt answers an unacked request with 404 after this long; the test does not wait 3 s for it.
    receiver: new HTTPReceiver({ signingSecret: SECRET, unhandledRequestTimeoutMillis: 300, logLevel: LogLevel.ERROR }),
    token: 'xoxb-router-test',
    botId: 'B0ROUTER',
    botUserId: 'U0BOT',
    logLevel: LogLevel.ERROR,
  });
  const router = new ListenerRouter(app);
  const { registry } = router;
  for (const id of ['first_button', 'second_button']) {
    registry.action(id, async ({ ack }) => {
      heard.push(`action:${id}`);
      await ack();
    });
  }
  registry.view('first_modal', async ({ ack }) => {
    heard.push('view:first_modal');
    await ack();
  });
  registry.shortcut('share_link', async ({ ack }) => {
    heard.push('shortcut:share_link');
    await ack();
  });
  registry.event('app_home_opened', async () => {
    heard.push('event:app_home_opened');
  });
  registry.command('/zoom-schedule', async ({ ack }) => {
    heard.push('command');
    await ack('ok');
  });
  router.registerLazily(
    {
      ids: { action: ['lazy_button'], view: ['lazy_modal'] },
      load: async () => {
        lazyLoads.push('lazy module');
        return (registry, deps: { word: string }) => {
          registry.action('lazy_button', async ({ ack }) => {
            heard.push(`action:lazy_button:${deps.word}`);
            await ack();
          });
          registry.view('lazy_modal', async ({ ack }) => {
            heard.push('view:lazy_modal');
            await ack();
          });
        };
      },
    },
    { word: 'loaded' },
  );
  router.install();
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(() => app.stop());
beforeEach(() => {
  heard.splice(0);
});

const listenersOf = (bolt: App) => (bolt as unknown as { listeners: unknown[] }).listeners;

it('registers no Bolt listener, however many ids: one global middleware dispatches them all', () => {
  expect(listenersOf(app)).toHaveLength(0);
});

it('passes a listener it cannot route (a RegExp id) to Bolt as given, which still runs it', async () => {
  const bolt = new App({ signingSecret: SECRET, token: 'xoxb-x', botId: 'B1', botUserId: 'U1' });
  const router = new ListenerRouter(bolt);
  router.registry.action(/^legacy_/, async () => undefined);
  router.install();
  expect(listenersOf(bolt)).toHaveLength(1);
});

it('runs only the handler registered for the request id, for every kind', async () => {
  const send = async (request: Parameters<typeof sendSignedRequest>[1]) => (await sendSignedRequest(url, request, SECRET)).status;
  expect(
    await send(
      blockActionBody({ teamId: TEAM, userId: USER, actionId: 'second_button', channelId: 'C1', responseUrl: 'http://127.0.0.1:9/r' }),
    ),
  ).toBe(200);
  expect(await send(viewSubmissionBody({ teamId: TEAM, userId: USER, view: { callback_id: 'first_modal' }, values: {} }))).toBe(200);
  expect(await send(globalShortcutBody({ teamId: TEAM, userId: USER, callbackId: 'share_link' }))).toBe(200);
  expect(await send(eventCallbackBody({ teamId: TEAM, event: { type: 'app_home_opened', user: USER, channel: 'D1', tab: 'home' } }))).toBe(
    200,
  );
  expect(await send(slashCommandBody({ teamId: TEAM, userId: USER, text: 'help', responseUrl: 'http://127.0.0.1:9/r' }))).toBe(200);
  expect(heard).toEqual(['action:second_button', 'view:first_modal', 'shortcut:share_link', 'event:app_home_opened', 'command']);
});

it('leaves an id nobody registered unanswered, as Bolt does without the router', async () => {
  const status = (
    await sendSignedRequest(url, blockActionBody({ teamId: TEAM, userId: USER, actionId: 'retired_button', channelId: 'C1' }), SECRET)
  ).status;
  expect(heard).toEqual([]);
  expect(status).toBe(404);
});

it('refuses a second handler for the same id at registration', () => {
  const router = new ListenerRouter(new App({ signingSecret: SECRET, token: 'xoxb-x', botId: 'B1', botUserId: 'U1' }));
  router.registry.action('twice', async () => undefined);
  expect(() => router.registry.action('twice', async () => undefined)).toThrow('two action listeners for "twice"');
});

describe('a lazily registered module', () => {
  const press = (actionId: string) =>
    sendSignedRequest(
      url,
      blockActionBody({ teamId: TEAM, userId: USER, actionId, channelId: 'C1', responseUrl: 'http://127.0.0.1:9/r' }),
      SECRET,
    );

  it('is loaded at the first request for one of its ids, once, and its handlers answer from then on', async () => {
    expect(lazyLoads).toEqual([]);
    const [first, second] = await Promise.all([press('lazy_button'), press('lazy_button')]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(
      await sendSignedRequest(
        url,
        viewSubmissionBody({ teamId: TEAM, userId: USER, view: { callback_id: 'lazy_modal' }, values: {} }),
        SECRET,
      ),
    ).toMatchObject({ status: 200 });
    expect(lazyLoads).toEqual(['lazy module']);
    expect(heard).toEqual(['action:lazy_button:loaded', 'action:lazy_button:loaded', 'view:lazy_modal']);
  });

  it('fails its first request when it registers other ids than it declared', async () => {
    const failures: string[] = [];
    const bolt = new App({
      receiver: new HTTPReceiver({ signingSecret: SECRET, unhandledRequestTimeoutMillis: 300, logLevel: LogLevel.ERROR }),
      token: 'xoxb-x',
      botId: 'B1',
      botUserId: 'U1',
      logLevel: LogLevel.ERROR,
    });
    const router = new ListenerRouter(bolt);
    router.registerLazily(
      { ids: { action: ['declared_button'] }, load: async () => (registry) => registry.action('other_button', async () => undefined) },
      {},
    );
    bolt.error(async (error) => {
      failures.push(String((error as { original?: unknown }).original ?? error));
    });
    router.install();
    const server = (await bolt.start({ port: 0, host: '127.0.0.1' })) as Server;
    try {
      const boltUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      await sendSignedRequest(
        boltUrl,
        blockActionBody({ teamId: TEAM, userId: USER, actionId: 'declared_button', channelId: 'C1' }),
        SECRET,
      );
      expect(failures.join('\n')).toContain('undeclared [other_button], missing [declared_button]');
    } finally {
      await bolt.stop();
    }
  });

  it('routes its declared ids at start, so a duplicate is still refused there', () => {
    const router = new ListenerRouter(new App({ signingSecret: SECRET, token: 'xoxb-x', botId: 'B1', botUserId: 'U1' }));
    router.registry.action('taken', async () => undefined);
    expect(() => router.registerLazily({ ids: { action: ['taken'] }, load: () => Promise.reject(new Error('never loaded')) }, {})).toThrow(
      'two action listeners for "taken"',
    );
  });
});

it('every listener module of the app registers exactly the ids it declares', async () => {
  const idsOf = (handlers: ReturnType<typeof handlersOf>) =>
    Object.fromEntries(
      Object.entries(handlers)
        .filter(([, byId]) => byId.size > 0)
        .map(([kind, byId]) => [kind, [...byId.keys()].sort()]),
    );
  const declared = (ids: Partial<Record<ListenerKind, readonly string[]>>) =>
    Object.fromEntries(Object.entries(ids).map(([kind, list]) => [kind, [...list].sort()]));
  expect(LISTENER_MODULES.length).toBeGreaterThan(10);
  for (const module of LISTENER_MODULES) {
    const register: RegisterListeners<SlackDeps> = await module.load();
    // Registering only builds the handlers: nothing of the services is called before a request.
    expect(idsOf(handlersOf(register, {} as SlackDeps))).toEqual(declared(module.ids));
  }
});
