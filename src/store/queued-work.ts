import type { StoreContext } from './context';

export interface QueuedWorkRecord {
  /** The job kind, e.g. `zoom.webhook`: a code constant, never caller data. */
  queue: string;
  /** Jobs waiting for their turn or running now. */
  count: number;
  oldestQueuedAt: Date | null;
}

/** What the metrics read at each scrape: how much background work waits, and since when. */
export function queuedWorkRepository({ prisma }: StoreContext) {
  return {
    async queuedWork(): Promise<QueuedWorkRecord[]> {
      const groups = await prisma.backgroundJob.groupBy({
        by: ['kind'],
        where: { status: { in: ['queued', 'running'] } },
        _count: { _all: true },
        _min: { createdAt: true },
      });
      return groups.map((group) => ({ queue: group.kind, count: group._count._all, oldestQueuedAt: group._min.createdAt }));
    },
  };
}
