import { fork } from 'node:child_process';
import path from 'node:path';
import type { ProcessProbe, SideKind, SideServer } from './sides';
import type { StandInsAddress } from './stand-ins';

/** A side in a child process (compiled bench/side-process.js next to this file), driven over IPC. */
export async function startRemoteSide(kind: SideKind, at: StandInsAddress): Promise<SideServer> {
  const child = fork(path.join(__dirname, 'side-process.js'), [kind, JSON.stringify(at)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ eventsUrl: string; signingSecret: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`side ${kind} exited (${code}) before it was ready`)));
    child.once('message', (message) => resolve((message as { ready: { eventsUrl: string; signingSecret: string } }).ready));
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  child.on('message', (message) => {
    const { id, result } = message as { id?: number; result: unknown };
    if (id === undefined) return;
    pending.get(id)?.(result);
    pending.delete(id);
  });
  const ask = <T>(op: 'probe' | 'stop') =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (result: unknown) => void);
      child.send({ id, op });
    });
  return {
    ...ready,
    probe: () => ask<ProcessProbe>('probe'),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask<void>('stop');
      await exited;
    },
  };
}
