// Teaching where an item belongs. A re-distribution (folder move, CLI, HTTP) and a receiver's accepted
// receipt say which destination was right: that is the label routing-safety risk control learns the tenant's
// threshold from (db/routing-decisions.ts). The destination alone names no emne, so it teaches the KLE
// classifier nothing; an emne the person gave (or the sender stated) is confirmed and learned as well,
// through confirmKle. The confirmation keeps an earlier emne or destination when this one names none.
import type { ItemStore } from '../../core/ports.js';
import { ItemNotFoundError } from '../../db/item-store.js';
import type { ConfirmationSource, LearningStore } from '../../db/learning-store.js';
import { confirmKle, evidenceOf } from './learning.js';

export interface ConfirmDestinationInput {
  itemId: string;
  destination: string;
  /** The emne a person gave or the sender stated; null when only the destination is known (never a guess). */
  kleNr: string | null;
  source: ConfirmationSource;
  confirmedBy?: string;
}

/** Records the destination (and the emne, when one is known); learns the emne when one is given. */
export async function confirmDestination(deps: { items: ItemStore; store: LearningStore }, input: ConfirmDestinationInput): Promise<void> {
  if (deps.items.tenantId !== deps.store.tenantId) throw new Error(`the item store (${deps.items.tenantId}) and the learning store (${deps.store.tenantId}) belong to different tenants`);
  if (!(await deps.items.getItem(input.itemId))) throw new ItemNotFoundError(input.itemId);
  const content = await deps.items.getExtracted(input.itemId);
  const evidence = content ? evidenceOf(content) : { senderKeys: [], caseNumbers: [] };
  const { itemId, destination, kleNr, source } = input;
  await deps.store.confirm({ itemId, kleNr, destination, source, ...(input.confirmedBy ? { confirmedBy: input.confirmedBy } : {}), ...evidence });
  // The emne goes into the model too (a new version); the destination written above is kept by the upsert.
  if (kleNr !== null) await confirmKle(deps, { itemId, kleNr, source, ...(input.confirmedBy ? { confirmedBy: input.confirmedBy } : {}) });
}
