import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';

/**
 * What the listener modules register on: Bolt's own methods, so each module reads like any Bolt app.
 *
 * Bolt runs the middleware chain of every registered listener for every request (a copied array, an args
 * object spread and a few promises each), so with 25 listeners a `help` ack cost ~1.6× bare Bolt's CPU, and
 * one Bolt listener per kind still ~1.2×. The router registers no Bolt listener at all: one global middleware,
 * installed after every other, finds the handler by the request's kind and id in a Map, the same matching Bolt
 * does for a plain string id, paid once per request.
 */
export type ListenerRegistry = Pick<App, 'action' | 'view' | 'shortcut' | 'event' | 'command'>;

type Kind = 'action' | 'view' | 'shortcut' | 'event' | 'command';
type Handler = (args: Args) => Promise<void>;
type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

/**
 * The routed kind of a request and the id Bolt matches a plain string against. The kind is read from the argument
 * Bolt sets for it (`args.action`, `args.view`...), as Bolt's own only-actions, only-views... filters do; `app.view`
 * with a plain id hears submissions only.
 */
function routeOf(args: Args): { kind: Kind; id: unknown } | undefined {
  const { action, view, shortcut, event, command } = args as Partial<Record<Kind, Record<string, unknown>>>;
  if (command) return { kind: 'command', id: command.command };
  if (action) return { kind: 'action', id: action.action_id };
  if (view) return (args.body as { type?: unknown }).type === 'view_submission' ? { kind: 'view', id: view.callback_id } : undefined;
  if (shortcut) return { kind: 'shortcut', id: shortcut.callback_id };
  if (event) return { kind: 'event', id: event.type };
  return undefined;
}

export class ListenerRouter {
  private readonly handlers: Record<Kind, Map<string, Handler>> = {
    action: new Map(),
    view: new Map(),
    shortcut: new Map(),
    event: new Map(),
    command: new Map(),
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
      command: route('command') as App['command'],
    };
  }

  /**
   * Installs the dispatching middleware; called once, after every module registered and after every other global
   * middleware (which then sees what a handler throws, as it would a listener's). A handler is a listener: it never
   * calls `next`. Bolt's own listeners (the ones passed through) still run after it, as they would beside it.
   */
  install(): void {
    const { handlers } = this;
    this.app.use(async (args) => {
      const route = routeOf(args);
      const handler = route && typeof route.id === 'string' ? handlers[route.kind].get(route.id) : undefined;
      // No handler: like Bolt with no matching listener, nothing happens here (listeners/unclaimed.ts answers).
      if (!handler) return args.next();
      try {
        await handler(args);
      } finally {
        await args.next();
      }
    });
  }
}
