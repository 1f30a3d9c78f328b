import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';

/**
 * What the listener modules register on: Bolt's own methods, so each module reads like any Bolt app.
 *
 * Bolt runs the middleware chain of every registered listener for every request (a copied array, an args
 * object spread and a promise each), so with 25 listeners a `help` ack cost ~1.6× bare Bolt's CPU. The router
 * registers one Bolt listener per kind instead and finds the handler by its id in a Map: the same matching
 * Bolt does for a plain string id, paid once per request.
 */
export type ListenerRegistry = Pick<App, 'action' | 'view' | 'shortcut' | 'event' | 'command'>;

type Kind = 'action' | 'view' | 'shortcut' | 'event';
type Handler = (args: Args) => Promise<void>;
type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

/** The id Bolt matches a plain string against, for each kind. */
const ID_OF: Record<Kind, (args: Args) => unknown> = {
  action: (args) => (args.payload as { action_id?: unknown }).action_id,
  view: (args) => (args.body as { view?: { callback_id?: unknown } }).view?.callback_id,
  shortcut: (args) => (args.payload as { callback_id?: unknown }).callback_id,
  event: (args) => (args.payload as { type?: unknown }).type,
};

export class ListenerRouter {
  private readonly handlers: Record<Kind, Map<string, Handler>> = {
    action: new Map(),
    view: new Map(),
    shortcut: new Map(),
    event: new Map(),
  };

  constructor(private readonly app: App) {}

  /** Routed: one handler per plain string id. Anything else (a RegExp, constraints, listener middleware) goes to Bolt as given. */
  get registry(): ListenerRegistry {
    const route =
      (kind: Kind) =>
      (id: unknown, ...listeners: unknown[]): void => {
        if (typeof id !== 'string' || listeners.length !== 1) {
          (this.app[kind] as (...args: unknown[]) => void)(id, ...listeners);
          return;
        }
        // Bolt would run both; two handlers for one id is a mistake better seen at start than as a double answer.
        if (this.handlers[kind].has(id)) throw new Error(`two ${kind} listeners for "${id}"`);
        this.handlers[kind].set(id, listeners[0] as Handler);
      };
    return {
      action: route('action') as App['action'],
      view: route('view') as App['view'],
      shortcut: route('shortcut') as App['shortcut'],
      event: route('event') as App['event'],
      command: this.app.command.bind(this.app),
    };
  }

  /** Registers the one Bolt listener per kind that has routed handlers; called once, after every module registered. */
  install(): void {
    const { app } = this;
    const dispatch = (kind: Kind) => {
      const handlers = this.handlers[kind];
      return async (args: Args): Promise<void> => {
        const id = ID_OF[kind](args);
        const handler = typeof id === 'string' ? handlers.get(id) : undefined;
        // No handler: like Bolt with no matching listener, nothing happens here (listeners/unclaimed.ts answers).
        if (handler) await handler(args);
      };
    };
    // Bolt's own filters (onlyActions, view_submission only...) still run first; any id passes to the Map lookup.
    const anyId = /^/;
    for (const kind of Object.keys(this.handlers) as Kind[]) {
      if (!this.handlers[kind].size) continue;
      (app[kind] as unknown as (this: App, id: RegExp, listener: (args: Args) => Promise<void>) => void).call(app, anyId, dispatch(kind));
    }
  }
}
