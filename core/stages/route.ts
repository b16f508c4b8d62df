// route: evaluate the municipality's rules on the stored classification. A match is routed; otherwise the
// item is parked with suggestions.
import type { Classification, ExtractedContent, Item, RouteDecision, Suggestion } from '../model.js';
import type { Clock, Router, StageCommit } from '../ports.js';

/** Staff see this many KLE suggestions on a parked item. */
export const SUGGESTION_COUNT = 3;

export async function routeStage(
  item: Item,
  content: ExtractedContent,
  classification: Classification,
  ports: { router: Router; clock: Clock },
): Promise<{ decision: RouteDecision; suggestions: Suggestion[]; commit: StageCommit }> {
  const decision = await ports.router.route(content, classification);
  const routed = decision.status === 'routed';
  const suggestions = routed ? [] : suggest(classification, ports.router);
  return {
    decision,
    suggestions,
    commit: {
      itemId: item.id,
      from: item.state,
      to: routed ? 'routed' : 'parked',
      patch: { destination: decision.destination, error: null },
      event: {
        stage: routed ? 'route' : 'park',
        type: routed ? 'routed' : 'parked',
        at: ports.clock.now(),
        data: {
          destination: decision.destination,
          ruleId: decision.ruleId,
          ruleSetVersion: decision.ruleSetVersion,
          ...(routed ? {} : { suggestions: suggestions.map((s) => s.kle) }),
        },
      },
      decision: {
        stage: 'route',
        outcome: {
          status: decision.status,
          destination: decision.destination,
          ruleId: decision.ruleId,
          ruleSetVersion: decision.ruleSetVersion,
          trace: decision.trace,
          ...(routed ? {} : { suggestions }),
        },
        reasons: decision.reasons,
        ruleSetVersion: decision.ruleSetVersion,
        ruleId: decision.ruleId,
      },
    },
  };
}

/** The top KLE candidates and where each would be routed, so staff can place the item in one step. */
export function suggest(classification: Classification, router: Router): Suggestion[] {
  return classification.candidates.slice(0, SUGGESTION_COUNT).map((candidate) => {
    const target = router.destinationForKle(candidate.nr);
    return {
      kle: candidate.nr,
      ...(candidate.title ? { title: candidate.title } : {}),
      score: candidate.score,
      destination: target.destination,
      ruleId: target.ruleId,
    };
  });
}
