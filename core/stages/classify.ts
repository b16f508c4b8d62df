// classify: extracted content → KLE candidates with scores and reasons.
import type { Classification, ExtractedContent, Item } from '../model.js';
import type { Clock, KleClassifier } from '../ports.js';
import type { StageResult } from './stage-result.js';

/** How many candidates are stored and shown; the classifier may compute more. */
export const STORED_CANDIDATES = 5;

export function classifyStage(
  item: Item,
  content: ExtractedContent,
  ports: { classify: KleClassifier; clock: Clock },
): { classification: Classification; result: StageResult } {
  const classification = ports.classify(content);
  const candidates = classification.candidates.slice(0, STORED_CANDIDATES);
  return {
    classification,
    result: {
      itemId: item.id,
      state: 'classified',
      patch: { kleNr: classification.nr, kleConfidence: classification.confidence },
      event: {
        stage: 'classify',
        type: 'classified',
        at: ports.clock.now(),
        data: { kle: classification.nr, confidence: classification.confidence, source: classification.source },
      },
      decision: {
        stage: 'classify',
        outcome: {
          nr: classification.nr,
          confidence: classification.confidence,
          source: classification.source,
          candidates,
        },
        reasons: classification.reasons,
      },
    },
  };
}
