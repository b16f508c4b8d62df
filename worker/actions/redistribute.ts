// Re-distributing an item by hand (CLI, HTTP API, a folder move in the IMAP rest mailbox), the I/O around
// the pure decision in core/stages/redistribute.ts: check the destination, choose the KLE emne the choice
// confirms, record it (db/redistribution-store.ts: one transaction, keyed by the action), queue the
// handover, and teach: the chosen destination always (routing risk control learns from it), the emne only
// when the person gave one. The database write comes first; a crash before the queueing is repaired by the
// reconciler (the item is `routed`), and a crash before the teaching only loses one training example.
import type { ItemStore, Router } from '../../core/ports.js';
import type { ItemQueries } from '../../db/item-queries.js';
import type { LearningStore } from '../../db/learning-store.js';
import { RedistributionRefused, type RedistributionInput, type RedistributionStore } from '../../db/redistribution-store.js';
import { confirmDestination } from './confirm-destination.js';
import type { Logger } from '../runtime/logger.js';

export interface RedistributeDeps {
  tenantId: string;
  store: RedistributionStore;
  items: ItemStore;
  /** Kept for callers that still pass it. */
  queries?: ItemQueries;
  learning: LearningStore;
  router: Router;
  /** Destinations configured in the work file, on top of those the rule set declares. */
  configuredDestinations: readonly string[];
  enqueueDeliver(itemId: string): Promise<void>;
  logger: Logger;
}

export type RedistributeOutcome =
  | { status: 'redistributed'; itemId: string; from: string | null; to: string; round: number; kle: string | null; /** The emne was inferred from the destination, not given. */ kleInferred: boolean }
  | { status: 'already_recorded'; itemId: string };

export function knownDestinations(deps: Pick<RedistributeDeps, 'router' | 'configuredDestinations'>): string[] {
  return [...new Set([...deps.router.destinations, ...deps.configuredDestinations])].sort();
}

export async function redistribute(deps: RedistributeDeps, input: Omit<RedistributionInput, 'kleNr'> & { kleNr?: string }): Promise<RedistributeOutcome> {
  const known = knownDestinations(deps);
  if (!known.includes(input.toDestination)) {
    throw new RedistributionRefused(`unknown destination "${input.toDestination.slice(0, 80)}"; known: ${known.join(', ')}`, 'unknown_destination');
  }
  const item = await deps.items.getItem(input.itemId);
  if (!item || item.tenantId !== deps.tenantId) throw new RedistributionRefused(`no item ${input.itemId.slice(0, 80)}`, 'unknown_item');
  // A destination alone is no KLE label: an emne inferred from it goes with the hand-over (Fordelingskomponenten
  // routes by it) but is neither confirmed nor learned; only an emne the person gave teaches the classifier.
  const given = input.kleNr ?? null;
  const kle = given ?? (await inferredKle(deps, input.itemId, input.toDestination));
  const result = await deps.store.redistribute({ ...input, kleNr: kle, ...(given === null && kle !== null ? { kleInferred: true } : {}) });
  if (!result.created) return { status: 'already_recorded', itemId: input.itemId };
  await deps.enqueueDeliver(input.itemId);
  // The chosen destination is confirmed (routing risk control learns from it); the emne only when the person gave one.
  await confirmDestination({ items: deps.items, store: deps.learning }, { itemId: input.itemId, destination: input.toDestination, kleNr: given, source: 'redistribution', confirmedBy: input.by }).catch((error: unknown) =>
    deps.logger.warn({ code: 'redistribute.learn_failed', itemId: input.itemId, err: error instanceof Error ? error.name : 'unknown' }, 'could not learn from a re-distribution'),
  );
  deps.logger.info({ code: 'route.redistributed', itemId: input.itemId, from: result.fromDestination, to: input.toDestination, via: input.via, round: result.round }, 're-distributed');
  return { status: 'redistributed', itemId: input.itemId, from: result.fromDestination, to: input.toDestination, round: result.round, kle, kleInferred: given === null && kle !== null };
}

/**
 * The emne to hand over with when the person gave none: the best candidate the classifier offered that routes
 * to the chosen destination, else none. It is a proposal, not a confirmation.
 */
async function inferredKle(deps: RedistributeDeps, itemId: string, destination: string): Promise<string | null> {
  const classified = await deps.items.latestClassification(itemId);
  const candidates = [...(classified?.nr ? [classified.nr] : []), ...(classified?.candidates ?? []).map((c) => c.nr)];
  return candidates.find((nr) => deps.router.destinationForKle(nr).destination === destination) ?? null;
}
