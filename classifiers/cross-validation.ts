// Cross-validated classification figures on a labelled corpus. The shipped calibration was fitted on the dev
// corpus, so scoring the dev corpus with it grades the curve on the items it was fitted to. Here every item
// is judged by a calibration fitted on the other folds only: k stratified, deterministic folds (within each
// channel, the i-th item in file order goes to fold i mod k). Pure: the caller classifies the items raw
// (before calibration and threshold) once; this module fits, predicts and hands the result to evaluate().
import type { Classification } from '../core/model.js';
import { fitCalibration, type Calibration, type LabelledScore } from './calibration.js';
import type { EvalPrediction, GoldLabel } from './evaluation.js';
import { withTrustThreshold } from './trusted.js';

export interface RawScoredItem {
  gold: GoldLabel;
  /** The raw classification; undefined when the item could not be read (it then abstains). */
  raw: Classification | undefined;
}

const NO_CLASSIFICATION: Classification = { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] };
// The threshold wrapper does not look at the content when it is given a fixed classification.
const NO_CONTENT = undefined as never;

/** Fold index per item: stratified by channel, in file order, so every fold has each channel's mix. */
export function assignFolds(golds: readonly GoldLabel[], k: number): number[] {
  if (!Number.isInteger(k) || k < 2 || k > golds.length) {
    throw new RangeError(`folds must be a whole number from 2 to the number of items (${golds.length}), got ${k}`);
  }
  const order = golds.map((gold, index) => ({ gold, index })).sort((a, b) => a.gold.channel.localeCompare(b.gold.channel) || a.gold.file.localeCompare(b.gold.file));
  const seen = new Map<string, number>();
  const folds = new Array<number>(golds.length).fill(0);
  for (const { gold, index } of order) {
    const i = seen.get(gold.channel) ?? 0;
    seen.set(gold.channel, i + 1);
    folds[index] = i % k;
  }
  return folds;
}

/** What calibration learns from an item: its source, raw score and whether the guess was acceptable. */
export function labelledScore(item: RawScoredItem): LabelledScore | undefined {
  const c = item.raw;
  if (!c || c.nr === null) return undefined;
  const accepted = item.gold.kle ? [item.gold.kle, ...(item.gold.kle_ok ?? [])] : [];
  return { source: c.source, raw: c.confidence, correct: accepted.includes(c.nr) };
}

export interface CrossValidatedCalibration {
  k: number;
  folds: number[];
  /** The calibration each item is judged by: fitted without that item's fold. */
  calibrationOf: Calibration[];
}

export function crossValidateCalibration(items: readonly RawScoredItem[], k: number, name: string): CrossValidatedCalibration {
  const folds = assignFolds(
    items.map((item) => item.gold),
    k,
  );
  const perFold = Array.from({ length: k }, (_, fold) => {
    const training = items.flatMap((item, index) => (folds[index] === fold ? [] : [labelledScore(item)].filter((p): p is LabelledScore => p !== undefined)));
    return fitCalibration(training, `${name}: fold ${fold + 1} of ${k} held out, fitted on ${training.length} items`);
  });
  return { k, folds, calibrationOf: folds.map((fold) => perFold[fold] as Calibration) };
}

/** Each item's prediction at `threshold`, calibrated by the curve fitted without it. */
export function crossValidatedPredictions(items: readonly RawScoredItem[], cv: CrossValidatedCalibration, threshold: number): EvalPrediction[] {
  return items.map((item, index) => {
    const calibration = cv.calibrationOf[index];
    const c = withTrustThreshold(() => item.raw ?? NO_CLASSIFICATION, { threshold, ...(calibration ? { calibration } : {}) })(NO_CONTENT);
    return { file: item.gold.file, channel: item.gold.channel, nr: c.nr, confidence: c.confidence, source: c.source, candidates: c.candidates.map((x) => x.nr) };
  });
}
