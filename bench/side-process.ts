/**
 * One side of a comparison in a process of its own: started by the bench (bench/remote-side.ts), answering its
 * probes over IPC while the bench drives load at it over HTTP.
 */
import { startSide, type Side, type SideKind } from './sides';

type Request = { id: number; op: 'probe'; fromPost: number } | { id: number; op: 'expire' } | { id: number; op: 'stop' };

async function main(): Promise<void> {
  const side: Side = await startSide(process.argv[2] as SideKind);
  process.send!({ ready: side.info, startedMs: performance.now() });
  process.on('message', (message: Request) => {
    const answer = (result: unknown) => process.send!({ id: message.id, result });
    if (message.op === 'probe') void side.probe(message.fromPost).then(answer);
    else if (message.op === 'expire') void side.expireZoomTokens().then(() => answer(null));
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
