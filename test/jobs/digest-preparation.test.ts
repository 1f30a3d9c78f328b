import { ChunkedInputs, WaitingRoom, type Preparation } from '../../src/jobs/digest-preparation';
import type { DigestInputs } from '../../src/slack/delivery/digest';

/** The gates on the way to preparing a digest ahead: room for a few early ones, and store reads a chunk at a time. */

/** A latest start the test fires by hand; it records whether it was told to stop waiting. */
function latestStart(): { start: (cancelled: () => boolean) => Promise<void>; fire: () => void; wasCancelled: () => boolean } {
  let fire!: () => void;
  let cancelled: () => boolean = () => false;
  const onTime = new Promise<void>((resolve) => (fire = resolve));
  return {
    start: (isCancelled) => {
      cancelled = isCancelled;
      return onTime;
    },
    fire: () => fire(),
    wasCancelled: () => cancelled(),
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('WaitingRoom', () => {
  it('lets `limit` in at once, the next when one leaves, and one whose latest start comes without waiting for room', async () => {
    const room = new WaitingRoom(2);
    const order: string[] = [];
    const starts = ['a', 'b', 'c', 'd'].map(() => latestStart());
    const entered = ['a', 'b', 'c', 'd'].map((name, i) => room.enter(starts[i]!.start).then(() => order.push(name)));
    await settle();
    expect(order).toEqual(['a', 'b']);

    starts[3]!.fire(); // d's latest start: in, although the room is full
    await settle();
    expect(order).toEqual(['a', 'b', 'd']);

    room.leave();
    await settle();
    // c was still waiting for room; with d in there are 3 inside, so room comes only once two have left.
    expect(order).toEqual(['a', 'b', 'd']);
    room.leave();
    await settle();
    expect(order).toEqual(['a', 'b', 'd', 'c']);
    expect(starts[2]!.wasCancelled()).toBe(true); // told to stop waiting for its time
    await Promise.all(entered);
  });

  it('with no room at all (0), each goes in at its latest start only', async () => {
    const room = new WaitingRoom(0);
    const [first, second] = [latestStart(), latestStart()];
    const inside: string[] = [];
    const entered = [room.enter(first.start).then(() => inside.push('first')), room.enter(second.start).then(() => inside.push('second'))];
    first.fire();
    await entered[0];
    room.leave(); // the first one's post started: still no room for the second
    await settle();
    expect(inside).toEqual(['first']);
    second.fire();
    await entered[1];
    expect(inside).toEqual(['first', 'second']);
  });
});

describe('ChunkedInputs', () => {
  const preparation = (id: string, startAtMs: number): Preparation => ({
    subscription: { id, teamId: 'T1', slackUserId: `U${id}`, localTime: '09:00', timeZone: 'UTC', channelId: null, enabled: true },
    dueAtMs: 0,
    backlogMs: 0,
    startAtMs,
  });
  const inputsFor = (chunk: readonly Preparation[]) =>
    new Map(chunk.map(({ subscription }) => [subscription.id, { marker: subscription.id } as unknown as DigestInputs]));

  it('reads once per chunk of starts within 2 s (at most 100), when its first one asks; each gets its own inputs', async () => {
    // 150 starting within a second, then 3 starting 5 s later: chunks of 100, 50 and 3.
    const preparations = [
      ...Array.from({ length: 150 }, (_, i) => preparation(`p${i}`, i)),
      ...['q0', 'q1', 'q2'].map((id) => preparation(id, 5_000)),
    ];
    const reads: number[] = [];
    const inputs = new ChunkedInputs(preparations, async (chunk) => {
      reads.push(chunk.length);
      return inputsFor(chunk);
    });
    expect(reads).toEqual([]);
    const taken = await Promise.all(preparations.map((_, index) => inputs.take(index)));
    expect(reads).toEqual([100, 50, 3]);
    expect(taken.map((found) => (found as unknown as { marker: string }).marker)).toEqual(preparations.map((p) => p.subscription.id));
  });

  it('a chunk whose read failed gives undefined: its digests read their own', async () => {
    const inputs = new ChunkedInputs([preparation('a', 0), preparation('b', 10)], async () => undefined);
    expect([await inputs.take(0), await inputs.take(1)]).toEqual([undefined, undefined]);
  });

  it('takeIfRead hands over what a read chunk holds for a preparation, and never starts a read', async () => {
    const reads: number[] = [];
    const inputs = new ChunkedInputs([preparation('a', 0), preparation('b', 10), preparation('c', 9_000)], async (chunk) => {
      reads.push(chunk.length);
      return inputsFor(chunk);
    });
    expect(await inputs.takeIfRead(2)).toBeUndefined();
    expect(await inputs.take(0)).toEqual({ marker: 'a' });
    expect(await inputs.takeIfRead(1)).toEqual({ marker: 'b' });
    expect(reads).toEqual([2]);
  });
});
