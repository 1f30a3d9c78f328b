/** Days after the first DM on which a dead connection's owner is reminded, unless they reconnect or dismiss. */
export const CONNECTION_REMINDER_DAYS = [1, 3, 7] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the next reminder (after `remindersSent` of them) is due at `nowMs`; none after the last. */
export function connectionReminderDue(firstSentAt: Date, remindersSent: number, nowMs: number): boolean {
  const day = CONNECTION_REMINDER_DAYS[remindersSent];
  return day !== undefined && nowMs >= firstSentAt.getTime() + day * DAY_MS;
}
