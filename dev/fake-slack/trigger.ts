import { randomBytes } from 'node:crypto';

/** Slack's trigger_ids live 3 seconds. */
export const TRIGGER_TTL_MS = 3000;

/**
 * Trigger ids in Slack's shape (`<digits>.<digits>.<hex>`). The first part is the issue time in ms, so the fake
 * Slack server can tell an expired trigger from any request builder without sharing state with it.
 */
export function makeTriggerId(issuedAtMs: number = Date.now()): string {
  return `${issuedAtMs}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

export function triggerIssuedAt(triggerId: string): number | undefined {
  const match = /^(\d{13})\.\d+\.[0-9a-f]+$/.exec(triggerId);
  return match?.[1] ? Number(match[1]) : undefined;
}
