// route: evaluate the municipality's rules on the stored classification, then the routing-safety gate
// (route-safety.ts): a route resting on the guessed emne goes ahead only to a destination that is safe for
// this tenant and this item, and a parked item whose guesses agree on one destination is routed there. A
// match that passes is routed; otherwise the item is parked with suggestions. Junk and machine mail
// (classifiers/junk.ts) is parked before any rule is tried, so no rule file and no gate can route it.
import { DEFAULT_DESTINATION_SAFETY, type DestinationSafety } from '../../classifiers/destination-risk.js';
import { DEFAULT_JUNK_POLICY, detectJunk, type JunkPolicy, type JunkVerdict } from '../../classifiers/junk.js';
import type { Classification, ExtractedContent, Item, RouteDecision, Suggestion } from '../model.js';
import type { Clock, Router, StageCommit } from '../ports.js';
import { applyRouteSafety, type GatedDecision, type SafetyRecord } from './route-safety.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Staff see this many KLE suggestions on a parked item. */
export const SUGGESTION_COUNT = 3;

export interface RouteStagePorts {
  router: Router;
  clock: Clock;
  junk?: JunkPolicy;
  /** The tenant's routing safety (threshold chosen from its confirmed decisions); default DEFAULT_DESTINATION_SAFETY. */
  safety?: DestinationSafety;
}

export interface RouteStageResult {
  decision: RouteDecision;
  suggestions: Suggestion[];
  commit: StageCommit;
  junk?: JunkVerdict;
  /** What the gate saw; absent for junk. */
  safety?: SafetyRecord;
  /** The emne the gate inferred when it routed a parked item by destination probability (not confirmed). */
  inferredKle?: GatedDecision['inferredKle'];
}

/** `facts.sensitive`: the item's sensitive flags from classify (children, health, criminal): a route needs more. */
export async function routeStage(
  item: Item,
  content: ExtractedContent,
  classification: Classification,
  ports: RouteStagePorts,
  facts: { sensitive?: readonly string[] } = {},
): Promise<RouteStageResult> {
  const policy = ports.junk ?? DEFAULT_JUNK_POLICY;
  const verdict = content.channel === 'email' ? detectJunk(content, policy) : undefined;
  const junk = verdict?.junk ? junkMark(verdict, policy, ports.clock.now()) : undefined;
  const gated = verdict?.junk
    ? { decision: junkDecision(verdict, policy, ports.router.version) }
    : applyRouteSafety({
        decision: await ports.router.route(content, classification),
        classification,
        router: ports.router,
        safety: ports.safety ?? DEFAULT_DESTINATION_SAFETY,
        sensitive: (facts.sensitive?.length ?? 0) > 0,
      });
  const { decision } = gated;
  const safety = 'safety' in gated ? gated.safety : undefined;
  const inferredKle = 'inferredKle' in gated ? gated.inferredKle : undefined;
  const gate = decision.reasons.find((reason) => reason.code === 'route.destination_unsafe' || reason.code === 'route.destination_probability')?.code;
  const routed = decision.status === 'routed';
  const suggestions = routed ? [] : suggest(classification, ports.router);
  // The gate's emne goes with the hand-over as a guess (core/stages/deliver.ts handoverKle): never "100 %", never learned.
  const kle = inferredKle ? { kle: inferredKle.nr, kleInferred: true } : {};
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
          ...(gate ? { gate } : {}),
          ...kle,
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
          ...(safety ? { safety } : {}),
          ...kle,
        },
        reasons: decision.reasons,
        ruleSetVersion: decision.ruleSetVersion,
        ruleId: decision.ruleId,
      },
    },
    ...(verdict?.junk ? { junk: verdict } : {}),
    ...(safety ? { safety } : {}),
    ...(inferredKle ? { inferredKle } : {}),
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
