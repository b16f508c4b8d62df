// The learned model as a classifier signal: KLE candidates with reasons, in the shape the other
// classifiers give, or none (and why) while the model has learned too little.
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
  /** The emne title for a candidate, e.g. from the KLE catalogue. */
  title?: (nr: string) => string | undefined;
}

export interface LearnedSignalResult {
  candidates: KleCandidate[];
  reasons: Reason[];
}

export type LearnedSignal = (content: ExtractedContent) => LearnedSignalResult;

const DEFAULTS = { minExamples: 20, minClassDocs: 2, maxCandidates: 5, minProbability: 0.01, priorUniformity: 0.5, reasonFeatures: 5 };

const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** How a feature is shown: a stem, two stems, or a piece of a word ("…plad…"); never more of the text. */
function shown(kind: FeatureKind, text: string): string {
  return kind === 'chars' ? `…${text}…` : text;
}

function featureReason(nr: string, probability: number, docs: number, evidence: readonly FeatureEvidence[]): Reason {
  const features = evidence.map((entry) => ({ ...describeFeature(entry.feature), weight: round(entry.weight) }));
  const names = features.map((feature) => shown(feature.kind, feature.text));
  return {
    code: 'classify.learned_features',
    message: `learned from ${docs} confirmed items of ${nr}: ${names.length ? names.join(', ') : 'no distinctive feature'}`,
    data: { nr, probability: round(probability), classDocs: docs, features },
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
    return () => ({ candidates: [], reasons: [reason] });
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
      };
    }
    const candidates: KleCandidate[] = predict(trained, features, { priorUniformity: settings.priorUniformity })
      .filter((p) => docsOf.has(p.nr) && p.probability >= settings.minProbability)
      .slice(0, settings.maxCandidates)
      .map((p) => {
        const title = settings.title?.(p.nr);
        const evidence = explain(trained, features, p.nr, settings.reasonFeatures);
        const reason = featureReason(p.nr, p.probability, docsOf.get(p.nr) ?? 0, evidence);
        return { nr: p.nr, ...(title !== undefined ? { title } : {}), score: round(p.probability), reasons: [reason] };
      });
    const top = candidates[0];
    const reasons: Reason[] = [
      {
        code: 'classify.learned',
        message: top
          ? `the model learned from ${examples} confirmed items points at ${top.nr} (probability ${top.score})`
          : `the model learned from ${examples} confirmed items sees no likely emne`,
        data: { modelId: id, examples, classes: docsOf.size, features: features.size, knownFeatures: known, ...(top ? { nr: top.nr, probability: top.score } : {}) },
      },
    ];
    return { candidates, reasons };
  };
}
