// When the waiting alerts go out: one mail per outage, not one per item. A batch is collected for
// `batchSeconds` (or until it is very large), and mails are at least `minIntervalSeconds` apart, so a
// thousand failures in an hour are one mail and what follows them is the next one.
export interface BatchPolicy {
  batchSeconds: number;
  minIntervalSeconds: number;
  /** A batch this large goes out without waiting for the window to close. */
  largeBatch?: number;
}

export interface BatchState {
  now: Date;
  pendingCount: number;
  oldestPendingAt: Date | null;
  lastMailedAt: Date | null;
}

export type BatchDecision =
  | { send: true; reason: 'batch_due' | 'batch_large' }
  | { send: false; reason: 'nothing_pending' | 'interval' | 'collecting' };

export const LARGE_BATCH = 500;

export function decideBatch(state: BatchState, policy: BatchPolicy): BatchDecision {
  if (state.pendingCount === 0 || !state.oldestPendingAt) return { send: false, reason: 'nothing_pending' };
  const now = state.now.getTime();
  if (state.lastMailedAt && now - state.lastMailedAt.getTime() < policy.minIntervalSeconds * 1000) return { send: false, reason: 'interval' };
  if (now - state.oldestPendingAt.getTime() >= policy.batchSeconds * 1000) return { send: true, reason: 'batch_due' };
  if (state.pendingCount >= (policy.largeBatch ?? LARGE_BATCH)) return { send: true, reason: 'batch_large' };
  return { send: false, reason: 'collecting' };
}
