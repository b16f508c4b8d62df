// The learned model as a classifier signal: KLE candidates with reasons, in the shape the other
// classifiers give, or none (and why) while the model has learned too little.
//
// How much a candidate may count grows with what the model has learned of that emne. Naive Bayes trained on
// one to three letters of an emne gives probabilities near 1 for any letter that shares a few words with
// them: the probability says which emne fits best, not how much the model knows. So each candidate carries a
// reliability n / (n + k), where n is the emne's confirmed items and k a pseudo-count fixed a priori (not
// fitted to any corpus): the model's word statistics for an emne are taken to be worth as much as the general
// vocabulary (KLE titles, OS2KLE terms) once it has seen k = 10 letters of it — a letter or two shows some of
// an emne's words, ten show most of the everyday ways of writing about it. The ensemble multiplies its
// support by this (weight × probability × n/(n+k)): with 2 items a candidate counts 17 % and only breaks
// ties between term candidates; with 10 it counts half; with 40, 80 % and it leads. The shrinkage is the
// standard one of a mean estimated from n observations towards a prior worth k observations.
import type { ExtractedContent, KleCandidate, Reason } from '../../core/model.js';
import { describeFeature, featuresOf, type FeatureKind } from './features.js';
import { modelId, type LearnedModel } from './model.js';
import { explain, knownFeatureCount, predict, type FeatureEvidence } from './naive-bayes.js';

export interface LearnedSignalOptions {
  /** Below this many confirmed items in all, the model abstains. */
  minExamples?: number;
  /** An emne with fewer confirmed items than this is never a candidate (it still takes its share of probability). */
  minClassDocs?: number;
  maxCandidates?: number;
  /** Candidates less likely than this are left out. */
  minProbability?: number;
  /** See PredictOptions.priorUniformity. */
  priorUniformity?: number;
  /** Features named per candidate. */
  reasonFeatures?: number;
  /** The a-priori pseudo-count k of the reliability n / (n + k) (see the opening comment); 0 trusts every emne fully. */
  pseudoCount?: number;
  /** The emne title for a candidate, e.g. from the KLE catalogue. */
  title?: (nr: string) => string | undefined;
}

export interface LearnedSignalResult {
  candidates: KleCandidate[];
  reasons: Reason[];
  /** Per candidate emne: how much its score may count, n / (n + k) for its n confirmed items. */
  reliability: Record<string, number>;
}

/** k of the reliability n / (n + k): a priori, see the opening comment. */
export const LEARNED_PSEUDO_COUNT = 10;

/** How much the model's word for an emne with `docs` confirmed items counts (0–1). */
export const reliabilityOf = (docs: number, pseudoCount: number): number => (docs + pseudoCount > 0 ? docs / (docs + pseudoCount) : 0);

export type LearnedSignal = (content: ExtractedContent) => LearnedSignalResult;

const DEFAULTS = { minExamples: 20, minClassDocs: 2, maxCandidates: 5, minProbability: 0.01, priorUniformity: 0.5, reasonFeatures: 5, pseudoCount: LEARNED_PSEUDO_COUNT };

const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** How a feature is shown: a stem, two stems, or a piece of a word ("…plad…"); never more of the text. */
function shown(kind: FeatureKind, text: string): string {
  return kind === 'chars' ? `…${text}…` : text;
}

function featureReason(nr: string, probability: number, docs: number, reliability: number, evidence: readonly FeatureEvidence[]): Reason {
  const features = evidence.map((entry) => ({ ...describeFeature(entry.feature), weight: round(entry.weight) }));
  const names = features.map((feature) => shown(feature.kind, feature.text));
  return {
    code: 'classify.learned_features',
    message: `learned from ${docs} confirmed items of ${nr} (counts ${Math.round(100 * reliability)} %): ${names.length ? names.join(', ') : 'no distinctive feature'}`,
    data: { nr, probability: round(probability), classDocs: docs, reliability: round(reliability), features },
  };
}

/**
 * A signal from a model trained on confirmed decisions. The model must not change after this call (the
 * reasons name its id); make a new signal for a newly trained model.
 */
export function createLearnedSignal(model: LearnedModel | undefined, options: LearnedSignalOptions = {}): LearnedSignal {
  const settings = { ...DEFAULTS, ...options };
  const eligible = model ? Object.entries(model.classes).filter(([, stats]) => stats.docs >= settings.minClassDocs) : [];
  const examples = model?.examples ?? 0;
  if (!model || examples < settings.minExamples || eligible.length < 2) {
    const reason: Reason = {
      code: 'classify.learned_untrained',
      message: `the learned model has too few confirmed items to suggest an emne (${examples} items, ${eligible.length} emner with ${settings.minClassDocs} or more; needs ${settings.minExamples} items and 2 emner)`,
      data: { examples, minExamples: settings.minExamples, eligibleClasses: eligible.length, minClassDocs: settings.minClassDocs },
    };
    return () => ({ candidates: [], reasons: [reason], reliability: {} });
  }
  const trained = model;
  const id = modelId(trained);
  const docsOf = new Map(eligible.map(([nr, stats]) => [nr, stats.docs]));

  return (content) => {
    const features = featuresOf(content);
    const known = knownFeatureCount(trained, features);
    if (known === 0) {
      return {
        candidates: [],
        reasons: [{ code: 'classify.learned_no_features', message: 'no word of the item is known to the learned model', data: { modelId: id, features: features.size } }],
        reliability: {},
      };
    }
    const candidates: KleCandidate[] = predict(trained, features, { priorUniformity: settings.priorUniformity })
      .filter((p) => docsOf.has(p.nr) && p.probability >= settings.minProbability)
      .slice(0, settings.maxCandidates)
      .map((p) => {
        const title = settings.title?.(p.nr);
        const evidence = explain(trained, features, p.nr, settings.reasonFeatures);
        const docs = docsOf.get(p.nr) ?? 0;
        const reason = featureReason(p.nr, p.probability, docs, reliabilityOf(docs, settings.pseudoCount), evidence);
        return { nr: p.nr, ...(title !== undefined ? { title } : {}), score: round(p.probability), reasons: [reason] };
      });
    const reliability = Object.fromEntries(candidates.map((c) => [c.nr, round(reliabilityOf(docsOf.get(c.nr) ?? 0, settings.pseudoCount))]));
    const top = candidates[0];
    const reasons: Reason[] = [
      {
        code: 'classify.learned',
        message: top
          ? `the model learned from ${examples} confirmed items points at ${top.nr} (probability ${top.score}, counts ${Math.round(100 * (reliability[top.nr] ?? 0))} % for ${docsOf.get(top.nr) ?? 0} items of it)`
          : `the model learned from ${examples} confirmed items sees no likely emne`,
        data: { modelId: id, examples, classes: docsOf.size, features: features.size, knownFeatures: known, ...(top ? { nr: top.nr, probability: top.score, reliability: reliability[top.nr] } : {}), pseudoCount: settings.pseudoCount },
      },
    ];
    return { candidates, reasons, reliability };
  };
}
