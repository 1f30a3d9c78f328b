import path from 'node:path';

/**
 * Bolt's entry module requires its Socket Mode receiver, and with it @slack/socket-mode and undici (about a tenth of
 * a start's CPU, measured with --cpu-prof): this app is served over HTTP and uses neither. Called before Bolt is
 * first required, this puts a stand-in for @slack/socket-mode in require's cache whose members load the real module
 * the first time one is read (Bolt reads `SocketModeClient` only when it builds a Socket Mode receiver), so Socket
 * Mode still works. False, and nothing changed, when Bolt or Socket Mode is loaded already or cannot be found.
 */
export function deferSocketMode(): boolean {
  let boltEntry: string;
  let socketModeEntry: string;
  try {
    boltEntry = require.resolve('@slack/bolt');
    // Bolt's own copy: the one its receiver requires.
    socketModeEntry = require.resolve('@slack/socket-mode', { paths: [path.dirname(boltEntry)] });
  } catch {
    return false;
  }
  if (require.cache[boltEntry] || require.cache[socketModeEntry]) return false;

  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (!real) {
      // The real module takes the stand-in's place in the cache, so every later require gets it.
      delete require.cache[socketModeEntry];
      real = require(socketModeEntry) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const exports = new Proxy(
    {},
    {
      get: (_target, key) => load()[key],
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        // A proxy may only report a property its target lacks as configurable.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  require.cache[socketModeEntry] = {
    id: socketModeEntry,
    filename: socketModeEntry,
    loaded: true,
    exports,
    children: [],
    paths: [],
    path: path.dirname(socketModeEntry),
  } as unknown as NodeJS.Module;
  return true;
}

// Imported first by src/app.ts, so this runs before anything requires Bolt.
deferSocketMode();
