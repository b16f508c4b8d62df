// Multinomial naive Bayes over feature values, with Lidstone smoothing. Training adds one confirmed item
// at a time; because feature values are multiples of 1/1024, the sums are exact and one-by-one training
// gives the very same model as training on all items at once, in any order.
import { emptyRecord, isEmne, quantise, type ClassStats, type LearnedModel } from './model.js';

export type Features = ReadonlyMap<string, number>;

/** A confirmed item: its features and the KLE emne staff or the receiving system confirmed. */
export interface LabelledFeatures {
  nr: string;
  features: Features;
}

export interface PredictOptions {
  /**
   * How far the emne prior is pulled toward uniform, 0..1: 0 is the share of training items, 1 treats
   * every emne alike. The default (0.5) keeps one frequent emne from outvoting the words of the item.
   */
  priorUniformity?: number;
  /** Explain the top this many emner (FeatureEvidence); default 0. */
  explainTop?: number;
  /** Features per explanation; default 5. */
  explainFeatures?: number;
}

/** One feature's part in choosing an emne: its value times its log-likelihood ratio against the other emner. */
export interface FeatureEvidence {
  feature: string;
  weight: number;
}

export interface Prediction {
  nr: string;
  probability: number;
  logPosterior: number;
  /** For the top `explainTop` emner: the features that spoke most for it. */
  evidence?: FeatureEvidence[];
}

export const DEFAULT_PRIOR_UNIFORMITY = 0.5;
const DEFAULT_EXPLAIN_FEATURES = 5;

/** Per model: its vocabulary and its compiled form, kept while only train changes it. */
const vocabularies = new WeakMap<LearnedModel, Set<string>>();
const compiled = new WeakMap<LearnedModel, Compiled>();

function vocabularyOf(model: LearnedModel): Set<string> {
  let vocabulary = vocabularies.get(model);
  if (!vocabulary) {
    vocabulary = new Set();
    for (const stats of Object.values(model.classes)) for (const key of Object.keys(stats.counts)) vocabulary.add(key);
    vocabularies.set(model, vocabulary);
  }
  return vocabulary;
}

/**
 * Adds one confirmed item to the model, in place (the model is plain data; copy it first to keep the
 * old one, and change it only through train). Values are rounded to the model's count resolution; zero
 * values are ignored.
 */
export function train(model: LearnedModel, example: LabelledFeatures): LearnedModel {
  if (!isEmne(example.nr)) throw new RangeError(`a learned class must be a KLE emne (NN.NN.NN), got ${JSON.stringify(example.nr)}`);
  const values: [string, number][] = [];
  for (const [key, raw] of example.features) {
    if (!(raw >= 0 && Number.isFinite(raw))) throw new RangeError(`feature ${JSON.stringify(key)} has value ${raw}; values must be finite and ≥ 0`);
    const value = quantise(raw);
    if (value > 0) values.push([key, value]);
  }
  compiled.delete(model);
  const vocabulary = vocabularyOf(model);
  let stats: ClassStats | undefined = model.classes[example.nr];
  if (!stats) model.classes[example.nr] = stats = { docs: 0, totalCount: 0, counts: emptyRecord() };
  for (const [key, value] of values) {
    vocabulary.add(key);
    stats.counts[key] = (stats.counts[key] ?? 0) + value;
    stats.totalCount += value;
  }
  // The distinct features seen; after pruning, features seen again first refill the size the model had.
  model.vocabularySize = Math.max(model.vocabularySize, vocabulary.size);
  stats.docs += 1;
  model.examples += 1;
  return model;
}

/** Adds many confirmed items; the same as calling train for each. */
export function trainAll(model: LearnedModel, examples: Iterable<LabelledFeatures>): LearnedModel {
  for (const example of examples) train(model, example);
  return model;
}

/** Which emner have seen a feature, and how much more likely it is there than unseen: log(count + α) − log α. */
interface Posting {
  classes: number[];
  gains: number[];
}

/** The model arranged for prediction: cost per item grows with the postings of its features, not with emner × features. */
interface Compiled {
  nrs: string[];
  docs: number[];
  /** log(totalCount + α·V) per emne, and their sum. */
  logDenominators: number[];
  sumLogDenominators: number;
  logAlpha: number;
  postings: Map<string, Posting>;
}

