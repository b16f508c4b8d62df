// The reconciler makes the database, not Redis, the truth about unfinished work: items that have sat in
// an in-progress state longer than a limit get their next stage queued again. Queuing is idempotent
// (one job per item and stage), so an item whose job still exists is untouched; an item whose job was
// lost — Redis flushed or restarted, a worker killed between two writes — goes on where it stopped.
import type { ItemState } from '../core/model.js';
import type { Clock } from '../core/ports.js';
import type { ItemQueries } from '../db/item-queries.js';
import { IN_PROGRESS_STATES, type JobStage } from './jobs.js';
import type { Logger } from './logger.js';
import type { WorkQueue } from './queue/types.js';

/** The job that continues an item in each in-progress state; `received` restarts at ingest. */
const RESUME_STAGE: Record<(typeof IN_PROGRESS_STATES)[number], JobStage> = {
  received: 'ingest',
  extracted: 'classify',
  classified: 'route',
  routed: 'deliver',
};

export interface ReconcilerOptions {
  tenantId: string;
  queries: Pick<ItemQueries, 'listItems'>;
  queue: Pick<WorkQueue, 'enqueue'>;
  clock: Clock;
  logger: Logger;
  /** An item is stuck after this long in one state. */
  staleAfterMs: number;
  intervalMs: number;
  /** Most items re-queued per state and pass. */
  batchSize?: number;
}

export interface Reconciler {
  /** One pass; resolves to the number of items re-queued. */
  runOnce(staleAfterMs?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<number> | undefined;

  async function runOnce(staleAfterMs = options.staleAfterMs): Promise<number> {
    const changedBefore = new Date(options.clock.now().getTime() - staleAfterMs);
    let requeued = 0;
    for (const state of IN_PROGRESS_STATES as readonly ItemState[]) {
      const stuck = await options.queries.listItems(options.tenantId, { state, changedBefore, limit: options.batchSize ?? 5_000 });
      const stage = RESUME_STAGE[state as keyof typeof RESUME_STAGE];
      for (const item of stuck) await options.queue.enqueue(stage, item.id);
      requeued += stuck.length;
    }
    if (requeued > 0) options.logger.info({ code: 'reconcile.requeued', count: requeued }, 'queued unfinished items again');
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
