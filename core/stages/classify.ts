// classify: extracted content → KLE candidates with scores and reasons. Every candidate the classifier
// returns is stored (it already ranks and cuts them), and what is returned is exactly what is stored:
// route runs on the stored classification, so `process` and `work` route the same way.
import { extractEntities, maskEntitiesForDisplay } from '../../classifiers/entities/index.js';
import { detectFacet } from '../../classifiers/facet.js';
import { detectSensitiveTopics } from '../../classifiers/sensitive.js';
import type { Classification, ExtractedContent, Item, KleCandidate, Reason } from '../model.js';
import type { Clock, KleClassifier, StageCommit } from '../ports.js';

/** A sanity bound, far above what any classifier returns: a runaway list is cut, with a reason. */
export const MAX_STORED_CANDIDATES = 200;

export function classifyStage(
  item: Item,
  content: ExtractedContent,
  ports: { classify: KleClassifier; clock: Clock },
): { classification: Classification; commit: StageCommit } {
  const classification = boundedClassification(ports.classify(content));
  const { candidates } = classification;
  // The best guess also when parked: a letter that is probably about a child's welfare is handled with care.
  const sensitive = detectSensitiveTopics(content, classification.nr ?? candidates[0]?.nr ?? null);
  // Stored for enrichment and the UI with CPR serials masked; the handover reads the full text itself.
  const entities = maskEntitiesForDisplay(extractEntities(content));
  // The procedure asked for (aktindsigt, klage …), beside the emne: rules and the hand-over read it.
  const { facet, reasons: facetReasons } = classification.facet ? { facet: classification.facet, reasons: [] } : detectFacet(content);
  const reasons = [...classification.reasons, ...sensitive.reasons, ...facetReasons];
  return {
    classification: { ...classification, reasons, ...(facet ? { facet } : {}) },
    commit: {
      itemId: item.id,
      from: item.state,
      to: 'classified',
      patch: { kleNr: classification.nr, kleConfidence: classification.confidence, sensitive: sensitive.flags },
      event: {
        stage: 'classify',
        type: 'classified',
        at: ports.clock.now(),
        data: {
          kle: classification.nr,
          confidence: classification.confidence,
          source: classification.source,
          candidates: candidates.length,
          sensitive: sensitive.flags,
          facet: facet?.kind ?? null,
        },
      },
      decision: {
        stage: 'classify',
        outcome: {
          status: 'classified',
          nr: classification.nr,
          confidence: classification.confidence,
          source: classification.source,
          candidates,
          sensitive: sensitive.flags,
          entities,
          ...(facet ? { facet } : {}),
        },
        reasons,
      },
    },
  };
}

/** The classification with at most MAX_STORED_CANDIDATES candidates, saying so when it had more. */
export function boundedClassification(classification: Classification): Classification {
  if (classification.candidates.length <= MAX_STORED_CANDIDATES) return classification;
  const candidates: KleCandidate[] = classification.candidates.slice(0, MAX_STORED_CANDIDATES);
  const cut: Reason = {
    code: 'classify.candidates_cut',
    message: `The classifier returned ${classification.candidates.length} candidates; the best ${MAX_STORED_CANDIDATES} are kept`,
    data: { returned: classification.candidates.length, kept: MAX_STORED_CANDIDATES },
  };
  return { ...classification, candidates, reasons: [...classification.reasons, cut] };
}
