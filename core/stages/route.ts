// route: evaluate the municipality's rules on the stored classification. A match is routed; otherwise the
// item is parked with suggestions. Junk and machine mail (classifiers/junk.ts) is parked before any rule
// is tried, so no rule file can route it.
import { DEFAULT_JUNK_POLICY, detectJunk, type JunkPolicy, type JunkVerdict } from '../../classifiers/junk.js';
import type { Classification, ExtractedContent, Item, RouteDecision, Suggestion } from '../model.js';
import type { Clock, Router, StageCommit } from '../ports.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Staff see this many KLE suggestions on a parked item. */
export const SUGGESTION_COUNT = 3;

export async function routeStage(
  item: Item,
  content: ExtractedContent,
  classification: Classification,
  ports: { router: Router; clock: Clock; junk?: JunkPolicy },
): Promise<{ decision: RouteDecision; suggestions: Suggestion[]; commit: StageCommit; junk?: JunkVerdict }> {
  const policy = ports.junk ?? DEFAULT_JUNK_POLICY;
  const verdict = content.channel === 'email' ? detectJunk(content, policy) : undefined;
  const junk = verdict?.junk ? junkMark(verdict, policy, ports.clock.now()) : undefined;
  const decision = verdict?.junk ? junkDecision(verdict, policy, ports.router.version) : await ports.router.route(content, classification);
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
          ...(junk ? { junk } : {}),
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
          ...(junk ? { junk } : {}),
        },
        reasons: decision.reasons,
        ruleSetVersion: decision.ruleSetVersion,
        ruleId: decision.ruleId,
      },
    },
    ...(verdict?.junk ? { junk: verdict } : {}),
  };
}

/** Junk is parked with the detector's reasons under `route.junk`; no rule is tried, so the trace is empty. */
function junkDecision(verdict: JunkVerdict, policy: JunkPolicy, ruleSetVersion: string): RouteDecision {
  const kept = policy.action === 'keep' ? ` og gemmes i ${policy.keepDays} dage` : ' i restpostkassen';
  return {
    status: 'parked',
    destination: null,
    ruleId: null,
    ruleSetVersion,
    trace: [],
    reasons: [
      {
        code: 'route.junk',
        message: `Junk eller maskinpost (${verdict.kinds.join(', ')}): fordeles aldrig, parkeres${kept}`,
        data: { kinds: verdict.kinds, action: policy.action, reasons: verdict.reasons },
      },
    ],
  };
}

function junkMark(verdict: JunkVerdict, policy: JunkPolicy, now: Date): { kinds: string[]; action: 'park' | 'keep'; keepUntil?: string } {
  if (policy.action === 'park') return { kinds: verdict.kinds, action: 'park' };
  return { kinds: verdict.kinds, action: 'keep', keepUntil: new Date(now.getTime() + policy.keepDays * DAY_MS).toISOString() };
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
