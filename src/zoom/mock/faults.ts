import { STATUS_CODES } from 'node:http';
import type { FaultSpec } from './types';

interface QueuedFault extends FaultSpec {
  remaining: number;
}

/** Faults queued by tests; each matching request consumes one use of the first matching fault. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  enqueue(fault: FaultSpec): void {
    this.queue.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  take(method: string, path: string): FaultSpec | undefined {
    const index = this.queue.findIndex(
      (f) => (f.method === undefined || f.method.toUpperCase() === method) && (f.path === undefined || f.path.test(path)),
    );
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(index, 1);
    return fault;
  }
}

/** Zoom's words for the statuses tests usually inject. */
export function defaultFaultBody(status: number): Record<string, unknown> {
  if (status === 429) {
    return { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' };
  }
  return { code: status, message: STATUS_CODES[status] ?? 'Error' };
}
