// The failed-shipments list and its retry: a failed item goes back to the input state of the stage that
// failed, with a `retry_requested` event; the reconciler of a running `fordeler work` queues it again
// (at once on start, else after `reconcile.staleSeconds`).
import type { ItemState, Stage } from '../core/model.js';
import type { Clock, ItemStore } from '../core/ports.js';
import type { ItemQueries, ItemSummary } from '../db/item-queries.js';

const RETRY_STATE: Partial<Record<Stage, ItemState>> = { ingest: 'received', extract: 'received', classify: 'extracted', route: 'classified', deliver: 'routed' };

export interface FailedItem {
  item: ItemSummary;
  stage: Stage | null;
  at: Date | null;
}

export async function listFailed(queries: Pick<ItemQueries, 'listItems' | 'listEvents'>, tenantId: string, limit = 500): Promise<FailedItem[]> {
  const failed = await queries.listItems(tenantId, { state: 'failed', limit });
  return Promise.all(
    failed.map(async (item) => {
      const event = (await queries.listEvents(item.id)).filter((e) => e.type === 'failed').at(-1);
      return { item, stage: event?.stage ?? null, at: event ? new Date(event.at) : null };
    }),
  );
}

/** Puts a failed item back where its failed stage starts. Returns the state it now waits in. */
export async function retryFailed(deps: { items: ItemStore; queries: Pick<ItemQueries, 'listEvents'>; clock: Clock }, itemId: string, actor: string): Promise<ItemState> {
  const item = await deps.items.getItem(itemId);
  if (!item) throw new Error(`item ${itemId} does not exist`);
  if (item.state !== 'failed') throw new Error(`item ${itemId} is ${item.state}, not failed`);
  const failedAt = (await deps.queries.listEvents(itemId)).filter((e) => e.type === 'failed').at(-1)?.stage;
  const state = (failedAt && RETRY_STATE[failedAt]) ?? 'received';
  await deps.items.appendEvent(itemId, { stage: failedAt ?? 'ingest', type: 'retry_requested', at: deps.clock.now(), data: { by: actor, state } });
  await deps.items.setState(itemId, state, { error: null });
  return state;
}
