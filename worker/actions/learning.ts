// Learning from staff: a confirmed KLE (a re-distribution, a receiver's accepted receipt, `fordeler
// confirm`) is stored with the item's sender keys and case numbers; the learned model is updated with it
// at once (naive Bayes trains incrementally) and stored as a new version; `fordeler retrain` rebuilds the
// model from every confirmation. loadKnowledge() gives the classifier what it needs at start-up.
// The stores are bound to one tenant; confirming refuses an item the tenant does not have, before writing.
import { extractEntities } from '../../classifiers/entities/index.js';
import type { Knowledge } from '../../classifiers/knowledge.js';
import { featuresOf } from '../../classifiers/learned/features.js';
import { createModel, deserialize, modelId, prune, serialize, type LearnedModel } from '../../classifiers/learned/model.js';
import { train, trainAll } from '../../classifiers/learned/naive-bayes.js';
import { senderKeys } from '../../classifiers/sender-history.js';
import type { ExtractedContent } from '../../core/model.js';
import type { ItemStore } from '../../core/ports.js';
import type { ConfirmationSource, LearningStore } from '../../db/learning-store.js';
import { ItemNotFoundError } from '../../db/item-store.js';

/** Strongest features kept per emne: bounds the model's size in the database and in memory. */
const MAX_FEATURES_PER_CLASS = 4_000;

export async function loadKnowledge(store: LearningStore): Promise<Knowledge> {
  const [stored, senders, cases] = await Promise.all([store.latestModel(), store.senderHistory(), store.caseIndex()]);
  return { ...(stored ? { model: deserialize(stored.model) } : {}), senders, cases };
}

export interface ConfirmInput {
  itemId: string;
  kleNr: string;
  source: ConfirmationSource;
  confirmedBy?: string;
}

/** Records a confirmation and adds it to the newest model version. Returns the new model's version id. */
export async function confirmKle(deps: { items: ItemStore; store: LearningStore }, input: ConfirmInput): Promise<number> {
  if (deps.items.tenantId !== deps.store.tenantId) throw new Error(`the item store (${deps.items.tenantId}) and the learning store (${deps.store.tenantId}) belong to different tenants`);
  // Another tenant's item is not found: nothing is confirmed and no model version is written.
  if (!(await deps.items.getItem(input.itemId))) throw new ItemNotFoundError(input.itemId);
  const content = await deps.items.getExtracted(input.itemId);
  if (!content) throw new Error(`item ${input.itemId} has no extracted content to learn from`);
  await deps.store.confirm({ ...input, ...evidenceOf(content) });
  const latest = await deps.store.latestModel();
  const base = latest ? deserialize(latest.model) : createModel();
  return save(deps.store, train(base, { nr: input.kleNr, features: featuresOf(content) }));
}

/** Rebuilds the model from every confirmation of the tenant (after a bulk import, or to start clean). */
export async function retrain(store: LearningStore): Promise<{ versionId: number; examples: number }> {
  const examples = await store.trainingExamples();
  const model = trainAll(createModel(), examples.map((e) => ({ nr: e.kleNr, features: featuresOf(e.content) })));
  return { versionId: await save(store, model), examples: examples.length };
}

/** Sender keys and quoted case numbers: what later post from the same sender or on the same case shares. */
export function evidenceOf(content: ExtractedContent): { senderKeys: string[]; caseNumbers: string[] } {
  return { senderKeys: senderKeys(content.sender), caseNumbers: [...new Set(extractEntities(content).caseNumbers.map((c) => c.value))] };
}

async function save(store: LearningStore, model: LearnedModel): Promise<number> {
  const pruned = prune(model, { maxFeaturesPerClass: MAX_FEATURES_PER_CLASS });
  return store.saveModel({ examples: pruned.examples, checksum: modelId(pruned), serialized: serialize(pruned) });
}
