/** The wake-ups of a background job (the job runner's polls, the digest scheduler's ticks); tests pass their own. */
export interface JobTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Unref'd: a pending wake-up never keeps the process alive on its own. */
export const realJobTimer: JobTimer = {
  set: (callback, ms) => setTimeout(callback, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
