// Retrying a failed item, shared by the JSON API (POST /api/v1/failed/:id/retry) and the web app's Fejlede
// forsendelser: the person must be able to change the item and it must be failed; it goes back where its
// failed stage starts (worker/actions/failures.ts, the same retry as `fordeler failed --retry`) with the
// person as actor, and its job is queued at once through the runtime. Also the failed list's row detail
// (the stage that failed, when, and the CPR-masked error), so the page and the API show the same.
import type { ItemState } from '../core/lifecycle.js';
import type { Reason } from '../core/model.js';
import type { ItemListRow } from '../db/item-search.js';
import { retryFailed } from '../worker/actions/failures.js';
import { changeableItem, type RouteContext } from './context.js';
import { maskValue } from './item-views.js';
import type { Principal } from './principal.js';
import { ApiProblem } from './problem.js';

export interface Retried {
  id: string;
  state: ItemState;
  /** False when the item was committed back but its job could not be queued (the reconciler repairs that). */
  queued: boolean;
}

export async function retryItem(ctx: RouteContext, principal: Principal, id: string): Promise<Retried> {
  const { row } = await changeableItem(ctx, principal, id);
  if (row.state !== 'failed') throw new ApiProblem('conflict');
  const state = await retryFailed({ items: ctx.items, queries: ctx.queries, clock: ctx.clock }, row.id, principal.subject).catch(() => {
    throw new ApiProblem('conflict');
  });
  // The item is committed back; a queueing that fails is repaired by the reconciler, so it is reported, not undone.
  const queued = await ctx.actions
    .requeue(row.id, state)
    .then(() => true)
    .catch((error: unknown) => (ctx.logger.warn({ code: 'api.requeue_failed', itemId: row.id, err: error instanceof Error ? error.name : 'unknown' }, 'retry recorded, not queued'), false));
  return { id: row.id, state, queued };
}

export interface FailureDetail {
  stage: string | null;
  failedAt: Date | null;
  error: Reason | null;
}

/** The stage that failed last, when, and the stored error with CPR numbers masked. */
export async function failureDetail(ctx: RouteContext, row: Pick<ItemListRow, 'id'>): Promise<FailureDetail> {
  const [found, events] = await Promise.all([ctx.queries.findItem(row.id), ctx.queries.listEvents(row.id)]);
  const failed = events.filter((e) => e.type === 'failed').at(-1);
  return { stage: failed?.stage ?? null, failedAt: failed ? new Date(failed.at) : null, error: found?.error ? maskValue(found.error) : null };
}
