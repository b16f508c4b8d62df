// The full classifier: the base classifier (metadata, OS2KLE and everyday terms) joined by what the
// municipality's own confirmed post teaches — the learned model, sender history and the case index.
// `Knowledge` is loaded from the database by the caller; here it is plain data. The base classifier's
// term index is the costly part to build, so `withKnowledge` takes a built one: a caller can build it
// once and give it every new version of what has been learned.
// The learned model's support for an emne is weight × probability × n/(n + k) for its n confirmed items
// (k = LEARNED_PSEUDO_COUNT, fixed a priori: learned/learned-signal.ts says why): its weight below is
// what it may count once it knows an emne well, not what it counts on one or two letters.
import type { KleClassifier } from '../core/ports.js';
import { caseCandidates, type CaseIndex } from './case-signal.js';
import { createKleClassifier, type KleClassifierOptions } from './classify.js';
import { createEnsembleClassifier, type EnsembleSignal } from './ensemble.js';
import { createKleCatalog, type KleCatalog, type KleData } from './kle-catalog.js';
import { createLearnedSignal, LEARNED_PSEUDO_COUNT } from './learned/learned-signal.js';
import type { LearnedModel } from './learned/model.js';
import { senderCandidates, type SenderHistory } from './sender-history.js';

export interface Knowledge {
  model?: LearnedModel;
  senders: SenderHistory;
  cases: CaseIndex;
}

export const NO_KNOWLEDGE: Knowledge = { senders: new Map(), cases: new Map() };

/** Weights: how much each signal alone is trusted (its support is weight × its score × its reliability). */
export const SIGNAL_WEIGHTS = { learned: 0.8, sender: 0.6, case: 0.9 } as const;

export function createKnowledgeClassifier(data: KleData, knowledge: Knowledge = NO_KNOWLEDGE, options: KleClassifierOptions = {}): KleClassifier {
  return withKnowledge(createKleClassifier(data, options), createKleCatalog(data), knowledge);
}

/** The ensemble around a base classifier built from the same KLE data as `catalog`. */
export function withKnowledge(base: KleClassifier, catalog: KleCatalog, knowledge: Knowledge = NO_KNOWLEDGE): KleClassifier {
  const learned = createLearnedSignal(knowledge.model, { title: (nr) => catalog.title(nr), pseudoCount: LEARNED_PSEUDO_COUNT });
  const signals: EnsembleSignal[] = [
    { name: 'learned', weight: SIGNAL_WEIGHTS.learned, signal: learned },
    { name: 'sender', weight: SIGNAL_WEIGHTS.sender, signal: (content) => senderCandidates(knowledge.senders, content) },
    { name: 'case', weight: SIGNAL_WEIGHTS.case, signal: (content) => caseCandidates(knowledge.cases, catalog, content) },
  ];
  return createEnsembleClassifier(base, signals);
}
