// Waiting until items are at rest, for a caller that must answer when the work is done (`fordeler process`,
// tests). The stage handlers say when they touched an item; the database says what state it is in; the
// runner says whether any work is left at all. An item that is not at rest while the runner has nothing
// left to do will not move again: waiting ends for it too, and the caller reports what the database holds.
import type { ItemState } from '../../core/lifecycle.js';
import type { ItemStore } from '../../core/ports.js';
import type { WorkQueue } from './queue/types.js';
import { isAtRest, type PipelinePolicy } from './policy.js';

/** A fallback look at the database and the queues, for a progress signal that never comes. */
const POLL_MS = 1_000;

export interface ItemProgress {
  /** Pass as the runtime's `onItemProgress`: the item's state may have moved. */
  notify(itemId: string): void;
  /** `wait` resolves on the next notify for the item, or after `ms`; `cancel` resolves it now. */
  next(itemId: string, ms: number): { wait: Promise<void>; cancel(): void };
}

export function createItemProgress(): ItemProgress {
  const waiters = new Map<string, Set<() => void>>();
  return {
    notify(itemId) {
      const waiting = waiters.get(itemId);
      if (!waiting) return;
      waiters.delete(itemId);
      for (const wake of waiting) wake();
    },
    next(itemId, ms) {
      let wake!: () => void;
      const wait = new Promise<void>((resolve) => {
        wake = () => {
          clearTimeout(timer);
          const waiting = waiters.get(itemId);
          waiting?.delete(wake);
          if (waiting?.size === 0) waiters.delete(itemId);
          resolve();
        };
      });
      const timer = setTimeout(wake, ms);
      const waiting = waiters.get(itemId) ?? new Set();
      waiting.add(wake);
      waiters.set(itemId, waiting);
      return { wait, cancel: wake };
    },
  };
}

export interface SettleDeps {
  items: ItemStore;
  queue: Pick<WorkQueue, 'depth'>;
  policy: PipelinePolicy;
  progress: ItemProgress;
}

/** The item's state once it is at rest under the policy, or once no work is left that could move it. */
export async function settle(deps: SettleDeps, itemId: string): Promise<ItemState | undefined> {
  for (;;) {
    // Listen before looking, so a change between the look and the wait is not missed.
    const moved = deps.progress.next(itemId, POLL_MS);
    try {
      const item = await deps.items.getItem(itemId);
      if (!item || isAtRest(item.state, deps.policy)) return item?.state;
      if (Object.values(await deps.queue.depth()).every((jobs) => jobs === 0)) {
        // Nothing queued, running or waiting for a retry: look once more, the last job may just have ended.
        return (await deps.items.getItem(itemId))?.state;
      }
      await moved.wait;
    } finally {
      moved.cancel();
    }
  }
}
