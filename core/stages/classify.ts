// classify: extracted content → KLE candidates with scores and reasons.
import { extractEntities, maskEntitiesForDisplay } from '../../classifiers/entities/index.js';
import { detectSensitiveTopics } from '../../classifiers/sensitive.js';
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
  // The best guess also when parked: a letter that is probably about a child's welfare is handled with care.
  const sensitive = detectSensitiveTopics(content, classification.nr ?? candidates[0]?.nr ?? null);
  // Stored for enrichment and the UI with CPR serials masked; the handover reads the full text itself.
  const entities = maskEntitiesForDisplay(extractEntities(content));
  return {
    classification,
    result: {
      itemId: item.id,
      state: 'classified',
      patch: { kleNr: classification.nr, kleConfidence: classification.confidence, sensitive: sensitive.flags },
      event: {
        stage: 'classify',
        type: 'classified',
        at: ports.clock.now(),
        data: { kle: classification.nr, confidence: classification.confidence, source: classification.source, sensitive: sensitive.flags },
      },
      decision: {
        stage: 'classify',
        outcome: {
          nr: classification.nr,
          confidence: classification.confidence,
          source: classification.source,
          candidates,
          sensitive: sensitive.flags,
          entities,
        },
        reasons: [...classification.reasons, ...sensitive.reasons],
      },
    },
  };
}
