// Learning from staff: a confirmed KLE (a re-distribution, a receiver's accepted receipt, `fordeler
// confirm`) is stored with the item's sender keys and case numbers; the learned model is updated with it
// at once (naive Bayes trains incrementally) and stored as a new version; `fordeler retrain` rebuilds the
// model from every confirmation. loadKnowledge() gives the classifier what it needs at start-up.
import { extractEntities } from '../classifiers/entities/index.js';
import type { Knowledge } from '../classifiers/knowledge.js';
import { featuresOf } from '../classifiers/learned/features.js';
import { createModel, deserialize, modelId, prune, serialize, type LearnedModel } from '../classifiers/learned/model.js';
import { train, trainAll } from '../classifiers/learned/naive-bayes.js';
import { senderKeys } from '../classifiers/sender-history.js';
import type { ExtractedContent } from '../core/model.js';
import type { ItemStore } from '../core/ports.js';
import type { ConfirmationSource, LearningStore } from '../db/learning-store.js';

/** Strongest features kept per emne: bounds the model's size in the database and in memory. */
const MAX_FEATURES_PER_CLASS = 4_000;

export async function loadKnowledge(store: LearningStore, tenantId: string): Promise<Knowledge> {
  const [stored, senders, cases] = await Promise.all([store.latestModel(tenantId), store.senderHistory(tenantId), store.caseIndex(tenantId)]);
  return { ...(stored ? { model: deserialize(stored.model) } : {}), senders, cases };
}

export interface ConfirmInput {
  itemId: string;
  kleNr: string;
  source: ConfirmationSource;
  confirmedBy?: string;
}

/** Records a confirmation and adds it to the newest model version. Returns the new model's version id. */
export async function confirmKle(deps: { items: ItemStore; store: LearningStore }, tenantId: string, input: ConfirmInput): Promise<number> {
  const content = await deps.items.getExtracted(input.itemId);
  if (!content) throw new Error(`item ${input.itemId} has no extracted content to learn from`);
  await deps.store.confirm({ ...input, ...evidenceOf(content) });
  const latest = await deps.store.latestModel(tenantId);
  const base = latest ? deserialize(latest.model) : createModel();
  return save(deps.store, tenantId, train(base, { nr: input.kleNr, features: featuresOf(content) }));
}

/** Rebuilds the model from every confirmation of the tenant (after a bulk import, or to start clean). */
export async function retrain(store: LearningStore, tenantId: string): Promise<{ versionId: number; examples: number }> {
  const examples = await store.trainingExamples(tenantId);
  const model = trainAll(createModel(), examples.map((e) => ({ nr: e.kleNr, features: featuresOf(e.content) })));
  return { versionId: await save(store, tenantId, model), examples: examples.length };
}

/** Sender keys and quoted case numbers: what later post from the same sender or on the same case shares. */
export function evidenceOf(content: ExtractedContent): { senderKeys: string[]; caseNumbers: string[] } {
  return { senderKeys: senderKeys(content.sender), caseNumbers: [...new Set(extractEntities(content).caseNumbers.map((c) => c.value))] };
}

async function save(store: LearningStore, tenantId: string, model: LearnedModel): Promise<number> {
  const pruned = prune(model, { maxFeaturesPerClass: MAX_FEATURES_PER_CLASS });
  return store.saveModel(tenantId, { examples: pruned.examples, checksum: modelId(pruned), serialized: serialize(pruned) });
}
