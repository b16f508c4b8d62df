// `fordeler confirm <item-id> <kle>` and `fordeler retrain`: teach the classifier from staff decisions.
import { join } from 'node:path';
import { createKleCatalog } from '../../classifiers/kle-catalog.js';
import { openDatabase } from '../../db/connect.js';
import { createItemStore } from '../../db/item-store.js';
import { createLearningStore, type ConfirmationSource } from '../../db/learning-store.js';
import { loadKleData } from '../../worker/adapters/kle-data.js';
import { loadConfig } from '../../worker/config.js';
import { confirmKle, retrain } from '../../worker/learning.js';

const SOURCES: readonly ConfirmationSource[] = ['manual', 'redistribution', 'accepted_receipt'];

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>, tenantId: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: join(config.dataDir, 'pglite') });
  try {
    return await work(database, config.tenantId);
  } finally {
    await database.close();
  }
}

export async function confirmCommand(itemId: string, kle: string, options: { by?: string; source?: string }): Promise<number> {
  const source = (options.source ?? 'manual') as ConfirmationSource;
  if (!SOURCES.includes(source)) throw new Error(`--source must be one of ${SOURCES.join(', ')}`);
  if (!createKleCatalog(loadKleData()).isCurrentEmne(kle)) throw new Error(`${kle} is not a current KLE emne (NN.NN.NN)`);
  return withDatabase(async ({ db }, tenantId) => {
    const version = await confirmKle({ items: createItemStore(db), store: createLearningStore(db) }, tenantId, {
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
  return withDatabase(async ({ db }, tenantId) => {
    const { versionId, examples } = await retrain(createLearningStore(db), tenantId);
    process.stdout.write(`learned model version ${versionId} trained on ${examples} confirmed items\n`);
    return 0;
  });
}
