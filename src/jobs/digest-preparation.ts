import type { DigestSubscriptionRecord } from '../store';

/**
 * The two gates a digest scheduled ahead passes on its way to being prepared (see DigestScheduler.startPreparing):
 * the waiting room, which lets a few hundred be prepared early, and the chunked claims and reads of their store inputs.
 */

/**
 * The digests prepared, or being prepared, whose post has not started, counted: one may go in early while fewer than
 * `limit` are in, and goes in at its latest safe start in any case (so `limit` bounds the early ones only).
 */
export class WaitingRoom {
  private inside = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Goes in when there is room, or when `latestStart` resolves (told by `cancelled` to stop once there is room). */
  async enter(latestStart: (cancelled: () => boolean) => Promise<void>): Promise<void> {
    if (this.inside >= this.limit) {
      let roomMade = false;
      let wake!: () => void;
      const room = new Promise<void>((resolve) => {
        wake = () => {
          roomMade = true;
          resolve();
        };
        this.queue.push(wake);
      });
      await Promise.race([room, latestStart(() => roomMade)]);
      // In on time rather than for room: the room it would have had goes to the next in the queue.
      if (!roomMade) this.queue.splice(this.queue.indexOf(wake), 1);
    }
    this.inside += 1;
  }

  leave(): void {
    this.inside -= 1;
    if (this.inside < this.limit) this.queue.shift()?.();
  }
}

/** A digest queued for preparation, with when its preparation starts (see digest-prefetch.ts). */
export interface Preparation {
  subscription: DigestSubscriptionRecord;
  dueAtMs: number;
  backlogMs: number;
  startAtMs: number;
}

/**
 * Claims and store reads for preparations that start within this long of each other are made together, up to so many
 * at a time: one claim, one connection read and one booking count per chunk instead of one of each per digest, none
 * older than the span.
 */
const INPUT_CHUNK = { spanMs: 2_000, maxItems: 100 };

/**
 * What is read for a batch of preparations (in order of their start), a chunk at a time when the chunk's first
 * preparation asks, and let go as it is taken; keyed by subscription id. A chunk whose read failed (undefined)
 * leaves its digests to claim and read their own.
 */
export class ChunkedInputs<T> {
  private readonly chunkOf: number[] = [];
  private readonly chunks = new Map<number, { left: number; read: Promise<Map<string, T> | undefined> }>();
  private readonly members: Preparation[][] = [];

  constructor(
    private readonly preparations: readonly Preparation[],
    private readonly read: (chunk: readonly Preparation[]) => Promise<Map<string, T> | undefined>,
  ) {
    preparations.forEach((preparation, index) => {
      const current = this.members[this.members.length - 1];
      const fits =
        current !== undefined &&
        current.length < INPUT_CHUNK.maxItems &&
        preparation.startAtMs - current[0]!.startAtMs <= INPUT_CHUNK.spanMs;
      if (!fits) this.members.push([]);
      this.members[this.members.length - 1]!.push(preparation);
      this.chunkOf[index] = this.members.length - 1;
    });
  }

  async take(index: number): Promise<T | undefined> {
    const chunkIndex = this.chunkOf[index]!;
    let chunk = this.chunks.get(chunkIndex);
    if (!chunk) {
      const members = this.members[chunkIndex]!;
      chunk = { left: members.length, read: this.read(members) };
      this.chunks.set(chunkIndex, chunk);
    }
    const found = await chunk.read;
    const { id } = this.preparations[index]!.subscription;
    const taken = found?.get(id);
    found?.delete(id);
    chunk.left -= 1;
    if (chunk.left === 0) {
      this.chunks.delete(chunkIndex);
      this.members[chunkIndex] = [];
    }
    return taken;
  }

  /** What was read for a preparation that will not run, if its chunk was read (or is being read): never starts a read. */
  async takeIfRead(index: number): Promise<T | undefined> {
    return this.chunks.has(this.chunkOf[index]!) ? this.take(index) : undefined;
  }
}
