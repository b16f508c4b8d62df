// Retention, the pure part: which kinds of data the purge erases, the order it erases them in, from when
// each kind is past its time, and which items count as finished work whose clock is running.
//
// "Final" (the clock starts at items.state_changed_at when the item reached it):
// - `accepted` (core/lifecycle.ts FINAL_STATES): the receiver took it; nothing more will happen unless a
//   person re-distributes it, and a re-distribution moves the state and so restarts the clock.
// - `delivered` to a destination that never sends a business receipt (a folder, a mailbox, SMTP): for such a
//   destination `delivered` is the end of the road. Which destinations those are is configuration (the work
//   file's destinations of a kind other than `overdragelse`), so the caller names them; when it names none,
//   only `accepted` is final.
// Everything else is NOT final and is never purged by retention: items still on their way, and rejected,
// parked and failed items, which wait for a person — unfinished work must not silently vanish. Kept junk has
// its own, shorter clock (junk.keepDays, worker/follow-ups/junk-purge.ts); junk parked in the rest mailbox
// waits for a person like any parked item.
import { FINAL_STATES, type ItemState } from './lifecycle.js';

/** The kinds, in the order a run purges them: whole items first, so the later kinds need not touch them. */
export const RETENTION_KINDS = ['metadata', 'events', 'extracted', 'original', 'accessLog', 'configAudit'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each kind is kept (worker/runtime/data-protection-config.ts RetentionSettings has this shape). */
export interface RetentionDays {
  originalDays: number;
  extractedDays: number;
  metadataDays: number;
  eventsDays: number;
  accessLogDays: number;
  configAuditDays: number;
}

const DAYS_OF: Record<RetentionKind, keyof RetentionDays> = {
  metadata: 'metadataDays',
  events: 'eventsDays',
  extracted: 'extractedDays',
  original: 'originalDays',
  accessLog: 'accessLogDays',
  configAudit: 'configAuditDays',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Per kind: data whose clock started before this moment is past its time. */
export function retentionCutoffs(now: Date, days: RetentionDays): Record<RetentionKind, Date> {
  const cutoffs = {} as Record<RetentionKind, Date>;
  for (const kind of RETENTION_KINDS) {
    const n = days[DAYS_OF[kind]];
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`retention ${DAYS_OF[kind]} must be a whole number of days ≥ 1`);
    cutoffs[kind] = new Date(now.getTime() - n * DAY_MS);
  }
  return cutoffs;
}

/** What counts as final: the final states, and `delivered` to these destinations (no business receipt). */
export interface FinalityRule {
  states: readonly ItemState[];
  deliveredTo: readonly string[];
}

export function finalityRule(receiptlessDestinations: readonly string[] = []): FinalityRule {
  return { states: [...FINAL_STATES], deliveredTo: [...new Set(receiptlessDestinations)].sort() };
}

export function isRetentionFinal(rule: FinalityRule, state: ItemState, destination: string | null): boolean {
  if (rule.states.includes(state)) return true;
  return state === 'delivered' && destination !== null && rule.deliveredTo.includes(destination);
}

/** Counts of one run per kind: items (metadata, events, extracted, original) or lines (access log, config audit). */
export type RetentionCounts = Record<RetentionKind, number>;

export function emptyCounts(): RetentionCounts {
  return Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, 0])) as RetentionCounts;
}
