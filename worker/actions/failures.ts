// The failed-shipments list and its retry: a failed item goes back to the state the lifecycle names for
// the stage that failed (RETRY_STATE), with a `retry_requested` event, in one compare-and-set commit; the
// reconciler of a running `fordeler work` queues it again (at once on start, else after
// `reconcile.staleSeconds`). A receiver that answered FEJLET has recorded the transaction, so retrying
// that one starts the next delivery round: a new AnvenderTransaktionsID, not the failed one again.
import { RETRY_STATE, type ItemState } from '../../core/lifecycle.js';
import type { Stage } from '../../core/model.js';
import type { Clock, ItemStore } from '../../core/ports.js';
import type { ItemQueries, ItemSummary } from '../../db/item-queries.js';

export interface FailedItem {
  item: ItemSummary;
  stage: Stage | null;
  at: Date | null;
}

/** Stages whose failure the receiver recorded: a retry is a new hand-over. */
const NEW_ROUND_ON_RETRY: readonly Stage[] = ['receipt'];

export async function listFailed(queries: Pick<ItemQueries, 'listItems' | 'listEvents'>, options: { limit?: number } = {}): Promise<FailedItem[]> {
  const failed = await queries.listItems({ state: 'failed', limit: options.limit ?? 500 });
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
  const nextRound = failedAt !== undefined && NEW_ROUND_ON_RETRY.includes(failedAt);
  const result = await deps.items.commit({
    itemId,
    from: 'failed',
    to: state,
    patch: { error: null },
    event: { stage: failedAt ?? 'ingest', type: 'retry_requested', at: deps.clock.now(), data: { by: actor, state, ...(nextRound ? { round: item.round + 1 } : {}) } },
    ...(nextRound ? { nextRound: true } : {}),
  });
  if (!result.committed) throw new Error(`item ${itemId} is ${result.state ?? 'gone'}, not failed`);
  return state;
}
