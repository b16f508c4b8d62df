// The reconciler makes the database, not Redis, the truth about unfinished work: items that have sat in
// an in-progress state longer than a limit get their next stage queued again. Queuing is idempotent
// (one job per item and stage), so an item whose job still exists is untouched; an item whose job was
// lost — Redis flushed or restarted, a worker killed between two writes — goes on where it stopped.
// A delivered item whose business receipt is overdue (lost while the worker was down, say) gets its
// deliver stage queued too: it sends the same round again with the same AnvenderTransaktionsID, and the
// receiver answers with the receipt again. That has its own, longer limit: receivers take minutes.
import { IN_PROGRESS_STATES, RESUME_STAGE, type ItemState, type JobStage } from '../../core/lifecycle.js';
import type { Clock } from '../../core/ports.js';
import type { ItemQueries } from '../../db/item-queries.js';
import type { Logger } from './logger.js';
import type { WorkQueue } from './queue/types.js';

/** The in-progress state that waits for the receiver rather than for us. */
const AWAITING_RECEIPT: ItemState = 'delivered';

/** Default limit for a business receipt: well past a receiver's usual minutes, well before the 4-hour alert. */
export const DEFAULT_RECEIPT_OVERDUE_MS = 10 * 60_000;

export interface ReconcilerOptions {
  /** Kept for callers that still pass it; the queries are bound to the tenant. */
  tenantId?: string;
  queries: Pick<ItemQueries, 'listItems'>;
  /**
   * Delivered items that still wait for a business receipt and have not changed since `before`, oldest
   * first (db/receipt-queries.ts). Absent: delivered items are left alone (no receiver sends receipts).
   */
  awaitingReceipt?: (before: Date, limit: number) => Promise<readonly { id: string }[]>;
  queue: Pick<WorkQueue, 'enqueue'>;
  clock: Clock;
  logger: Logger;
  /** An item is stuck after this long in one state. */
  staleAfterMs: number;
  /** A delivered item's business receipt is overdue after this long without a change. */
  receiptOverdueMs?: number;
  intervalMs: number;
  /** Most items re-queued per state and pass. */
  batchSize?: number;
}

export interface Reconciler {
  /**
   * One pass; resolves to the number of items re-queued. `staleAfterMs` overrides the limit for the
   * machine's own stages (0 at start-up: everything unfinished); overdue receipts keep their own limit.
   */
  runOnce(staleAfterMs?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<number> | undefined;
  const limit = options.batchSize ?? 5_000;
  const receiptOverdueMs = options.receiptOverdueMs ?? DEFAULT_RECEIPT_OVERDUE_MS;

  async function stuckIn(state: ItemState, now: number, staleAfterMs: number): Promise<readonly { id: string }[]> {
    if (state !== AWAITING_RECEIPT) return options.queries.listItems({ state, changedBefore: new Date(now - staleAfterMs), limit });
    return options.awaitingReceipt ? options.awaitingReceipt(new Date(now - receiptOverdueMs), limit) : [];
  }

  async function runOnce(staleAfterMs = options.staleAfterMs): Promise<number> {
    const now = options.clock.now().getTime();
    const counts: Partial<Record<ItemState, number>> = {};
    let requeued = 0;
    for (const state of IN_PROGRESS_STATES) {
      const stage: JobStage | undefined = RESUME_STAGE[state];
      if (!stage) continue;
      const stuck = await stuckIn(state, now, staleAfterMs);
      for (const item of stuck) await options.queue.enqueue(stage, item.id);
      if (stuck.length > 0) counts[state] = stuck.length;
      requeued += stuck.length;
    }
    if (requeued > 0) options.logger.info({ code: 'reconcile.requeued', count: requeued, byState: counts }, 'queued unfinished items again');
    return requeued;
  }

  const guarded = (): Promise<number> => {
    running ??= runOnce()
      .catch((error: unknown) => {
        options.logger.warn({ code: 'reconcile.failed', err: error instanceof Error ? error.message : String(error) }, 'reconcile pass failed');
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  };

  return {
    runOnce,
    start() {
      timer ??= setInterval(() => void guarded(), options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
