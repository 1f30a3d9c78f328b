import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Side, SideInfo, SideKind, SideProbe } from './sides';

/** A side in a child process (compiled bench/side-process.js next to this file), driven over IPC. */
export async function startRemoteSide(kind: SideKind): Promise<Side> {
  const child: ChildProcess = fork(path.join(__dirname, 'side-process.js'), [kind], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<SideInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`side ${kind} exited (${code}) before it was ready`)));
    child.once('message', (message) => resolve((message as { ready: SideInfo }).ready));
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  child.on('message', (message) => {
    const { id, result } = message as { id?: number; result: unknown };
    if (id !== undefined) pending.get(id)?.(result);
    pending.delete(id!);
  });
  const ask = <T>(op: string, extra: Record<string, unknown> = {}) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (result: unknown) => void);
      child.send({ id, op, ...extra });
    });
  return {
    info,
    probe: (fromPost) => ask<SideProbe>('probe', { fromPost }),
    expireZoomTokens: () => ask<void>('expire'),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask<void>('stop');
      await exited;
    },
  };
}
