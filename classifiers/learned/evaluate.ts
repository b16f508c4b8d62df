// How well the learned model sorts: accuracy on held-out items and k-fold cross-validation. Pure.
import type { ExtractedContent } from '../../core/model.js';
import { featuresOf } from './features.js';
import { createModel, type LearnedModel } from './model.js';
import { predict, trainAll, type LabelledFeatures, type PredictOptions } from './naive-bayes.js';

/** A confirmed item: its content and the emne it belongs to. */
export interface LabelledContent {
  nr: string;
  content: ExtractedContent;
}

export interface EvaluateOptions {
  alpha?: number;
  priorUniformity?: number;
}

export interface CrossValidation {
  k: number;
  /** Share of items whose emne came first when the model had not seen them, 0..1. */
  accuracy: number;
  correct: number;
  total: number;
}

export function labelledFeatures(examples: readonly LabelledContent[]): LabelledFeatures[] {
  return examples.map((example) => ({ nr: example.nr, features: featuresOf(example.content) }));
}

function correctCount(model: LearnedModel, examples: readonly LabelledFeatures[], options: PredictOptions): number {
  return examples.filter((example) => predict(model, example.features, options)[0]?.nr === example.nr).length;
}

/** Share of the items whose emne the model ranks first (0 for no items). */
export function accuracy(model: LearnedModel, examples: readonly LabelledContent[], options: EvaluateOptions = {}): number {
  if (examples.length === 0) return 0;
  return correctCount(model, labelledFeatures(examples), options) / examples.length;
}

/**
 * k-fold cross-validation: each item is predicted by a model trained on the other folds. Folds are
 * stratified and deterministic: the i-th item of each emne (in the order given) goes to fold i mod k.
 */
export function crossValidate(examples: readonly LabelledContent[], k: number, options: EvaluateOptions = {}): CrossValidation {
  if (!Number.isInteger(k) || k < 2 || k > examples.length) {
    throw new RangeError(`k must be a whole number from 2 to the number of examples (${examples.length}), got ${k}`);
  }
  const labelled = labelledFeatures(examples);
  const seen = new Map<string, number>();
  const fold = labelled.map((example) => {
    const index = seen.get(example.nr) ?? 0;
    seen.set(example.nr, index + 1);
    return index % k;
  });
  let correct = 0;
  for (let f = 0; f < k; f += 1) {
    const model = trainAll(createModel({ alpha: options.alpha }), labelled.filter((_, i) => fold[i] !== f));
    correct += correctCount(model, labelled.filter((_, i) => fold[i] === f), options);
  }
  return { k, accuracy: correct / labelled.length, correct, total: labelled.length };
}
