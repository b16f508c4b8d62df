// Out-of-sample evaluation: every fitted part of the classifier — the learned model and the confidence
// calibration — is fitted on training items only and judged on items it never saw. Two ways of holding out:
// k seeded, channel-stratified folds, and leave-gruppe-out (all items of one KLE gruppe NN.NN held out at
// once, which measures post on topics the municipality has not confirmed yet). The calibration of a
// training set is itself fitted out-of-fold (inner folds), because scores of items the learned model was
// trained on are overconfident. Pure: the caller extracts the items and hands over a raw classifier factory.
// With a routing table and the routing-safety gate (`safety`), each split's threshold is chosen by conformal
// risk control from the decisions its training items produce out-of-fold: each training item classified by a
// model fitted without its inner fold, calibrated by a calibration fitted without it, routed and gated
// (routing-figures.ts); the held-out items are then gated at that threshold. As in the classify stage, the
// handlingsfacet is detected beside the emne and travels with the classification to the rules and the gate.
import type { Classification, ExtractedContent, RouteDecision } from '../core/model.js';
import type { KleClassifier } from '../core/ports.js';
import { fitCalibration, type Calibration, type LabelledScore } from './calibration.js';
import { chooseThreshold, type ScoredDecision } from './risk-control.js';
import { REST, routingFiguresBy, scoredDecision, type GateOutcome, type RoutingFigures, type SafetyOptions } from './routing-figures.js';
import { labelledScore } from './cross-validation.js';
import { detectFacet } from './facet.js';
import type { EvalPrediction, GoldLabel } from './evaluation.js';
import { featuresOf } from './learned/features.js';
import { createModel, type LearnedModel } from './learned/model.js';
import { trainAll } from './learned/naive-bayes.js';
import { withTrustThreshold } from './trusted.js';

export interface CorpusItem {
  gold: GoldLabel & { route?: string };
  /** The extracted content; undefined when the item could not be read (it then abstains). */
  content: ExtractedContent | undefined;
}

export interface OutOfSampleOptions {
  /** The classifier before calibration and threshold, with a learned model fitted by this module. */
  rawClassifier(model: LearnedModel | undefined): KleClassifier;
  threshold: number;
  /** Routes a calibrated classification (the corpus's routing table); absent when there is none. */
  route?: (content: ExtractedContent, classification: Classification) => Promise<RouteDecision>;
  /** Called with the files every fitting step sees: lets a test prove no held-out item is among them. */
  onFit?: (step: 'model' | 'calibration' | 'threshold', files: readonly string[]) => void;
  /** Inner folds for fitting the calibration out-of-fold within the training items. */
  innerFolds?: number;
  /** The routing-safety gate and the target its threshold is chosen for; needs `route`. */
  safety?: SafetyOptions;
}

export interface Split {
  name: string;
  heldOut: number[];
}

export interface ScoredPrediction extends EvalPrediction {
  /** Where the routing table sent it ('routed'), or null when parked or there is no routing table. */
  destination: string | null;
  routed: boolean;
  /** With `safety`: the rules' decision through the gate at the split's chosen threshold, and at the fixed ones. */
  gated?: GateOutcome;
  atThreshold?: Record<string, GateOutcome>;
  /** With `safety`: the held-out decision as risk control reads it, for the reliability table. */
  scored?: ScoredDecision;
}

