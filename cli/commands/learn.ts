// `fordeler confirm <item-id> <kle>` and `fordeler retrain`: teach the classifier from staff decisions.
// Both work on FORDELER_TENANT only: confirming another tenant's item is "not found" and writes nothing.
import { createKleCatalog } from '../../classifiers/kle-catalog.js';
import { createLearningStore, type ConfirmationSource } from '../../db/learning-store.js';
import { loadKleData } from '../../worker/adapters/kle-data.js';
import { confirmKle, retrain } from '../../worker/actions/learning.js';
import { requireItem, withDatabase, withTenant } from '../with-database.js';

const SOURCES: readonly ConfirmationSource[] = ['manual', 'redistribution', 'accepted_receipt'];

export async function confirmCommand(itemId: string, kle: string, options: { by?: string; source?: string }): Promise<number> {
  const source = (options.source ?? 'manual') as ConfirmationSource;
  if (!SOURCES.includes(source)) throw new Error(`--source must be one of ${SOURCES.join(', ')}`);
  if (!createKleCatalog(loadKleData()).isCurrentEmne(kle)) throw new Error(`${kle} is not a current KLE emne (NN.NN.NN)`);
  return withTenant(async (context) => {
    await requireItem(context, itemId);
    const version = await confirmKle({ items: context.items, store: createLearningStore(context.db, { tenantId: context.tenantId }) }, {
      itemId,
      kleNr: kle,
      source,
      ...(options.by ? { confirmedBy: options.by } : {}),
    });
    process.stdout.write(`item ${itemId} confirmed as ${kle}; learned model version ${version}\n`);
    return 0;
  });
}

export async function retrainCommand(): Promise<number> {
  return withDatabase(async ({ db }, { tenantId }) => {
    const { versionId, examples } = await retrain(createLearningStore(db, { tenantId }));
    process.stdout.write(`learned model version ${versionId} trained on ${examples} confirmed items\n`);
    return 0;
  });
}