function compile(model: LearnedModel): Compiled {
  let result = compiled.get(model);
  if (result) return result;
  const nrs = Object.keys(model.classes).sort();
  const stats = nrs.map((nr) => model.classes[nr] as ClassStats);
  const vocabulary = Math.max(1, model.vocabularySize);
  const logDenominators = stats.map((s) => Math.log(s.totalCount + model.alpha * vocabulary));
  const logAlpha = Math.log(model.alpha);
  const postings = new Map<string, Posting>();
  stats.forEach((s, index) => {
    for (const [key, count] of Object.entries(s.counts)) {
      let posting = postings.get(key);
      if (!posting) postings.set(key, (posting = { classes: [], gains: [] }));
      posting.classes.push(index);
      posting.gains.push(Math.log(count + model.alpha) - logAlpha);
    }
  });
  const sumLogDenominators = logDenominators.reduce((sum, value) => sum + value, 0);
  result = { nrs, docs: stats.map((s) => s.docs), logDenominators, sumLogDenominators, logAlpha, postings };
  compiled.set(model, result);
  return result;
}

/** The item's features that some emne has seen (the others say nothing and are skipped). */
function knownFeatures(model: Compiled, features: Features): [string, number, Posting][] {
  const known: [string, number, Posting][] = [];
  for (const [key, value] of features) {
    const posting = model.postings.get(key);
    if (posting && value > 0) known.push([key, value, posting]);
  }
  return known;
}

function explainClass(model: Compiled, known: readonly [string, number, Posting][], index: number, limit: number): FeatureEvidence[] {
  const others = model.nrs.length - 1;
  const ownDenominator = model.logDenominators[index] as number;
  const otherDenominators = model.sumLogDenominators - ownDenominator;
  const evidence: FeatureEvidence[] = [];
  for (const [key, value, posting] of known) {
    const at = posting.classes.indexOf(index);
    const ownGain = at < 0 ? 0 : (posting.gains[at] as number);
    const own = model.logAlpha + ownGain - ownDenominator;
    const allGains = posting.gains.reduce((sum, gain) => sum + gain, 0);
    // With one emne only, compare with a feature spread evenly over the vocabulary.
    const othersMean = others > 0 ? (others * model.logAlpha + (allGains - ownGain) - otherDenominators) / others : model.logAlpha - ownDenominator;
    const ratio = own - othersMean;
    if (ratio > 0) evidence.push({ feature: key, weight: value * ratio });
  }
  evidence.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  return evidence.slice(0, limit);
}

/**
 * Every emne of the model with its posterior probability (softmax over log-posteriors, shifted by the
 * largest so nothing overflows), best first; ties by emne number. Empty for a model without emner.
 */
export function predict(model: LearnedModel, features: Features, options: PredictOptions = {}): Prediction[] {
  const lambda = options.priorUniformity ?? DEFAULT_PRIOR_UNIFORMITY;
  if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`priorUniformity must be within 0..1, got ${lambda}`);
  const m = compile(model);
  const k = m.nrs.length;
  if (k === 0) return [];
  const known = knownFeatures(m, features);
  // log P(f|c) = log α + gain(f, c) − log denominator(c), with gain 0 where c has not seen f.
  const gains = new Array<number>(k).fill(0);
  let mass = 0;
  for (const [, value, posting] of known) {
    mass += value;
    for (let i = 0; i < posting.classes.length; i += 1) {
      const index = posting.classes[i] as number;
      gains[index] = (gains[index] as number) + value * (posting.gains[i] as number);
    }
  }
  const documents = Math.max(1, m.docs.reduce((sum, docs) => sum + docs, 0));
  const logPosteriors = m.nrs.map((_, i) => {
    const prior = (1 - lambda) * ((m.docs[i] as number) / documents) + lambda / k;
    return Math.log(prior) + mass * (m.logAlpha - (m.logDenominators[i] as number)) + (gains[i] as number);
  });
  const max = Math.max(...logPosteriors);
  const exps = logPosteriors.map((value) => Math.exp(value - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  const order = m.nrs
    .map((nr, index) => ({ nr, index }))
    .sort((a, b) => (logPosteriors[b.index] as number) - (logPosteriors[a.index] as number) || (a.nr < b.nr ? -1 : 1));
  const explainTop = options.explainTop ?? 0;
  const limit = options.explainFeatures ?? DEFAULT_EXPLAIN_FEATURES;
  return order.map(({ nr, index }, rank) => ({
    nr,
    probability: (exps[index] as number) / total,
    logPosterior: logPosteriors[index] as number,
    ...(rank < explainTop ? { evidence: explainClass(m, known, index, limit) } : {}),
  }));
}

/** How many of the item's features the model has seen (0: it can only repeat its prior). */
export function knownFeatureCount(model: LearnedModel, features: Features): number {
  return knownFeatures(compile(model), features).length;
}

/** The features that spoke most for `nr` in this item (top `limit` by log-likelihood ratio against the other emner's average). */
export function explain(model: LearnedModel, features: Features, nr: string, limit = DEFAULT_EXPLAIN_FEATURES): FeatureEvidence[] {
  const m = compile(model);
  const index = m.nrs.indexOf(nr);
  return index < 0 ? [] : explainClass(m, knownFeatures(m, features), index, limit);
}
