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

export type ListenerKind = 'action' | 'view' | 'shortcut' | 'event' | 'command';
type Kind = ListenerKind;
type Handler = (args: Args) => Promise<void>;
type Args = AnyMiddlewareArgs & AllMiddlewareArgs;
const KINDS: readonly Kind[] = ['action', 'view', 'shortcut', 'event', 'command'];

/** What a listener module exports: it registers its handlers on the registry it is given. */
export type RegisterListeners<Deps> = (app: ListenerRegistry, deps: Deps) => void;

/**
 * A listener module required at the first request for one of its ids, not at start: the modules, with the views,
 * Block Kit builders and flows they import, cost a cold start tens of milliseconds that the first /healthz does not
 * need, while a request has Slack's 3 s to be acked. The ids are routed at start all the same, so a duplicate is
 * refused there, and a module that registers other ids than it declares fails its first request, loudly.
 */
export interface LazyListenerModule<Deps> {
  ids: Partial<Record<Kind, readonly string[]>>;
  load(): Promise<RegisterListeners<Deps>>;
}

/** The handlers a module registers, by kind and id; only routable ones (a plain string id, one handler). */
export function handlersOf<Deps>(register: RegisterListeners<Deps>, deps: Deps): Record<Kind, Map<string, Handler>> {
  const found = emptyHandlers();
  register(
    registryOn(found, (kind, id) => {
      throw new Error(`a lazily loaded listener module can only register plain string ids (${kind} ${String(id)})`);
    }),
    deps,
  );
  return found;
}

function emptyHandlers(): Record<Kind, Map<string, Handler>> {
  return { action: new Map(), view: new Map(), shortcut: new Map(), event: new Map(), command: new Map() };
}

/** Routed: one handler per plain string id. Anything else goes to `unroutable` as given. */
function registryOn(
  handlers: Record<Kind, Map<string, Handler>>,
  unroutable: (kind: Kind, id: unknown, listeners: unknown[]) => void,
): ListenerRegistry {
  const route =
    (kind: Kind) =>
    (id: unknown, ...listeners: unknown[]): void => {
      if (typeof id !== 'string' || listeners.length !== 1) {
        unroutable(kind, id, listeners);
        return;
      }
      // Bolt would run both; two handlers for one id is a mistake better seen at start than as a double answer.
      if (handlers[kind].has(id)) throw new Error(`two ${kind} listeners for "${id}"`);
      handlers[kind].set(id, listeners[0] as Handler);
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
  private readonly handlers = emptyHandlers();

  constructor(private readonly app: App) {}

  /** Routed: one handler per plain string id. Anything else (a RegExp, constraints, listener middleware) goes to Bolt as given. */
  get registry(): ListenerRegistry {
    return registryOn(this.handlers, (kind, id, listeners) => (this.app[kind] as (...args: unknown[]) => void)(id, ...listeners));
  }

  /**
   * Routes the module's ids now to a stand-in that requires the module at its first request; the module's own
   * handlers then replace the stand-ins, so later requests reach them directly.
   */
  registerLazily<Deps>(module: LazyListenerModule<Deps>, deps: Deps): void {
    let loading: Promise<void> | undefined;
    const load = () =>
      (loading ??= module.load().then((register) => {
        const loaded = handlersOf(register, deps);
        for (const kind of KINDS) {
          const declared = new Set(module.ids[kind] ?? []);
          const undeclared = [...loaded[kind].keys()].filter((id) => !declared.has(id));
          const missing = [...declared].filter((id) => !loaded[kind].has(id));
          if (undeclared.length || missing.length) {
            throw new Error(
              `a lazy listener module's ${kind} ids are not the declared ones: undeclared [${undeclared.join(', ')}], missing [${missing.join(', ')}]`,
            );
          }
        }
        for (const kind of KINDS) for (const [id, handler] of loaded[kind]) this.handlers[kind].set(id, handler);
      }));
    const { registry } = this;
    for (const kind of KINDS) {
      for (const id of module.ids[kind] ?? []) {
        (registry[kind] as (id: string, handler: Handler) => void)(id, async (args) => {
          await load();
          await this.handlers[kind].get(id)!(args);
        });
      }
    }
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
