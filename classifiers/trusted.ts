// The operating point: a classification is trusted (auto-classified, so KLE rules may route it) only
// when its calibrated confidence reaches the threshold. Below it the item keeps its ranked candidates —
// the top three become the suggestions on the parked item — and a reason that says why.
import type { Classification, ExtractedContent } from '../core/model.js';
import type { KleClassifier } from '../core/ports.js';
import { calibrate, type Calibration } from './calibration.js';

/** Calibrated: at ≥ 0.8 an auto-classified item was right ≥ 97 % of the time on the dev corpus (`fordeler eval`). */
export const DEFAULT_THRESHOLD = 0.8;

export interface TrustOptions {
  threshold?: number;
  calibration?: Calibration;
}

export function withTrustThreshold(classify: KleClassifier, options: TrustOptions = {}): KleClassifier {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  return (content: ExtractedContent): Classification => {
    const raw = classify(content);
    if (raw.nr === null) return raw;
    const confidence = calibrate(options.calibration, raw.source, raw.confidence);
    if (confidence >= threshold) return { ...raw, confidence };
    return {
      ...raw,
      nr: null,
      confidence,
      reasons: [
        ...raw.reasons,
        {
          code: 'classify.below_threshold',
          message: `${raw.nr} has confidence ${confidence.toFixed(2)}, below the threshold ${threshold}: parked for a person, with suggestions`,
          data: { nr: raw.nr, confidence, rawConfidence: raw.confidence, threshold },
        },
      ],
    };
  };
}
