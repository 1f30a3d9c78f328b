/**
 * One side of a comparison in a process of its own: started by the bench (bench/remote-side.ts) with its
 * stand-ins' address, answering probes over IPC while the bench drives load at it over HTTP.
 */
import { startSide, type SideKind } from './sides';
import type { StandInsAddress } from './stand-ins';

type Request = { id: number; op: 'probe' | 'stop' };

async function main(): Promise<void> {
  const side = await startSide(process.argv[2] as SideKind, JSON.parse(process.argv[3]!) as StandInsAddress);
  process.send!({ ready: { eventsUrl: side.eventsUrl, signingSecret: side.signingSecret } });
  process.on('message', (message: Request) => {
    const answer = (result: unknown) => process.send!({ id: message.id, result });
    if (message.op === 'probe') void side.probe().then(answer);
    else
      void side.stop().then(() => {
        answer(null);
        process.exit(0);
      });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