/** A small deterministic string hash (FNV-1a), so folds depend on the seed and the file name only. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** k folds, stratified by channel: within a channel the items are shuffled by the seed and dealt round-robin. */
export function seededFolds(golds: readonly GoldLabel[], k: number, seed: number): Split[] {
  if (!Number.isInteger(k) || k < 2 || k > golds.length) throw new RangeError(`folds must be a whole number from 2 to ${golds.length}, got ${k}`);
  const order = golds
    .map((gold, index) => ({ gold, index, key: hash(`${seed}:${gold.file}`) }))
    .sort((a, b) => a.gold.channel.localeCompare(b.gold.channel) || a.key - b.key || a.gold.file.localeCompare(b.gold.file));
  const splits: Split[] = Array.from({ length: k }, (_, fold) => ({ name: `fold ${fold + 1}`, heldOut: [] }));
  const dealt = new Map<string, number>();
  let offset = 0;
  for (const { gold, index } of order) {
    // Continue the deal across channels, so small channels do not all land in the first folds.
    if (!dealt.has(gold.channel)) dealt.set(gold.channel, offset);
    const i = dealt.get(gold.channel) as number;
    dealt.set(gold.channel, i + 1);
    offset = i + 1;
    (splits[i % k] as Split).heldOut.push(index);
  }
  return splits;
}

export const gruppeOf = (nr: string): string => nr.slice(0, 5);

/** One split per KLE gruppe in the corpus: all its items held out. Items with no emne are never held out. */
export function gruppeSplits(golds: readonly GoldLabel[]): Split[] {
  const byGruppe = new Map<string, number[]>();
  golds.forEach((gold, index) => {
    if (gold.kle === null) return;
    const gruppe = gruppeOf(gold.kle);
    byGruppe.set(gruppe, [...(byGruppe.get(gruppe) ?? []), index]);
  });
  return [...byGruppe.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, heldOut]) => ({ name, heldOut }));
}

function fitModel(training: readonly CorpusItem[], options: OutOfSampleOptions): LearnedModel {
  options.onFit?.('model', training.map((item) => item.gold.file));
  const examples = training.flatMap((item) => (item.gold.kle && item.content ? [{ nr: item.gold.kle, features: featuresOf(item.content) }] : []));
  return trainAll(createModel(), examples);
}

interface InnerFold {
  heldOut: number[];
  /** Raw classification of each held-out training item (undefined: unreadable), by a model fitted without it. */
  raw: Map<number, Classification | undefined>;
  points: LabelledScore[];
}

/** Each training item scored by a model fitted without its inner fold. */
function innerFolds(training: readonly CorpusItem[], options: OutOfSampleOptions): InnerFold[] {
  const k = Math.min(options.innerFolds ?? 5, training.length);
  if (k < 2) return [];
  return seededFolds(training.map((item) => item.gold), k, 1).map((inner) => {
    const held = new Set(inner.heldOut);
    const classify = options.rawClassifier(fitModel(training.filter((_, i) => !held.has(i)), options));
    const raw = new Map<number, Classification | undefined>();
    const points: LabelledScore[] = [];
    for (const index of inner.heldOut) {
      const item = training[index] as CorpusItem;
      const c = item.content ? classify(item.content) : undefined;
      raw.set(index, c);
      const point = labelledScore({ gold: item.gold, raw: c });
      if (point) points.push(point);
    }
    return { heldOut: inner.heldOut, raw, points };
  });
}

function calibrationFrom(folds: readonly InnerFold[], training: readonly CorpusItem[], options: OutOfSampleOptions, name: string): Calibration {
  options.onFit?.('calibration', training.map((item) => item.gold.file));
  return fitCalibration(folds.flatMap((f) => f.points), `${name}: ${training.length} training items, calibrated out-of-fold`);
}

/** The calibration of a training set: each training item scored by a model fitted without its inner fold. */
export function fitCalibrationOutOfFold(training: readonly CorpusItem[], options: OutOfSampleOptions, name: string): Calibration {
  return calibrationFrom(innerFolds(training, options), training, options, name);
}

/**
 * The split's routing threshold, chosen by risk control from its training items' decisions: each item's raw
 * out-of-fold classification, calibrated by a calibration fitted on the other inner folds, routed, gated.
 */
