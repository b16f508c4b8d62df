// Placing a rest-mailbox item by hand, shared by the JSON API (api/routes/rest-mailbox.ts) and the web app's
// Restpostkasse (web/pages/rest-mailbox.ts): take suggestion n or a named destination (and maybe an emne),
// check that the person may change the item and that it still waits in the rest mailbox, and re-distribute
// through the one action the runtime gives (ctx.actions.redistribute) with the person as the actor. A
// repeated request with the same action key answers `already_recorded`. Refusals are ApiProblems, which a
// route answers as a problem and a page as a Danish message.
import { REST_MAILBOX_STATES } from '../core/lifecycle.js';
import { placingRecorded } from '../db/item-search.js';
import { RedistributionRefused } from '../db/redistribution-store.js';
import { createRuleSetStore } from '../db/rule-set-store.js';
import { destinations as ruleSetDestinations } from '../rules/router.js';
import { parseRuleFile } from '../rules/schema.js';
import { changeableItem, type RouteContext } from './context.js';
import { suggestionViews } from './item-views.js';
import type { Principal } from './principal.js';
import { ApiProblem } from './problem.js';

export type Placing = { suggestion: number } | { destination: string; kle?: string | undefined };

export type Placed =
  | { id: string; status: 'redistributed'; from: string | null; to: string; round: number; kle: string | null }
  | { id: string; status: 'already_recorded' };

/** Places one item; `key` is the caller's idempotency key (the same key again is recorded once). */
export async function placeItem(ctx: RouteContext, principal: Principal, id: string, placing: Placing, key?: string): Promise<Placed> {
  const { row, route } = await changeableItem(ctx, principal, id);
  const sourceRef = key ? `api:${ctx.tenantId}:${principal.subject}:${key}:${row.id}`.slice(0, 400) : undefined;
  if (!(REST_MAILBOX_STATES as readonly string[]).includes(row.state)) {
    // The same request again after it was done: the answer it had, not "not in the rest mailbox".
    if (sourceRef && (await placingRecorded(ctx.db, ctx.tenantId, row.id, sourceRef))) return { id: row.id, status: 'already_recorded' };
    throw new ApiProblem('conflict');
  }
  let target: { destination: string; kle?: string };
  if ('suggestion' in placing) {
    const chosen = suggestionViews(route).find((s) => s.rank === placing.suggestion);
    if (!chosen?.destination) throw new ApiProblem('no_suggestion');
    target = { destination: chosen.destination, kle: chosen.kle };
  } else target = { destination: placing.destination, ...(placing.kle ? { kle: placing.kle } : {}) };
  try {
    const outcome = await ctx.actions.redistribute({
      itemId: row.id,
      toDestination: target.destination,
      by: principal.subject,
      via: 'api',
      ...(target.kle ? { kleNr: target.kle } : {}),
      ...(sourceRef ? { sourceRef } : {}),
    });
    if (outcome.status === 'already_recorded') return { id: row.id, status: 'already_recorded' };
    return { id: row.id, status: 'redistributed', from: outcome.from, to: outcome.to, round: outcome.round, kle: outcome.kle };
  } catch (error) {
    if (!(error instanceof RedistributionRefused)) throw error;
    throw new ApiProblem(error.reason === 'unknown_destination' ? 'unknown_destination' : error.reason === 'unknown_item' ? 'not_found' : 'conflict');
  }
}

/**
 * The destinations a person may choose when placing by hand, id and name: the runtime's own list when the
 * actions offer one (the rule set's and the work file's, exactly what the re-distribution accepts), else
 * the published rule set's destinations and those named in `seen` (the suggestions on the page).
 */
export async function placeableDestinations(ctx: RouteContext, seen: readonly string[] = []): Promise<{ id: string; name?: string }[]> {
  const actions = ctx.actions;
  const names = new Map<string, string | undefined>();
  const published = await createRuleSetStore(ctx.db, { tenantId: ctx.tenantId }).published();
  if (published) {
    try {
      for (const [id, name] of Object.entries(ruleSetDestinations(parseRuleFile(published.body)))) names.set(id, name);
    } catch {
      // A published rule set always parsed when it was published; a newer parser refusing it leaves the names out.
    }
  }
  const ids = actions.knownDestinations ? await actions.knownDestinations() : [...names.keys(), ...seen];
  return [...new Set(ids)].sort().map((id) => (names.get(id) ? { id, name: names.get(id)! } : { id }));
}
