// Learning from staff: a confirmed KLE (a re-distribution, a receiver's accepted receipt, `fordeler
// confirm`) is stored with the item's sender keys and case numbers; the learned model is updated with it
// at once (naive Bayes trains incrementally) and stored as a new version; `fordeler retrain` rebuilds the
// model from every confirmation and every example imported from the ESDH history (`fordeler learn
// import`). loadKnowledge() gives the classifier what it needs at start-up; the sender history counts
// imported examples too.
// The stores are bound to one tenant; confirming refuses an item the tenant does not have, before writing.
import { extractEntities } from '../../classifiers/entities/index.js';
import type { Knowledge } from '../../classifiers/knowledge.js';
import { featuresOf } from '../../classifiers/learned/features.js';
import { createModel, deserialize, modelId, prune, serialize, type LearnedModel } from '../../classifiers/learned/model.js';
import { train, trainAll } from '../../classifiers/learned/naive-bayes.js';
import { senderKeys } from '../../classifiers/sender-history.js';
import type { ExtractedContent } from '../../core/model.js';
import type { ItemStore } from '../../core/ports.js';
import type { ImportedExamplesStore } from '../../db/imported-examples-store.js';
import type { ConfirmationSource, LearningStore } from '../../db/learning-store.js';
import { ItemNotFoundError } from '../../db/item-store.js';

/** Strongest features kept per emne: bounds the model's size in the database and in memory. */
const MAX_FEATURES_PER_CLASS = 4_000;

/** What the classifier knows: the newest model, the sender history (confirmations and imports) and the case index. */
export async function loadKnowledge(store: LearningStore, imported?: ImportedExamplesStore): Promise<Knowledge> {
  sameTenant(store, imported);
  const [stored, confirmed, importedSenders, cases] = await Promise.all([store.latestModel(), store.senderHistory(), imported?.senderHistory(), store.caseIndex()]);
  const senders = importedSenders ? mergeCounts(confirmed, importedSenders) : confirmed;
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

/**
 * Rebuilds the model from every confirmation of the tenant and, when given, every imported example (after
 * a bulk import, or to start clean). Imports are the older history, so they are trained first.
 */
export async function retrain(store: LearningStore, imported?: ImportedExamplesStore): Promise<{ versionId: number; examples: number; confirmed: number; imported: number }> {
  sameTenant(store, imported);
  const [confirmed, history] = await Promise.all([store.trainingExamples(), imported ? imported.trainingExamples() : []]);
  const model = trainAll(createModel(), [
    ...history.map((e) => ({ nr: e.kleNr, features: e.features })),
    ...confirmed.map((e) => ({ nr: e.kleNr, features: featuresOf(e.content) })),
  ]);
  return { versionId: await save(store, model), examples: confirmed.length + history.length, confirmed: confirmed.length, imported: history.length };
}

/** Sender key → emne → count, added up from two histories. */
export function mergeCounts(a: ReadonlyMap<string, ReadonlyMap<string, number>>, b: ReadonlyMap<string, ReadonlyMap<string, number>>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const source of [a, b]) {
    for (const [key, counts] of source) {
      const inner = out.get(key) ?? new Map<string, number>();
      for (const [kle, n] of counts) inner.set(kle, (inner.get(kle) ?? 0) + n);
      out.set(key, inner);
    }
  }
  return out;
}

function sameTenant(store: LearningStore, imported: ImportedExamplesStore | undefined): void {
  if (imported && imported.tenantId !== store.tenantId) throw new Error(`the learning store (${store.tenantId}) and the imported examples (${imported.tenantId}) belong to different tenants`);
}

/** Sender keys and quoted case numbers: what later post from the same sender or on the same case shares. */
export function evidenceOf(content: ExtractedContent): { senderKeys: string[]; caseNumbers: string[] } {
  return { senderKeys: senderKeys(content.sender), caseNumbers: [...new Set(extractEntities(content).caseNumbers.map((c) => c.value))] };
}

async function save(store: LearningStore, model: LearnedModel): Promise<number> {
  const pruned = prune(model, { maxFeaturesPerClass: MAX_FEATURES_PER_CLASS });
  return store.saveModel({ examples: pruned.examples, checksum: modelId(pruned), serialized: serialize(pruned) });
}