async function chooseSplitThreshold(folds: readonly InnerFold[], training: readonly CorpusItem[], options: OutOfSampleOptions, safety: SafetyOptions, route: NonNullable<OutOfSampleOptions['route']>) {
  const decisions: ScoredDecision[] = [];
  for (const [j, fold] of folds.entries()) {
    const calibration = fitCalibration(folds.flatMap((f, i) => (i === j ? [] : f.points)), `inner fold ${j + 1}`);
    for (const index of fold.heldOut) {
      const item = training[index] as CorpusItem;
      const raw = fold.raw.get(index);
      if (!item.content || !raw) continue;
      const content = item.content;
      const c = withFacet(withTrustThreshold(() => raw, { threshold: options.threshold, calibration })(NO_CONTENT), content);
      const decision = await route(content, c);
      const scored = scoredDecision((t) => safety.gate(content, c, decision, t), item.gold.route ?? REST);
      if (scored) decisions.push(scored);
    }
  }
  options.onFit?.('threshold', training.map((item) => item.gold.file));
  return chooseThreshold(decisions, { target: safety.target, fallback: safety.fallback });
}

function scoredOf(gate: (threshold: number) => GateOutcome, expected: string): { scored?: ScoredDecision } {
  const scored = scoredDecision(gate, expected);
  return scored ? { scored } : {};
}

/** The classification as the classify stage hands it on: with the handlingsfacet the letter asks for. */
function withFacet(c: Classification, content: ExtractedContent | undefined): Classification {
  if (c.facet || !content) return c;
  const { facet } = detectFacet(content);
  return facet ? { ...c, facet } : c;
}

const NO_CLASSIFICATION: Classification = { nr: null, confidence: 0, source: 'none', candidates: [], reasons: [] };
const NO_CONTENT = undefined as never;

/** Every held-out item of every split, predicted by what was fitted on the rest. Items in no split are skipped. */
export async function predictOutOfSample(items: readonly CorpusItem[], splits: readonly Split[], options: OutOfSampleOptions): Promise<ScoredPrediction[]> {
  const predictions: ScoredPrediction[] = [];
  const { safety, route } = options;
  for (const split of splits) {
    const held = new Set(split.heldOut);
    const training = items.filter((_, i) => !held.has(i));
    const folds = innerFolds(training, options);
    const calibration = calibrationFrom(folds, training, options, split.name);
    const choice = safety && route ? await chooseSplitThreshold(folds, training, options, safety, route) : undefined;
    if (choice) safety?.onThreshold?.(split.name, choice);
    const classify = options.rawClassifier(fitModel(training, options));
    for (const index of split.heldOut) {
      const item = items[index] as CorpusItem;
      const raw = item.content ? classify(item.content) : NO_CLASSIFICATION;
      const c = withFacet(withTrustThreshold(() => raw, { threshold: options.threshold, calibration })(NO_CONTENT), item.content);
      const decision = route && item.content ? await route(item.content, c) : undefined;
      const content = item.content;
      const gate = safety && decision && content ? (t: number) => safety.gate(content, c, decision, t) : undefined;
      predictions.push({
        file: item.gold.file,
        channel: item.gold.channel,
        nr: c.nr,
        confidence: c.confidence,
        source: c.source,
        candidates: c.candidates.map((x) => x.nr),
        routed: decision?.status === 'routed',
        destination: decision?.status === 'routed' ? decision.destination : null,
        ...(gate && choice && safety
          ? { gated: gate(choice.threshold), atThreshold: Object.fromEntries(safety.fixedThresholds.map((t) => [String(t), gate(t)])), ...scoredOf(gate, item.gold.route ?? REST) }
          : {}),
      });
    }
  }
  return predictions;
}

export { REST, type RoutingFigures };

/** Routable recall and misroute rate of the rules' decisions (without the routing-safety gate). */
export function routingFigures(golds: readonly CorpusItem['gold'][], predictions: readonly ScoredPrediction[]): RoutingFigures {
  return routingFiguresBy(golds, predictions, (p) => p);
}
