// `fordeler confirm <item-id> <kle>`, `fordeler retrain` and `fordeler learn import <file>`: teach the
// classifier from staff decisions and from the municipality's ESDH history. All work on FORDELER_TENANT
// only: confirming another tenant's item is "not found" and writes nothing; imports are the tenant's own.
import { dirname } from 'node:path';
import { createKleCatalog } from '../../classifiers/kle-catalog.js';
import { createImportedExamplesStore } from '../../db/imported-examples-store.js';
import { createLearningStore, type ConfirmationSource } from '../../db/learning-store.js';
import { loadKleData } from '../../worker/adapters/kle-data.js';
import { formatImportReport, importExport } from '../../worker/actions/learn-import.js';
import { openFileExtractor } from '../../worker/actions/learn-import-files.js';
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
    const { versionId, confirmed, imported } = await retrain(createLearningStore(db, { tenantId }), createImportedExamplesStore(db, { tenantId }));
    process.stdout.write(`learned model version ${versionId} trained on ${confirmed} confirmed items and ${imported} imported examples\n`);
    return 0;
  });
}

/** Exit 0 when every row was imported or already there, 1 when some were rejected (the good ones are kept). */
export async function learnImportCommand(file: string, options: { format?: string; dryRun?: boolean; json?: boolean }): Promise<number> {
  const catalog = createKleCatalog(loadKleData());
  return withDatabase(async ({ db }, config) => {
    const scope = { tenantId: config.tenantId };
    const extractor = await openFileExtractor({ folder: dirname(file), ocrWorkers: config.ocrWorkers, timeoutMs: config.itemTimeoutMs });
    try {
      const report = await importExport(
        file,
        { imported: createImportedExamplesStore(db, scope), learning: createLearningStore(db, scope), isCurrentEmne: (nr) => catalog.isCurrentEmne(nr), extract: (path) => extractor.extract(path) },
        { ...(options.format !== undefined ? { format: options.format } : {}), dryRun: options.dryRun === true },
      );
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatImportReport(report)}\n`);
      return report.rejected.length > 0 ? 1 : 0;
    } finally {
      await extractor.close();
    }
  });
}
