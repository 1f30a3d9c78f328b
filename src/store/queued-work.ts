import type { StoreContext } from './context';

export interface QueuedWorkRecord {
  /** The job kind, e.g. `zoom.webhook`: a code constant, never caller data. */
  queue: string;
  /** Jobs waiting for their turn or running now. */
  count: number;
  /** The earliest run-after (store clock) of a job still waiting to be claimed; null when none waits. */
  oldestDueAt: Date | null;
}

/** What the metrics read at each scrape: how much background work there is, and how long the due part has waited. */
export function queuedWorkRepository({ prisma }: StoreContext) {
  return {
    async queuedWork(): Promise<QueuedWorkRecord[]> {
      const groups = await prisma.backgroundJob.groupBy({
        by: ['kind', 'status'],
        where: { status: { in: ['queued', 'running'] } },
        _count: { _all: true },
        _min: { runAfter: true },
      });
      const byKind = new Map<string, QueuedWorkRecord>();
      for (const group of groups) {
        const record = byKind.get(group.kind) ?? { queue: group.kind, count: 0, oldestDueAt: null };
        record.count += group._count._all;
        // A running job's run-after says nothing about waiting: only queued ones count for the age.
        if (group.status === 'queued') record.oldestDueAt = group._min.runAfter;
        byKind.set(group.kind, record);
      }
      return [...byKind.values()];
    },
  };
}
